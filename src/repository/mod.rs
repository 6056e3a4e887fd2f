//! All SQL lives here: one atomic statement per board action in this file; the schema, the
//! doctor's view and grants in `schema`; the board's columns in `board`; how watchers learn
//! of changes in `changes`; the history of changes in `history`; the report's sums in `report`; how a typed name finds its
//! task in `lookup`; why a change was refused in `refusals`.
//!
//! Every statement goes through `query_typed`, an unnamed statement sent in one round trip
//! (no named prepared statements, which also keeps PgBouncer's transaction pooling happy).
//! Times always come from the server's `now()`, never from this machine's clock.

mod board;
mod changes;
mod history;
mod lookup;
mod refusals;
mod report;
mod schema;

pub use board::{BoardColumn, BoardRow};
pub use changes::ChangeState;
pub use report::{ReportLine, ReportQuery, Summed, Window};
pub use schema::SchemaState;

use std::collections::HashMap;

use anyhow::{Context, Result};
use chrono::{DateTime, TimeDelta, Utc};
use postgres::error::SqlState;
use postgres::fallible_iterator::FallibleIterator;
use postgres::types::{FromSql, ToSql, Type};
use postgres::{Client, Row};
use rust_decimal::Decimal;

use crate::config::Settings;
use crate::connection;
use crate::error::Failure;
use crate::guard;
use crate::sqlstate::{query_failure, retrying};
use crate::task::{Listing, Order, Status, Task};

/// Every statement's check that the database's schema is this binary's version: it names the
/// version's marker domain, which the server looks up while parsing (the cheapest check a
/// fresh session can make). Another version has no such domain: the statement fails with
/// SQLSTATE 42704 before it runs, and `failure` asks `VERSION_TABLE_CHECK` why.
const SCHEMA_CHECK: &str = "(NULL::kanban_schema_9 IS NULL)";
/// The check by the version table, for the message: `kanban_schema_is(n)`, which every schema
/// since step 3 has, raises the error that says what to do (behind: init; ahead: upgrade).
const VERSION_TABLE_CHECK: &str = "SELECT CASE WHEN max(version) = 9 THEN true ELSE kanban_schema_is(9) END \
     FROM kanban_schema_version";

/// A filter that tells the database who makes the statement's changes: `kanban_actor()`,
/// which the history triggers call, reads it. An uncorrelated subquery, so it runs once and
/// before any row changes; local to the transaction, so poolers cannot leak it.
fn as_actor(parameter: usize) -> String {
    format!("(SELECT set_config('kanban.actor', ${parameter}::text, true)) IS NOT NULL")
}

/// The columns every task query selects, in the order `task_from_row` reads them; the
/// closed sessions' total in microseconds.
const TASK_COLUMNS: &str = "name::text, status::text, start_datetime, end_datetime, hourly_rate, now(), \
     (extract(epoch FROM worked) * 1000000)::int8, working_since, sessions, id";
/// `TASK_COLUMNS` as NULLs, for rows of a listing that carry no task.
const NO_TASK_COLUMNS: &str = "NULL, NULL, NULL::timestamptz, NULL::timestamptz, NULL::numeric, \
     NULL::timestamptz, NULL::int8, NULL::timestamptz, NULL::int4, NULL::int8";

/// A connection to one board's database.
pub struct Repository {
    client: Client,
    target: String,
    /// Who makes this connection's changes, for the history.
    actor: String,
}

impl Repository {
    /// Connects, giving up after the configured timeout (see `connection::open`).
    pub fn connect(settings: &Settings) -> Result<Repository> {
        let (client, target) = connection::open(settings)?;
        Ok(Repository {
            client,
            target,
            actor: settings.actor(),
        })
    }

    /// The failure to report for `error`. A statement that names a column, table, function or
    /// type (the version marker) its database lacks fails before it runs: then the version
    /// table says what to do (a database behind this binary: `kanban init`), when it can.
    fn failure(&mut self, error: postgres::Error) -> anyhow::Error {
        let undefined = [
            SqlState::UNDEFINED_TABLE,
            SqlState::UNDEFINED_COLUMN,
            SqlState::UNDEFINED_FUNCTION,
            SqlState::UNDEFINED_OBJECT,
        ];
        if error.code().is_some_and(|code| undefined.contains(code))
            && let Err(version_error) = self.client.query_typed(VERSION_TABLE_CHECK, &[])
        {
            return query_failure(&self.target, version_error);
        }
        query_failure(&self.target, error)
    }

