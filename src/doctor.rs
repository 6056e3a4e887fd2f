//! `kanban doctor`: walks the path a command takes (settings, connection, schema, rights) and
//! reports each step, stopping at the first that fails with that step's exit code.

use std::path::Path;

use crate::config;
use crate::error::Failure;
use crate::guard;
use crate::records::Value;
use crate::repository::{Repository, SchemaState};
use crate::schema;

/// The report's fields, in order; a field not reached is left out.
pub struct Report {
    pub names: Vec<&'static str>,
    pub values: Vec<Value<'static>>,
    /// The first problem found; `None` when all is well.
    pub problem: Option<anyhow::Error>,
}

impl Report {
    fn add(&mut self, name: &'static str, value: Value<'static>) {
        self.names.push(name);
        self.values.push(value);
    }

    fn fail(mut self, problem: anyhow::Error) -> Report {
        self.add("ok", Value::Bool(false));
        self.add("problem", Value::text(format!("{problem:#}")));
        self.problem = Some(problem);
        self
    }
}

/// `reader`: the caller only needs to read (`doctor --read-only`), so a role or database that
/// may not change tasks is no problem.
pub fn examine(
    stage: &str,
    env_file: Option<&Path>,
    database_url: Option<&str>,
    reader: bool,
) -> Report {
    let mut report = Report {
        names: Vec::new(),
        values: Vec::new(),
        problem: None,
    };
    let text = |text: &str| Value::text(text);
    report.add(
        "stage",
        text(if stage.is_empty() {
            config::DEFAULT_STAGE
        } else {
            stage
        }),
    );
    let settings = match config::load(stage, env_file, database_url) {
        Ok(settings) => settings,
        Err(failure) => {
            report.add("env_file", Value::Null);
            return report.fail(failure.into());
        }
    };
    report.add(
        "env_file",
        settings
            .env_file
            .as_ref()
            .map_or(Value::Null, |path| text(&path.display().to_string())),
    );
    report.add("host", text(&settings.host));
    report.add("port", Value::Integer(settings.port.into()));
    report.add("database", text(&settings.dbname));
    report.add("user", text(&settings.user));
    report.add("sslmode", text(settings.ssl_mode.name()));
    report.add("hourly_rate", text(&settings.hourly_rate.to_string()));
    let mut repository = match Repository::connect(&settings) {
        Ok(repository) => repository,
        Err(problem) => {
            report.add("connected", Value::Bool(false));
            return report.fail(problem);
        }
    };
    report.add("connected", Value::Bool(true));
    let health = match guard::waiting(false, || repository.health()) {
        Ok(health) => health,
        Err(problem) => return report.fail(problem),
    };
    let micros = health.round_trip.as_micros();
    report.add(
        "round_trip_ms",
        Value::Number(format!("{}.{:03}", micros / 1000, micros % 1000)),
    );
    report.add("server_version", text(&health.server_version));
    let target = settings.target();
    // Whether `init` would adopt an unversioned task table, or refuse it.
    let adoption = match &health.schema {
        SchemaState::Unversioned(columns) => Some(schema::plan(
            &schema::Found::Unversioned {
                task_columns: columns.clone(),
            },
            &target,
        )),
        _ => None,
    };
    let (state, version) = match health.schema {
        SchemaState::Current => ("current", Some(schema::VERSION)),
        SchemaState::Behind(version) => ("behind", Some(version)),
        SchemaState::Ahead(version) => ("ahead", Some(version)),
        SchemaState::Unversioned(_) if adoption.as_ref().is_some_and(Result::is_err) => {
            ("foreign", None)
        }
        SchemaState::Unversioned(_) => ("unversioned", None),
        SchemaState::Missing => ("missing", None),
        SchemaState::Hidden => ("unreadable", None),
        SchemaState::Unmarked => ("incomplete", Some(schema::VERSION)),
    };
    report.add("schema", text(state));
    report.add(
        "schema_version",
        version.map_or(Value::Null, |version| Value::Integer(version.into())),
    );
    report.add("read_only_database", Value::Bool(health.read_only));
    report.add("can_read_tasks", Value::Bool(health.can_read));
    report.add("can_change_tasks", Value::Bool(health.can_change));
    report.add(
        "blocked_by",
        health.blocked_by.as_deref().map_or(Value::Null, text),
    );
    let problem = match health.schema {
        SchemaState::Missing => Some(Failure::config(format!(
            "{target} has no kanban schema: run `kanban init`"
        ))),
        SchemaState::Unversioned(_) => Some(match adoption {
            Some(Err(refusal)) => refusal,
            _ => Failure::config(format!(
                "{target} has a task table but no kanban schema version (the old system's?): run `kanban init` to adopt it"
            )),
        }),
        SchemaState::Behind(version) => Some(schema::behind(&target, version)),
        SchemaState::Ahead(version) => Some(schema::ahead(version)),
        SchemaState::Unmarked => Some(Failure::config(format!(
            "{target} is at schema version {} but lacks its version marker (the domain kanban_schema_{}, dropped by hand?), so every command fails: `kanban init` puts it back",
            schema::VERSION,
            schema::VERSION
        ))),
        SchemaState::Hidden => Some(Failure::config(format!(
            "user `{}` may not read kanban_schema_version in {target}, which tells what version its schema is at: the database owner can allow it with `kanban grant --read {}`",
            settings.user, settings.user
        ))),
        SchemaState::Current if !health.can_read => Some(Failure::config(format!(
            "user `{}` may not read the board in {target}: the database owner can allow it with `kanban grant --read {}`",
            settings.user, settings.user
        ))),
        SchemaState::Current if health.read_only && !reader => Some(Failure::config(format!(
            "{target} is read-only (a hot standby, or default_transaction_read_only is on): kanban can only read here (`kanban doctor --read-only` checks just that)"
        ))),
        SchemaState::Current if !health.can_change && !reader => {
            Some(Failure::config(format!(
                "user `{}` may only read tasks in {target}: the database owner can allow changes with `kanban grant --write {}` (`kanban doctor --read-only` checks reading alone)",
                settings.user, settings.user
            )))
        }
        SchemaState::Current => health.blocked_by.as_ref().map(|holders| {
            Failure::busy(format!(
                "busy: another session locks the task table in {target} ({holders}): commands wait up to KANBAN_LOCK_TIMEOUT, then exit 7"
            ))
        }),
    };
    match problem {
        Some(problem) => report.fail(problem.into()),
        None => {
            report.add("ok", Value::Bool(true));
            report
        }
    }
}
