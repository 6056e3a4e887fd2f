//! The SQL of `kanban report`: the server resolves the window in the report's zone, clips
//! every work session to it, splits it at local midnights (for days, weeks and months) and
//! sums time and money per row, in one statement whose rows stream back.

use anyhow::Result;
use chrono::{DateTime, Utc};
use postgres::error::SqlState;
use postgres::fallible_iterator::FallibleIterator;
use postgres::types::{ToSql, Type};
use rust_decimal::Decimal;

use super::{Repository, SCHEMA_CHECK, ServerTime};
use crate::cli::GroupBy;
use crate::error::Failure;
use crate::guard;
use crate::task::Status;
use crate::when::{Day, When};

/// What a report covers.
#[derive(Debug)]
pub struct ReportQuery<'a> {
    pub since: Option<When>,
    pub until: Option<When>,
    pub group_by: GroupBy,
    /// Only tasks now in these columns; all when empty.
    pub statuses: &'a [Status],
    /// The zone of days and dates, as the server names it.
    pub zone: &'a str,
    /// The rate of work not yet resolved.
    pub rate_now: Decimal,
}

/// The window as the server resolved it, in UTC and as local times of the report's zone.
#[derive(Debug, Clone, PartialEq)]
pub struct Window {
    pub since: DateTime<Utc>,
    pub until: DateTime<Utc>,
    pub since_local: String,
    pub until_local: String,
}

/// One row as the server sums it.
#[derive(Debug, Clone, PartialEq)]
pub struct Summed {
    /// The task's name, the day (`2026-11-23`), the ISO week (`2026-W48`), the month
    /// (`2026-11`) or the actor.
    pub key: String,
    /// The task's column now (by task only).
    pub status: Option<Status>,
    /// Work time inside the window, in microseconds.
    pub micros: i64,
    /// The sum of each piece's microseconds x its hourly rate.
    pub weighted: Decimal,
    /// Every piece's rate is frozen (its task is Done).
    pub settled: bool,
    /// Some of the work is still going on.
    pub running: bool,
}

/// What the statement streams: the window first, then the rows.
#[derive(Debug)]
pub enum ReportLine {
    Window(Window),
    Row(Summed),
}

/// The SQL parameters of a statement built piece by piece.
#[derive(Default)]
struct Parameters(Vec<(Box<dyn ToSql + Sync>, Type)>);

impl Parameters {
    /// Adds a value and returns its placeholder.
    fn add(&mut self, value: impl ToSql + Sync + 'static, kind: Type) -> String {
        self.0.push((Box::new(value), kind));
        format!("${}", self.0.len())
    }
}

/// A window's edge as an SQL expression of the server's now and the zone (`$1`).
fn edge(when: When, parameters: &mut Parameters) -> String {
    let local_today = "(now() AT TIME ZONE $1)::date";
    let midnight = |date: String| format!("(({date})::timestamp AT TIME ZONE $1)");
    match when {
        When::At(at) => format!("{}::timestamptz", parameters.add(at, Type::TIMESTAMPTZ)),
        When::Ago(span) => format!(
            "(now() - {}::int8 * interval '1 microsecond')",
            parameters.add(span.num_microseconds().unwrap_or(i64::MAX), Type::INT8)
        ),
        When::Midnight(Day::Date(date)) => {
            midnight(format!("{}::date", parameters.add(date, Type::DATE)))
        }
        When::Midnight(Day::DaysAgo(days)) => midnight(format!(
            "{local_today} - {}::int4",
            parameters.add(i32::from(days), Type::INT4)
        )),
        When::Midnight(Day::Last(weekday)) => midnight(format!(
            "{local_today} - (extract(isodow FROM {local_today})::int4 - {}::int4 + 7) % 7",
            parameters.add(
                i32::try_from(weekday.number_from_monday()).unwrap_or(1),
                Type::INT4
            )
        )),
    }
}