    /// Adds tasks to To Do, all or none: one INSERT, so one duplicate name rolls back the rest.
    ///
    /// Two batches that share names could each insert one the other is about to insert, and
    /// deadlock on the unique index; so batches of several names first take one advisory
    /// lock (in the same statement), which makes them queue instead. A single name needs no
    /// such lock: one row cannot wait in a cycle.
    pub fn add(&mut self, names: &[String]) -> Result<Vec<Task>> {
        let batch_lock = if names.len() > 1 {
            "AND (SELECT count(*) FROM (SELECT pg_advisory_xact_lock(hashtext('kanban new batch'))) AS locked) = 1"
        } else {
            ""
        };
        let sql = format!(
            "INSERT INTO kanban_task (name) \
             SELECT name FROM unnest($1::text[]) WITH ORDINALITY AS given(name, position) \
             WHERE {SCHEMA_CHECK} AND {actor} {batch_lock} \
             ORDER BY position \
             RETURNING {TASK_COLUMNS}",
            actor = as_actor(2)
        );
        let params: [(&(dyn ToSql + Sync), Type); 2] =
            [(&names, Type::TEXT_ARRAY), (&self.actor, Type::TEXT)];
        match retrying(|| self.client.query_typed(&sql, &params)) {
            Ok(rows) => in_given_order(names, rows),
            Err(error) if error.code() == Some(&SqlState::UNIQUE_VIOLATION) => {
                let existing = self.statuses(names)?;
                match names.iter().find(|name| existing.contains_key(*name)) {
                    Some(name) => {
                        Err(Failure::conflict(format!("task `{name}` already exists")).into())
                    }
                    // Not a name: another client's names, added and gone again meanwhile.
                    None => Err(Failure::conflict(
                        "another client changed these names at the same moment; nothing was added, safe to retry",
                    )
                    .into()),
                }
            }
            Err(error) => Err(self.failure(error)),
        }
    }

    /// Moves tasks from To Do to In Progress and starts their timers.
    pub fn start(&mut self, names: &[String]) -> Result<Vec<Task>> {
        self.transition(
            names,
            Status::Todo,
            Status::InProgress,
            "status = 'in_progress', start_datetime = now()",
            &[],
        )
    }

    /// Moves tasks from In Progress to Done, stops their timers and freezes the rate on them.
    pub fn resolve(&mut self, names: &[String], hourly_rate: Decimal) -> Result<Vec<Task>> {
        // greatest(): a server clock stepped back must not end a task before it started.
        self.transition(
            names,
            Status::InProgress,
            Status::Done,
            "status = 'done', end_datetime = greatest(now(), working_since), hourly_rate = $2",
            &[(&hourly_rate, Type::NUMERIC)],
        )
    }

    /// Moves tasks from In Progress back to To Do; their open work sessions end.
    pub fn stop(&mut self, names: &[String]) -> Result<Vec<Task>> {
        self.transition(
            names,
            Status::InProgress,
            Status::Todo,
            "status = 'todo'",
            &[],
        )
    }

    /// Moves Done tasks back to In Progress; end time and rate are cleared, a session opens.
    pub fn reopen(&mut self, names: &[String]) -> Result<Vec<Task>> {
        self.transition(
            names,
            Status::Done,
            Status::InProgress,
            "status = 'in_progress'",
            &[],
        )
    }

