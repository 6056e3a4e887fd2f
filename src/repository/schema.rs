//! The schema and the rights on it: migrating (`kanban init`), what `kanban doctor` reads
//! about the server, the schema and the role, and granting readers and writers.

use std::time::{Duration, Instant};

use anyhow::{Context, Result};
use postgres::GenericClient;
use postgres::error::SqlState;
use postgres::types::Type;

use super::{Repository, SCHEMA_CHECK};
use crate::error::Failure;
use crate::schema::{self, Found, Plan};
use crate::sqlstate::query_failure;

/// The `task` table's columns as `name type, ...` in order: how `kanban init` recognises a
/// layout from before versioned schemas, and how `doctor` tells whether init would.
const TASK_LAYOUT: &str = "(SELECT string_agg(attname || ' ' || format_type(atttypid, atttypmod), ', ' \
       ORDER BY attnum) \
       FROM pg_attribute WHERE attrelid = to_regclass('task') AND attnum > 0 AND NOT attisdropped)";

impl Repository {
    /// Brings the schema to this binary's version: finds where the database stands (adopting
    /// an unversioned layout it recognises), then applies the pending steps and records each,
    /// all in one transaction under an advisory lock, so concurrent runs apply each step once.
    /// With `dry_run`, works out the same plan and changes nothing.
    pub fn migrate(&mut self, dry_run: bool) -> Result<Plan> {
        let target = self.target.clone();
        let fail = |error: postgres::Error| {
            if error.code() == Some(&SqlState::INSUFFICIENT_PRIVILEGE) {
                let reason = error
                    .as_db_error()
                    .map_or_else(|| error.to_string(), |db| db.message().to_owned());
                return Failure::config(format!(
                    "{target}: {reason}; run `kanban init` as the database's owner (or a role that may create tables and types there)"
                ))
                .into();
            }
            query_failure(&target, error)
        };
        let mut transaction = self.client.transaction().map_err(fail)?;
        transaction
            .batch_execute("SELECT pg_advisory_xact_lock(hashtext('kanban schema'))")
            .map_err(fail)?;
        let marker = format!("kanban_schema_{}", schema::VERSION);
        let row = transaction
            .query_typed(
                &format!(
                    "SELECT to_regclass('kanban_schema_version') IS NOT NULL, {TASK_LAYOUT}, \
                            to_regtype('{marker}') IS NOT NULL"
                ),
                &[],
            )
            .map_err(fail)?
            .into_iter()
            .next()
            .context("the schema query returned no row")?;
        let versioned: bool = row.try_get(0)?;
        let found = if versioned {
            Found::Versioned(
                recorded_version(&mut transaction)
                    .map_err(fail)?
                    .unwrap_or(0),
            )
        } else {
            Found::Unversioned {
                task_columns: row.try_get(1)?,
            }
        };
        let plan = schema::plan(&found, &target)?;
        // Nothing to do is no write at all: a reader, or a read-only database, may ask.
        let nothing_to_do = plan.pending.is_empty() && plan.adopted.is_none();
        let marked: bool = row.try_get(2)?;
        if dry_run || (nothing_to_do && marked) {
            transaction.rollback().map_err(fail)?;
            return Ok(plan);
        }
        if nothing_to_do {
            // A version marker dropped by hand: put back, since every statement checks it.
            transaction
                .batch_execute(&format!(
                    "CREATE DOMAIN {marker} AS boolean; \
                     COMMENT ON DOMAIN {marker} IS 'kanban''s schema version marker: \
                     present exactly while the schema is at version {}'",
                    schema::VERSION
                ))
                .map_err(fail)?;
            transaction.commit().map_err(fail)?;
            return Ok(plan);
        }
        transaction
            .batch_execute(schema::VERSION_TABLE_SQL)
            .map_err(fail)?;
        if let Some(adopted) = plan.adopted {
            for step in schema::STEPS
                .iter()
                .filter(|step| step.version <= plan.from)
            {
                record(
                    &mut transaction,
                    step.version,
                    &format!("{adopted} (adopted)"),
                )
                .map_err(fail)?;
            }
        }
        for step in &plan.pending {
            transaction.batch_execute(step.sql).map_err(fail)?;
            record(&mut transaction, step.version, step.description).map_err(fail)?;
        }
        transaction.commit().map_err(fail)?;
        Ok(plan)
    }