impl Repository {
    /// Hands the window, then each row, to `visit` as they arrive.
    pub fn each_report_line(
        &mut self,
        query: &ReportQuery<'_>,
        mut visit: impl FnMut(ReportLine) -> std::io::Result<()>,
    ) -> Result<()> {
        let mut parameters = Parameters::default();
        parameters.add(query.zone.to_owned(), Type::TEXT);
        let rate_now = parameters.add(query.rate_now, Type::NUMERIC);
        let statuses: Vec<String> = query
            .statuses
            .iter()
            .map(|status| status.label().to_owned())
            .collect();
        let statuses = parameters.add(statuses, Type::TEXT_ARRAY);
        let since = query.since.map_or_else(
            || "(date_trunc('week', now() AT TIME ZONE $1) AT TIME ZONE $1)".to_owned(),
            |when| edge(when, &mut parameters),
        );
        let until = query
            .until
            .map_or_else(|| "now()".to_owned(), |when| edge(when, &mut parameters));
        let sql = report_sql(query.group_by, &since, &until, &rate_now, &statuses);
        let params = parameters
            .0
            .iter()
            .map(|(value, kind)| (value.as_ref(), kind.clone()));
        let error = match self.client.query_typed_raw(&sql, params) {
            Ok(mut rows) => loop {
                let row = match rows.next() {
                    Ok(Some(row)) => row,
                    Ok(None) => return Ok(()),
                    Err(error) => break error,
                };
                // Every row carries the window; the first hands it on. A window without
                // work is one row whose key is NULL.
                if row.try_get::<_, bool>(0)? {
                    let window = Window {
                        since: row.try_get::<_, ServerTime>(1)?.0,
                        until: row.try_get::<_, ServerTime>(2)?.0,
                        since_local: row.try_get(3)?,
                        until_local: row.try_get(4)?,
                    };
                    if window.since >= window.until {
                        return Err(Failure::usage(format!(
                            "the window is empty: --since ({}) is not before --until ({}), {}",
                            window.since_local, window.until_local, query.zone
                        ))
                        .into());
                    }
                    guard::outside(|| visit(ReportLine::Window(window)))?;
                }
                let Some(key) = row.try_get::<_, Option<String>>(5)? else {
                    continue;
                };
                let status = row
                    .try_get::<_, Option<&str>>(6)?
                    .map(str::parse::<Status>)
                    .transpose()
                    .map_err(anyhow::Error::msg)?;
                let summed = Summed {
                    key,
                    status,
                    micros: row.try_get(7)?,
                    weighted: row.try_get(8)?,
                    settled: row.try_get(9)?,
                    running: row.try_get(10)?,
                };
                guard::outside(|| visit(ReportLine::Row(summed)))?;
            },
            Err(error) => error,
        };
        if error.code() == Some(&SqlState::INVALID_PARAMETER_VALUE) {
            return Err(Failure::usage(format!(
                "the server does not know the time zone `{}`: use a name like Europe/Berlin or America/New_York (--tz, else TZ)",
                query.zone
            ))
            .into());
        }
        Err(self.failure(error))
    }
}

