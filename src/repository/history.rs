//! The SQL of the history (`kanban log`). The history itself is written by the database's
//! triggers (step 6 of the schema), never by kanban directly.

use anyhow::Result;
use chrono::TimeDelta;
use postgres::fallible_iterator::FallibleIterator;
use postgres::types::{ToSql, Type};

use super::lookup::is_handle;
use super::{Repository, SCHEMA_CHECK, ServerTime};
use crate::guard;
use crate::history::Event;
use crate::sqlstate::query_failure;
use crate::when::Since;

impl Repository {
    /// Hands the events to `visit`, newest first, as they arrive from the server: only
    /// those of the tasks that ever had one of `names` (all when empty), since `since`, at
    /// most `limit`. Newest first is the primary key read backwards: no sort.
    pub fn each_event(
        &mut self,
        names: &[String],
        since: Option<Since>,
        limit: Option<u64>,
        mut visit: impl FnMut(Event) -> std::io::Result<()>,
    ) -> Result<()> {
        let sql = format!(
            "SELECT e.id, e.at, e.action, e.task_id, e.name, e.old_name, e.from_status::text, \
                    e.to_status::text, e.actor, e.db_role, e.start_datetime, e.end_datetime, \
                    e.hourly_rate, (extract(epoch FROM e.worked) * 1000000)::int8 \
               FROM task_event AS e \
              WHERE {SCHEMA_CHECK} \
                AND {of_tasks} \
                AND ($2::timestamptz IS NULL OR e.at >= $2::timestamptz) \
                AND ($3::int8 IS NULL OR e.at >= now() - $3::int8 * interval '1 microsecond') \
              ORDER BY e.id DESC \
              LIMIT $4::int8",
            // Every task that ever had one of the names, each name through its own index.
            of_tasks = if names.is_empty() {
                "cardinality($1::text[]) = 0 AND cardinality($5::int8[]) = 0"
            } else {
                "e.task_id IN (SELECT task_id FROM task_event WHERE name = ANY($1::text[]) \
                               UNION SELECT task_id FROM task_event WHERE old_name = ANY($1::text[]) \
                               UNION SELECT unnest($5::int8[]))"
            }
        );
        // A handle finds its task's history too, even once the task is gone.
        let handles: Vec<i64> = names
            .iter()
            .filter(|name| is_handle(name))
            .filter_map(|name| name[1..].parse().ok())
            .collect();
        let (at, ago) = match since {
            Some(Since::At(at)) => (Some(at), None),
            Some(Since::Ago(span)) => (None, span.num_microseconds()),
            None => (None, None),
        };
        let limit = limit.map(|limit| i64::try_from(limit).unwrap_or(i64::MAX));
        let params: [(&(dyn ToSql + Sync), Type); 5] = [
            (&names, Type::TEXT_ARRAY),
            (&at, Type::TIMESTAMPTZ),
            (&ago, Type::INT8),
            (&limit, Type::INT8),
            (&handles, Type::INT8_ARRAY),
        ];
        let error = match self.client.query_typed_raw(&sql, params) {
            Ok(mut rows) => loop {
                let row = match rows.next() {
                    Ok(Some(row)) => row,
                    Ok(None) => return Ok(()),
                    Err(error) => return Err(query_failure(&self.target, error)),
                };
                let status = |index: usize| -> Result<_> {
                    row.try_get::<_, Option<&str>>(index)?
                        .map(|label| label.parse().map_err(anyhow::Error::msg))
                        .transpose()
                };
                let time = |index: usize| -> Result<_> {
                    Ok(row
                        .try_get::<_, Option<ServerTime>>(index)?
                        .map(|time| time.0))
                };
                let event = Event {
                    id: row.try_get(0)?,
                    at: row.try_get::<_, ServerTime>(1)?.0,
                    action: row.try_get(2)?,
                    task_id: row.try_get(3)?,
                    name: row.try_get(4)?,
                    old_name: row.try_get(5)?,
                    from: status(6)?,
                    to: status(7)?,
                    actor: row.try_get(8)?,
                    role: row.try_get(9)?,
                    started: time(10)?,
                    finished: time(11)?,
                    hourly_rate: row.try_get(12)?,
                    worked: row
                        .try_get::<_, Option<i64>>(13)?
                        .map(TimeDelta::microseconds),
                };
                guard::outside(|| visit(event))?;
            },
            Err(error) => error,
        };
        Err(self.failure(error))
    }
}