    /// Grants `role` what reading (and with `write`, changing) the board needs, in one
    /// transaction. The role's name is quoted by the server.
    pub fn grant(&mut self, role: &str, write: bool) -> Result<()> {
        let row = self
            .client
            .query_typed_one(
                &format!(
                    "SELECT quote_ident($1), quote_ident(current_schema()), \
                            EXISTS (SELECT FROM pg_roles WHERE rolname = $1), \
                            pg_has_role(current_user, \
                                        (SELECT relowner FROM pg_class WHERE oid = 'kanban_task'::regclass), \
                                        'MEMBER'), \
                            (SELECT pg_get_userbyid(relowner) FROM pg_class WHERE oid = 'kanban_task'::regclass) \
                      WHERE {SCHEMA_CHECK}"
                ),
                &[(&role, Type::TEXT)],
            )
            .map_err(|error| self.failure(error))?;
        let (quoted, schema, exists, owner): (String, String, bool, bool) = (
            row.try_get(0)?,
            row.try_get(1)?,
            row.try_get(2)?,
            row.try_get(3)?,
        );
        if !exists {
            return Err(Failure::config(format!(
                "no role named `{role}` (create it first: CREATE ROLE {quoted} LOGIN PASSWORD '...')"
            ))
            .into());
        }
        // A GRANT by anyone else only warns that nothing was granted: refuse instead.
        if !owner {
            let owner_name: String = row.try_get(4)?;
            return Err(Failure::config(format!(
                "only the task table's owner (`{owner_name}`) may grant rights on the board: run `kanban grant` as that role"
            ))
            .into());
        }
        let mut sql = format!(
            "BEGIN; GRANT USAGE ON SCHEMA {schema} TO {quoted}; \
             GRANT SELECT ON kanban_task, task, task_work, task_event, kanban_schema_version TO {quoted}; \
             GRANT SELECT ON SEQUENCE kanban_board_changes TO {quoted}; "
        );
        if write {
            // The sessions and the history are written by the triggers, as their owner: a
            // writer needs no rights on them, and cannot rewrite them.
            sql.push_str(&format!(
                "GRANT INSERT, UPDATE, DELETE ON kanban_task, task TO {quoted}; "
            ));
        }
        sql.push_str("COMMIT");
        self.client.batch_execute(&sql).map_err(|error| {
            let _ = self.client.batch_execute("ROLLBACK");
            query_failure(&self.target, error)
        })
    }