    /// Renames a task; its sessions and history hang on its id, not its name.
    pub fn rename(&mut self, typed: &str, new: &str) -> Result<Task> {
        let old = &self
            .with_handles(&[typed.to_owned()])?
            .pop()
            .unwrap_or_else(|| typed.to_owned());
        let sql = format!(
            "UPDATE kanban_task SET name = $2 WHERE {SCHEMA_CHECK} AND {actor} AND name = $1 \
             RETURNING {TASK_COLUMNS}",
            actor = as_actor(3)
        );
        let row = self.client.query_typed_opt(
            &sql,
            &[
                (&old, Type::TEXT),
                (&new, Type::TEXT),
                (&self.actor, Type::TEXT),
            ],
        );
        match row {
            Ok(Some(row)) => task_from_row(&row),
            Ok(None) => Err(self.explain_rename(typed, old)?.into()),
            Err(error) if error.code() == Some(&SqlState::UNIQUE_VIOLATION) => {
                Err(Failure::conflict(format!("task `{new}` already exists")).into())
            }
            Err(error) => Err(self.failure(error)),
        }
    }

    /// Deletes tasks, all or none; tasks In Progress or Done only with `force`. The rows are
    /// locked in name order first, as in `transition`.
    pub fn remove(&mut self, typed: &[String], force: bool) -> Result<Vec<Task>> {
        let names = &self.with_handles(typed)?;
        let actor = as_actor(3);
        let (sql, tasks) = match names.as_slice() {
            // One task needs no CTE (see `transition`).
            [name] => (
                format!(
                    "DELETE FROM kanban_task \
                     WHERE {SCHEMA_CHECK} AND {actor} AND name = $1 \
                       AND ($2 OR (status = 'todo' AND sessions = 0)) \
                     RETURNING {TASK_COLUMNS}"
                ),
                (name as &(dyn ToSql + Sync), Type::TEXT),
            ),
            _ => (
                format!(
                    "WITH doomed AS ( \
                         SELECT name, status, sessions FROM kanban_task \
                         WHERE {SCHEMA_CHECK} AND {actor} AND name = ANY($1::text[]) \
                         ORDER BY name \
                         FOR UPDATE \
                     ) \
                     DELETE FROM kanban_task \
                     WHERE name IN (SELECT name FROM doomed) \
                       AND (SELECT count(*) FROM doomed) = cardinality($1::text[]) \
                       AND ($2 OR NOT EXISTS (SELECT FROM doomed \
                                               WHERE status <> 'todo' OR sessions > 0)) \
                     RETURNING {TASK_COLUMNS}"
                ),
                (names as &(dyn ToSql + Sync), Type::TEXT_ARRAY),
            ),
        };
        let params: [(&(dyn ToSql + Sync), Type); 3] =
            [tasks, (&force, Type::BOOL), (&self.actor, Type::TEXT)];
        let rows = retrying(|| self.client.query_typed(&sql, &params))
            .map_err(|error| self.failure(error))?;
        if rows.len() == names.len() {
            return in_given_order(names, rows);
        }
        Err(self.explain_removal(typed, names, force)?.into())
    }

    /// Like `list`, but hands each task to `visit` as its row arrives from the server, so a
    /// listing of any size needs the memory of one row. A failing `visit` (a closed pipe)
    /// stops the listing.
    pub fn each_task(
        &mut self,
        listing: &Listing,
        mut visit: impl FnMut(Task) -> std::io::Result<()>,
    ) -> Result<()> {
        let label = listing.status.map(Status::label);
        let direction = if listing.reverse { "DESC" } else { "ASC" };
        // `kanban_task.status`: a bare `status` would sort the text column. In board order the
        // board-order index on (status, id) serves the order, so rows stream without a sort.
        let order = match listing.order {
            Order::Board => format!("kanban_task.status {direction}, kanban_task.id {direction}"),
            Order::Name => format!("kanban_task.name {direction}, kanban_task.id {direction}"),
            Order::Created => format!("kanban_task.id {direction}"),
            Order::Started => {
                format!(
                    "kanban_task.start_datetime {direction} NULLS LAST, kanban_task.id {direction}"
                )
            }
            Order::Finished => {
                format!(
                    "kanban_task.end_datetime {direction} NULLS LAST, kanban_task.id {direction}"
                )
            }
        };
        let sql = format!(
            "SELECT {TASK_COLUMNS} FROM kanban_task \
             WHERE {SCHEMA_CHECK} AND ($1::text IS NULL OR status = $1::text::taskstatus) \
               AND ($2::text IS NULL OR strpos(lower(name), lower($2::text)) > 0) \
             ORDER BY {order} LIMIT $3::int8"
        );
        let limit = listing
            .limit
            .map(|limit| i64::try_from(limit).unwrap_or(i64::MAX));
        let params: [(&(dyn ToSql + Sync), Type); 3] = [
            (&label, Type::TEXT),
            (&listing.grep, Type::TEXT),
            (&limit, Type::INT8),
        ];
        let error = match self.client.query_typed_raw(&sql, params) {
            Ok(mut rows) => loop {
                match rows.next() {
                    Ok(Some(row)) => {
                        let task = task_from_row(&row)?;
                        guard::outside(|| visit(task))?;
                    }
                    Ok(None) => return Ok(()),
                    Err(error) => return Err(query_failure(&self.target, error)),
                }
            },
            Err(error) => error,
        };
        Err(self.failure(error))
    }

