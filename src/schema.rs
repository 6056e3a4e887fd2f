//! The schema's versions: the numbered migration steps (SQL files embedded from
//! `db/migrations/`), and how `kanban init` decides where a database stands and what it needs.
//!
//! A small runner of our own rather than refinery: it must also recognise databases that have
//! no version table at all (the old Python system's, and kanban's own before versioning) and
//! adopt them at the right step, take an advisory lock so that concurrent `kanban init`s apply
//! each step once, and support `--dry-run`; the whole runner is one transaction and a loop.

use crate::error::Failure;

/// The schema version this binary speaks; every statement checks the database agrees.
pub const VERSION: i32 = 9;

/// One migration step.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Step {
    pub version: i32,
    pub description: &'static str,
    pub sql: &'static str,
}

/// Every step, in order; step N takes a database from version N-1 to N.
pub const STEPS: [Step; VERSION as usize] = [
    Step {
        version: 1,
        description: "the old system's task table",
        sql: include_str!("../db/migrations/0001_old_board.sql"),
    },
    Step {
        version: 2,
        description: "timestamptz times, creation order, frozen rates, board rules",
        sql: include_str!("../db/migrations/0002_kanban_task.sql"),
    },
    Step {
        version: 3,
        description: "board-order index and the version check",
        sql: include_str!("../db/migrations/0003_board_order_and_version_check.sql"),
    },
    Step {
        version: 4,
        description: "change signals for board watchers",
        sql: include_str!("../db/migrations/0004_board_change_signals.sql"),
    },
    Step {
        version: 5,
        description: "bounded times and rates, no separators or bidi controls in names",
        sql: include_str!("../db/migrations/0005_bounds_and_name_rules.sql"),
    },
    Step {
        version: 6,
        description: "work sessions and the history of every change",
        sql: include_str!("../db/migrations/0006_work_sessions_and_history.sql"),
    },
    Step {
        version: 7,
        description: "the version check by name",
        sql: include_str!("../db/migrations/0007_version_check_by_name.sql"),
    },
    Step {
        version: 8,
        description: "the old service's table as a view with naive times",
        sql: include_str!("../db/migrations/0008_old_service_view.sql"),
    },
    Step {
        version: 9,
        description: "cheaper changes in a fresh session, linear batches",
        sql: include_str!("../db/migrations/0009_cheaper_changes.sql"),
    },
];

/// The runner's own table: one row per applied step.
pub const VERSION_TABLE_SQL: &str = "\
CREATE TABLE IF NOT EXISTS kanban_schema_version (
    version integer PRIMARY KEY,
    description text NOT NULL,
    applied_at timestamptz NOT NULL DEFAULT now()
)";

/// The `task` columns (`name type`, in order) of layouts that predate the version table.
const OLD_SYSTEM_LAYOUT: &str = "name character varying, status taskstatus, \
    start_datetime timestamp without time zone, end_datetime timestamp without time zone";
const UNVERSIONED_KANBAN_LAYOUT: &str = "name character varying, status taskstatus, \
    start_datetime timestamp with time zone, end_datetime timestamp with time zone, \
    id bigint, created_at timestamp with time zone, hourly_rate numeric";

/// What a database holds before `kanban init` touches it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Found {
    /// The version table's highest version.
    Versioned(i32),
    /// No version table; the `task` table's columns, if there is one.
    Unversioned { task_columns: Option<String> },
}

/// What `kanban init` will do.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Plan {
    /// The version the database is at (after adoption).
    pub from: i32,
    /// An unversioned layout recognised as being at `from`, to be recorded as such.
    pub adopted: Option<&'static str>,
    pub pending: Vec<Step>,
}

/// Decides what `kanban init` does, or why it must not touch the database.
pub fn plan(found: &Found, target: &str) -> Result<Plan, Failure> {
    let (from, adopted) = match found {
        Found::Versioned(version) => (*version, None),
        Found::Unversioned { task_columns: None } => (0, None),
        Found::Unversioned {
            task_columns: Some(columns),
        } if columns == OLD_SYSTEM_LAYOUT => (1, Some("the old system's task table")),
        Found::Unversioned {
            task_columns: Some(columns),
        } if columns == UNVERSIONED_KANBAN_LAYOUT => {
            (2, Some("a task table from kanban before versioned schemas"))
        }
        Found::Unversioned {
            task_columns: Some(columns),
        } => {
            return Err(Failure::config(format!(
                "{target} has a task table kanban does not recognise (columns: {columns}); nothing was changed"
            )));
        }
    };
    if from > VERSION {
        return Err(ahead(from));
    }
    let pending = STEPS
        .iter()
        .copied()
        .filter(|step| step.version > from)
        .collect();
    Ok(Plan {
        from,
        adopted,
        pending,
    })
}

/// The refusal when the database has not had this binary's steps yet.
pub fn behind(target: &str, version: i32) -> Failure {
    Failure::config(format!(
        "{target} has an older kanban schema (v{version}, this kanban needs v{VERSION}): run `kanban init`"
    ))
}

/// The refusal when the database was migrated by a newer kanban.
pub fn ahead(version: i32) -> Failure {
    Failure::config(format!(
        "this kanban is older than the database schema (v{version}, this kanban knows v{VERSION}); upgrade kanban"
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn steps_are_numbered_one_to_version() {
        for (index, step) in STEPS.iter().enumerate() {
            assert_eq!(step.version, i32::try_from(index).unwrap() + 1);
        }
    }

    #[test]
    fn a_fresh_database_gets_every_step() {
        let plan = plan(&Found::Unversioned { task_columns: None }, "db").unwrap();
        assert_eq!((plan.from, plan.adopted), (0, None));
        assert_eq!(plan.pending, STEPS);
    }

    #[test]
    fn the_old_systems_table_is_adopted_at_step_one() {
        let found = Found::Unversioned {
            task_columns: Some(OLD_SYSTEM_LAYOUT.to_owned()),
        };
        let plan = plan(&found, "db").unwrap();
        assert_eq!(plan.from, 1);
        assert!(plan.adopted.is_some());
        assert_eq!(
            plan.pending
                .iter()
                .map(|step| step.version)
                .collect::<Vec<_>>(),
            [2, 3, 4, 5, 6, 7, 8, 9]
        );
    }

    #[test]
    fn a_current_database_needs_nothing_and_a_newer_one_is_refused() {
        assert!(
            plan(&Found::Versioned(VERSION), "db")
                .unwrap()
                .pending
                .is_empty()
        );
        assert!(plan(&Found::Versioned(VERSION + 1), "db").is_err());
    }

    #[test]
    fn an_unknown_task_table_is_left_alone() {
        let found = Found::Unversioned {
            task_columns: Some("name text, done boolean".to_owned()),
        };
        assert!(plan(&found, "db").is_err());
    }
}