    /// What `kanban doctor` reports about the server, the schema and this user's rights.
    pub fn health(&mut self) -> Result<Health> {
        let fail = |error| query_failure(&self.target, error);
        let started = Instant::now();
        self.client.query_typed("SELECT 1", &[]).map_err(fail)?;
        let round_trip = started.elapsed();
        let row = self
            .client
            .query_typed(
                &format!(
                "SELECT current_setting('server_version'), \
                        to_regclass('task') IS NOT NULL, \
                        to_regclass('kanban_schema_version') IS NOT NULL, \
                        coalesce(has_table_privilege({table}, 'SELECT'), false), \
                        coalesce(has_table_privilege({table}, 'INSERT') \
                             AND has_table_privilege({table}, 'UPDATE') \
                             AND has_table_privilege({table}, 'DELETE'), false), \
                        (SELECT string_agg(format('pid %s holds %s (%s, %s for %s s)', \
                                   l.pid, l.mode, coalesce(nullif(a.application_name, ''), 'no name'), \
                                   coalesce(a.state, '?'), \
                                   coalesce(floor(extract(epoch FROM now() - a.xact_start)), 0)), \
                                   '; ' ORDER BY l.pid) \
                           FROM pg_locks l LEFT JOIN pg_stat_activity a ON a.pid = l.pid \
                          WHERE l.locktype = 'relation' AND l.relation = {table} \
                            AND l.granted AND l.pid <> pg_backend_pid() \
                            AND l.mode IN ('ShareLock', 'ShareRowExclusiveLock', \
                                           'ExclusiveLock', 'AccessExclusiveLock')), \
                        current_setting('transaction_read_only') = 'on' OR pg_is_in_recovery(), \
                        coalesce(has_table_privilege(to_regclass('kanban_schema_version'), 'SELECT'), \
                                 false), \
                        {TASK_LAYOUT}, \
                        to_regtype('kanban_schema_{version}') IS NOT NULL",
                    version = schema::VERSION,
                    // kanban's table: kanban_task since step 8, task before it.
                    table = "coalesce(to_regclass('kanban_task'), to_regclass('task'))"
                ),
                &[],
            )
            .map_err(fail)?
            .into_iter()
            .next()
            .context("the health query returned no row")?;
        let has_task: bool = row.try_get(1)?;
        let versioned: bool = row.try_get(2)?;
        let may_read_version: bool = row.try_get(7)?;
        let marked_current: bool = row.try_get(9)?;
        let version = if versioned && may_read_version {
            recorded_version(&mut self.client).map_err(fail)?
        } else {
            None
        };
        let read_only: bool = row.try_get(6)?;
        let can_read: bool = row.try_get(3)?;
        Ok(Health {
            read_only,
            blocked_by: row.try_get(5)?,
            round_trip,
            server_version: row.try_get(0)?,
            schema: match version {
                // Commands check the version by its marker, which needs no rights.
                None if versioned && !may_read_version && marked_current => SchemaState::Current,
                None if versioned && !may_read_version => SchemaState::Hidden,
                Some(version) if version == schema::VERSION && !marked_current => {
                    SchemaState::Unmarked
                }
                Some(version) if version == schema::VERSION => SchemaState::Current,
                Some(version) if version > schema::VERSION => SchemaState::Ahead(version),
                Some(version) => SchemaState::Behind(version),
                None if has_task => SchemaState::Unversioned(row.try_get(8)?),
                None => SchemaState::Missing,
            },
            can_read,
            can_change: can_read && !read_only && row.try_get::<_, bool>(4)?,
        })
    }
}

/// Where the database's schema stands against this binary's.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SchemaState {
    Current,
    /// At an older version: `kanban init` brings it up.
    Behind(i32),
    /// Migrated by a newer kanban.
    Ahead(i32),
    /// A task table with no version table (the old system's, say), and its columns.
    Unversioned(Option<String>),
    /// At this binary's version by the version table, but without its marker (dropped by
    /// hand): every statement fails until `kanban init` puts it back.
    Unmarked,
    /// A version table this role may not read, and no marker of this binary's version.
    Hidden,
    Missing,
}

/// The server, schema and rights as `kanban doctor` reports them.
#[derive(Debug)]
pub struct Health {
    /// A hot standby, or `default_transaction_read_only`: nothing can be changed here.
    pub read_only: bool,
    /// Other sessions holding a lock that stops kanban's changes (or all its statements).
    pub blocked_by: Option<String>,
    pub round_trip: Duration,
    pub server_version: String,
    pub schema: SchemaState,
    pub can_read: bool,
    pub can_change: bool,
}

/// The highest step in the version table (which the caller knows exists).
fn recorded_version(client: &mut impl GenericClient) -> Result<Option<i32>, postgres::Error> {
    client
        .query_typed_one("SELECT max(version) FROM kanban_schema_version", &[])?
        .try_get(0)
}

fn record(
    transaction: &mut postgres::Transaction<'_>,
    version: i32,
    description: &str,
) -> Result<(), postgres::Error> {
    transaction
        .query_typed(
            "INSERT INTO kanban_schema_version (version, description) VALUES ($1, $2)",
            &[(&version, Type::INT4), (&description, Type::TEXT)],
        )
        .map(|_| ())
}