/// The report's statement. `work`: each session's part inside the window, with its task's
/// rate (frozen, or the rate in force now); `pieces`: those parts, split at the local
/// midnights that start each day, week or month when the rows are periods (the series starts
/// one period early and ends one late, so a DST change at midnight loses nothing; empty
/// pieces are dropped); then one row per key.
fn report_sql(
    group_by: GroupBy,
    since: &str,
    until: &str,
    rate_now: &str,
    statuses: &str,
) -> String {
    let period = match group_by {
        GroupBy::Day => Some(("day", "YYYY-MM-DD")),
        GroupBy::Week => Some(("week", "IYYY-\"W\"IW")),
        GroupBy::Month => Some(("month", "YYYY-MM")),
        GroupBy::Task | GroupBy::Actor => None,
    };
    // Who started a session: the change that put its task into work nearest its start,
    // preferring one at or before it (kanban's own start is at the same instant).
    let actor = if group_by == GroupBy::Actor {
        ", coalesce((SELECT e.actor FROM task_event AS e \
                      WHERE e.task_id = w.task_id AND e.to_status IN ('in_progress', 'done') \
                        AND e.from_status IS DISTINCT FROM e.to_status \
                        AND e.from_status IS DISTINCT FROM 'in_progress' \
                      ORDER BY e.at > w.started, abs(extract(epoch FROM e.at - w.started)), e.id \
                      LIMIT 1), 'unknown') AS actor"
    } else {
        ""
    };
    let pieces = match period {
        Some((unit, label)) => format!(
            "SELECT work.task_id, work.rate, work.settled, work.running, b.label AS key, \
                    greatest(work.lo, b.first) AS lo, least(work.hi, b.next) AS hi \
               FROM work, LATERAL ( \
                    SELECT to_char(s, '{label}') AS label, s AT TIME ZONE $1 AS first, \
                           (s + interval '1 {unit}') AT TIME ZONE $1 AS next \
                      FROM generate_series(date_trunc('{unit}', work.lo AT TIME ZONE $1) - interval '1 {unit}', \
                                           work.hi AT TIME ZONE $1 + interval '1 {unit}', \
                                           interval '1 {unit}') AS s) AS b \
              WHERE least(work.hi, b.next) > greatest(work.lo, b.first)"
        ),
        None => format!(
            "SELECT work.task_id, work.rate, work.settled, work.running, {key} AS key, \
                    work.lo, work.hi FROM work",
            key = if group_by == GroupBy::Actor {
                "work.actor"
            } else {
                "NULL::text"
            }
        ),
    };
    let (key, status, group, order) = match group_by {
        GroupBy::Task => (
            "t.name::text",
            "t.status::text",
            "GROUP BY t.id, t.name, t.status",
            "min(p.lo), t.id",
        ),
        _ => ("p.key", "NULL::text", "GROUP BY p.key", "p.key"),
    };
    let join_task = if group_by == GroupBy::Task {
        "JOIN kanban_task AS t ON t.id = p.task_id"
    } else {
        ""
    };
    format!(
        "WITH win AS ( \
             SELECT {since} AS since, {until} AS until, now() AS now WHERE {SCHEMA_CHECK}), \
         work AS ( \
             SELECT w.task_id, coalesce(t.hourly_rate, {rate_now}::numeric) AS rate, \
                    t.status = 'done' AS settled, w.ended IS NULL AS running, \
                    greatest(w.started, win.since) AS lo, \
                    least(coalesce(w.ended, greatest(win.now, w.started)), win.until) AS hi {actor} \
               FROM win \
               JOIN task_work AS w ON w.started < win.until \
                                  AND (w.ended IS NULL OR w.ended > win.since) \
               JOIN kanban_task AS t ON t.id = w.task_id \
              WHERE cardinality({statuses}::text[]) = 0 OR t.status::text = ANY({statuses}::text[])), \
         pieces AS ({pieces}), \
         rows AS ( \
             SELECT {key} AS key, {status} AS status, \
                    sum((extract(epoch FROM p.hi - p.lo) * 1000000)::int8)::int8 AS micros, \
                    sum((extract(epoch FROM p.hi - p.lo) * 1000000)::int8 * p.rate) AS weighted, \
                    bool_and(p.settled) AS settled, bool_or(p.running) AS running, \
                    row_number() OVER (ORDER BY {order}) AS place \
               FROM pieces AS p {join_task} \
              WHERE p.hi > p.lo \
              {group}) \
         SELECT coalesce(r.place, 1) = 1, win.since, win.until, \
                to_char(win.since AT TIME ZONE $1, 'YYYY-MM-DD HH24:MI:SS'), \
                to_char(win.until AT TIME ZONE $1, 'YYYY-MM-DD HH24:MI:SS'), \
                r.key, r.status, r.micros, r.weighted, r.settled, r.running \
           FROM win LEFT JOIN rows AS r ON true \
          ORDER BY r.place"
    )
}