    /// Names of tasks in these columns (with `worked`, only tasks that have worked) that
    /// start with `prefix` (or handles, for a `#` prefix), oldest first, for shell
    /// completion. The prefix is matched here, before the cap, so that on a board larger
    /// than the cap every name can still be reached by typing its start.
    pub fn names_in(
        &mut self,
        statuses: &[Status],
        worked: bool,
        prefix: &str,
        most: i64,
    ) -> Result<Vec<String>> {
        let labels: Vec<&str> = statuses.iter().map(|status| status.label()).collect();
        // The newest `most` (a task just added must be reachable on any board), shown oldest
        // first; a typed `#` completes handles.
        let sql = format!(
            "SELECT candidate FROM ( \
                 SELECT CASE WHEN starts_with($3, '#') THEN '#' || id ELSE name::text END \
                        AS candidate, id \
                   FROM kanban_task \
                  WHERE {SCHEMA_CHECK} AND status::text = ANY($1::text[]) \
                    AND (NOT $4 OR sessions > 0) \
                    AND CASE WHEN starts_with($3, '#') THEN starts_with('#' || id, $3) \
                             ELSE starts_with(name::text, $3) END \
                  ORDER BY id DESC LIMIT $2 \
             ) AS newest ORDER BY id"
        );
        let rows = self
            .client
            .query_typed(
                &sql,
                &[
                    (&labels, Type::TEXT_ARRAY),
                    (&most, Type::INT8),
                    (&prefix, Type::TEXT),
                    (&worked, Type::BOOL),
                ],
            )
            .map_err(|error| self.failure(error))?;
        rows.iter()
            .map(|row| row.try_get(0).map_err(Into::into))
            .collect()
    }

    /// The tasks of a listing, collected (see `each_task`).
    pub fn list(&mut self, listing: &Listing) -> Result<Vec<Task>> {
        let mut tasks = Vec::new();
        self.each_task(listing, |task| {
            tasks.push(task);
            Ok(())
        })?;
        Ok(tasks)
    }

    /// Moves every named task out of `from` in one statement, or none of them.
    ///
    /// The CTE locks the rows that are still in `from`; a row another client moved meanwhile
    /// drops out once its lock is granted, so the count falls short and nothing is updated.
    /// Of many clients starting one task at once, exactly one sees its row.
    fn transition(
        &mut self,
        typed: &[String],
        from: Status,
        to: Status,
        set: &str,
        extra: &[(&(dyn ToSql + Sync), Type)],
    ) -> Result<Vec<Task>> {
        let names = &self.with_handles(typed)?;
        let actor = as_actor(extra.len() + 2);
        let (sql, tasks) = match names.as_slice() {
            // One task needs no CTE: the UPDATE re-checks its row once the lock is granted, so
            // a row another client moved meanwhile is not updated. The CTE's plan costs a
            // fresh session about 0.7 ms (of a 4 ms statement; psql \timing, 30 runs).
            [name] => (
                format!(
                    "UPDATE kanban_task SET {set} \
                     WHERE {SCHEMA_CHECK} AND {actor} AND name = $1 AND status = '{from}' \
                     RETURNING {TASK_COLUMNS}",
                    from = from.label()
                ),
                (name as &(dyn ToSql + Sync), Type::TEXT),
            ),
            _ => (
                format!(
                    "WITH movable AS ( \
                         SELECT name FROM kanban_task \
                         WHERE {SCHEMA_CHECK} AND {actor} AND name = ANY($1::text[]) \
                           AND status = '{from}' \
                         ORDER BY name \
                         FOR UPDATE \
                     ) \
                     UPDATE kanban_task SET {set} \
                     WHERE name IN (SELECT name FROM movable) \
                       AND (SELECT count(*) FROM movable) = cardinality($1::text[]) \
                     RETURNING {TASK_COLUMNS}",
                    from = from.label()
                ),
                (names as &(dyn ToSql + Sync), Type::TEXT_ARRAY),
            ),
        };
        let mut params: Vec<(&(dyn ToSql + Sync), Type)> = vec![tasks];
        params.extend_from_slice(extra);
        params.push((&self.actor, Type::TEXT));
        // Rows are locked in name order, so overlapping batches queue instead of deadlocking.
        let rows = retrying(|| self.client.query_typed(&sql, &params))
            .map_err(|error| self.failure(error))?;
        if rows.len() == names.len() {
            return in_given_order(names, rows);
        }
        Err(self.explain_refusal(typed, names, from, to)?.into())
    }
}

/// RETURNING gives rows in no promised order; people read them back in the order they typed.
fn in_given_order(names: &[String], rows: Vec<Row>) -> Result<Vec<Task>> {
    // A map from name to position: a search per row would make 100,000 names quadratic.
    let position: HashMap<&str, usize> = names
        .iter()
        .enumerate()
        .map(|(index, name)| (name.as_str(), index))
        .collect();
    let mut tasks: Vec<Task> = rows.iter().map(task_from_row).collect::<Result<_>>()?;
    tasks.sort_by_key(|task| position.get(task.name.as_str()).copied());
    Ok(tasks)
}

fn task_from_row(row: &Row) -> Result<Task> {
    task_at(row, 0)
}

/// A task from `TASK_COLUMNS`, starting at column `first`.
fn task_at(row: &Row, first: usize) -> Result<Task> {
    let status: &str = row.try_get(first + 1)?;
    let time = |index: usize| -> Result<Option<DateTime<Utc>>> {
        Ok(row
            .try_get::<_, Option<ServerTime>>(first + index)?
            .map(|time| time.0))
    };
    Ok(Task {
        name: row.try_get(first)?,
        status: status.parse().map_err(anyhow::Error::msg)?,
        started: time(2)?,
        finished: time(3)?,
        hourly_rate: row.try_get(first + 4)?,
        read_at: time(5)?.context("the server sent no time")?,
        worked: TimeDelta::microseconds(row.try_get(first + 6)?),
        working_since: time(7)?,
        sessions: row.try_get(first + 8)?,
        id: row.try_get(first + 9)?,
    })
}

/// Microseconds from the Unix epoch to PostgreSQL's, 2000-01-01 00:00:00 UTC.
const POSTGRES_EPOCH_MICROS: i64 = 946_684_800_000_000;

/// A `timestamptz` decoded straight from its wire form, microseconds since 2000-01-01 UTC.
/// (The driver's chrono decoding rebuilds its epoch date for every value: a visible cost
/// over a million-row listing.)
struct ServerTime(DateTime<Utc>);

impl<'a> FromSql<'a> for ServerTime {
    fn from_sql(_: &Type, raw: &'a [u8]) -> Result<Self, Box<dyn std::error::Error + Sync + Send>> {
        let micros = i64::from_be_bytes(raw.try_into()?);
        micros
            .checked_add(POSTGRES_EPOCH_MICROS)
            .and_then(DateTime::from_timestamp_micros)
            .map(ServerTime)
            .ok_or_else(|| "a timestamp outside the supported range".into())
    }

    fn accepts(ty: &Type) -> bool {
        *ty == Type::TIMESTAMPTZ
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn every_statement_checks_this_binarys_schema_version() {
        let version = crate::schema::VERSION;
        assert!(super::SCHEMA_CHECK.contains(&format!("kanban_schema_{version} ")));
        assert!(super::VERSION_TABLE_CHECK.contains(&format!("= {version} ")));
        assert!(super::VERSION_TABLE_CHECK.contains(&format!("kanban_schema_is({version})")));
    }
}
