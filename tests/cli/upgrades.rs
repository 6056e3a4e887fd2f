//! Databases from before: the old Python system's, kanban's from before versioned schemas,
//! and kanban databases at earlier steps, adopted or upgraded by `kanban init` keeping every
//! row, or left untouched when a row breaks the rules.

use crate::schema::{step_sql, versions};
use crate::support::TestDb;

/// The old Python system's schema, built from its description in shared/seed/facts.md, with
/// rows in every column (naive timestamps, written in UTC).
pub const OLD_SCHEMA: &str = "
    CREATE TYPE taskstatus AS ENUM ('todo', 'in_progress', 'done');
    CREATE TABLE task (
        name VARCHAR NOT NULL,
        status taskstatus NOT NULL,
        start_datetime TIMESTAMP WITHOUT TIME ZONE,
        end_datetime TIMESTAMP WITHOUT TIME ZONE,
        PRIMARY KEY (name)
    );
    CREATE INDEX ix_task_name ON task (name);
    INSERT INTO task VALUES
        ('Fit windows', 'todo', NULL, NULL),
        ('Lay bricks', 'in_progress', '2026-01-05 09:30:00.123456', NULL),
        ('Build a house', 'done', '2026-01-01 14:00:00', '2026-01-01 14:15:45'),
        ('Pour the foundation', 'done', '2025-12-01 08:00:00.000001', '2025-12-03 08:15:45.5'),
        ('''Quoted'' \"name\" 🏠', 'todo', NULL, NULL);
";

fn rows_as_text(db: &TestDb) -> Vec<Vec<Option<String>>> {
    db.rows(
        "SELECT name, status::text, \
                to_char(start_datetime AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI:SS.US'), \
                to_char(end_datetime AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI:SS.US') \
           FROM kanban_task ORDER BY name",
    )
}

fn old_rows_as_text(db: &TestDb) -> Vec<Vec<Option<String>>> {
    db.rows(
        "SELECT name, status::text, \
                to_char(start_datetime, 'YYYY-MM-DD HH24:MI:SS.US'), \
                to_char(end_datetime, 'YYYY-MM-DD HH24:MI:SS.US') \
           FROM task ORDER BY name",
    )
}

fn column_type(db: &TestDb, column: &str) -> Option<String> {
    db.value(&format!(
        "SELECT max(data_type) FROM information_schema.columns \
         WHERE table_name = CASE WHEN to_regclass('kanban_task') IS NULL THEN 'task' \
                                 ELSE 'kanban_task' END \
           AND column_name = '{column}'"
    ))
}

#[test]
fn the_old_systems_database_is_adopted_keeping_every_row() {
    let db = TestDb::empty();
    db.sql(OLD_SCHEMA);
    let before = old_rows_as_text(&db);
    db.kanban(["tasks"]).fails(5).stderr_contains("kanban init");
    let report = db.kanban(["doctor", "-o", "json"]).run().code(5).json();
    assert_eq!(report["schema"], "unversioned");
    db.kanban(["init", "--dry-run"])
        .success()
        .stdout_contains("old system's task table")
        .stdout_contains("  2  ")
        .stdout_contains("  3  ");
    assert_eq!(
        column_type(&db, "start_datetime").as_deref(),
        Some("timestamp without time zone")
    );

    db.kanban(["init"])
        .success()
        .stdout_contains("Found the old system's task table")
        .stdout_contains("Schema at version 9: applied 2, 3, 4, 5, 6, 7, 8, 9.");
    assert_eq!(rows_as_text(&db), before, "every row, to the microsecond");
    assert_eq!(
        column_type(&db, "start_datetime").as_deref(),
        Some("timestamp with time zone")
    );
    assert_eq!(versions(&db)[0], "1: the old system's task table (adopted)");

    // Every command works on the old rows.
    db.kanban(["cost", "Build a house"])
        .success()
        .stdout_is("$2.63\n");
    db.kanban(["cost", "Pour the foundation"])
        .success()
        .stdout_is("$482.63\n");
    db.kanban(["elapsed", "Pour the foundation"])
        .success()
        .stdout_is("48:15:45\n");
    let running = db
        .kanban(["elapsed", "-o", "json", "Lay bricks"])
        .success()
        .json();
    let expected = db
        .value(
            "SELECT floor(extract(epoch FROM now() - timestamptz '2026-01-05 09:30:00.123456+00'))",
        )
        .unwrap();
    let expected: i64 = expected.parse().unwrap();
    let seconds = running["elapsed_seconds"].as_i64().unwrap();
    assert!(
        (expected - 2..=expected + 2).contains(&seconds),
        "{seconds} vs {expected}"
    );
    db.kanban(["start", "Fit windows"]).success();
    db.kanban(["resolve", "Lay bricks"]).success();
    db.kanban(["new", "Build a garage"]).success();
    let tasks = db.kanban(["tasks", "-o", "json"]).success().json();
    assert_eq!(tasks.as_array().unwrap().len(), 6);
    // The redundant index went; the rules arrived.
    assert_eq!(
        db.value("SELECT to_regclass('ix_task_name') IS NULL")
            .as_deref(),
        Some("t")
    );
    db.sql_error("INSERT INTO task (name, status) VALUES ('no start', 'in_progress')");
}

#[test]
fn an_old_database_that_breaks_the_rules_is_left_untouched() {
    let db = TestDb::empty();
    db.sql(OLD_SCHEMA);
    db.sql(
        "INSERT INTO task VALUES \
            ('Never finished', 'done', '2026-01-01 10:00:00', NULL), \
            ('  padded  ', 'todo', NULL, NULL), \
            ('Backwards', 'done', '2026-01-02 10:00:00', '2026-01-01 10:00:00')",
    );
    let before = old_rows_as_text(&db);
    db.kanban(["init"])
        .fails(5)
        .stderr_contains("nothing was changed")
        .stderr_contains("3 row(s)")
        .stderr_contains("'Never finished' (Done without a start or end time)")
        .stderr_contains("'  padded  ' (a name kanban does not allow)")
        .stderr_contains("'Backwards' (Done before it started)");
    assert_eq!(old_rows_as_text(&db), before);
    assert_eq!(
        column_type(&db, "start_datetime").as_deref(),
        Some("timestamp without time zone")
    );
    assert_eq!(
        db.value("SELECT to_regclass('kanban_schema_version') IS NULL")
            .as_deref(),
        Some("t")
    );
    // Fixed by hand, it goes through.
    db.sql("DELETE FROM task WHERE name IN ('Never finished', '  padded  ', 'Backwards')");
    db.kanban(["init"]).success();
    assert_eq!(
        rows_as_text(&db),
        before
            .into_iter()
            .filter(|row| row[0].as_deref() != Some("Never finished")
                && row[0].as_deref() != Some("  padded  ")
                && row[0].as_deref() != Some("Backwards"))
            .collect::<Vec<_>>()
    );
}

#[test]
fn a_task_table_kanban_does_not_know_is_left_alone() {
    let db = TestDb::empty();
    db.sql("CREATE TABLE task (name text PRIMARY KEY, done boolean)");
    // doctor says what init will say: it does not suggest an adoption init then refuses.
    let out = db.kanban(["doctor", "-o", "json"]).run().code(5);
    let report = out.json();
    assert_eq!(report["schema"], "foreign");
    assert!(out.stderr.contains("does not recognise"), "{}", out.stderr);
    assert!(!out.stderr.contains("run `kanban init`"), "{}", out.stderr);
    db.kanban(["init"])
        .fails(5)
        .stderr_contains("does not recognise")
        .stderr_contains("nothing was changed");
    assert_eq!(column_type(&db, "done").as_deref(), Some("boolean"));
}

/// Rows a kanban at step 2 would hold: one per column, with times and a frozen rate.
const STEP_2_ROWS: &str = "
    INSERT INTO task (name, status, start_datetime, end_datetime, hourly_rate) VALUES
        ('waiting', 'todo', NULL, NULL, NULL),
        ('working', 'in_progress', '2026-02-01 09:00:00.5+00', NULL, NULL),
        ('finished', 'done', '2026-03-01 14:00:00+00', '2026-03-01 14:15:45+00', 12.5);
";

/// kanban's rows, from its table: `task` before step 8, `kanban_task` since.
fn kept_rows(db: &TestDb) -> Vec<Vec<Option<String>>> {
    let renamed = db.value("SELECT to_regclass('kanban_task') IS NOT NULL");
    let table = if renamed.as_deref() == Some("t") {
        "kanban_task"
    } else {
        "task"
    };
    db.rows(&format!(
        "SELECT name, status::text, start_datetime::text, end_datetime::text, \
                hourly_rate::text, id::text, created_at::text FROM {table} ORDER BY name"
    ))
}

#[test]
fn a_database_at_step_two_is_upgraded_to_the_latest_keeping_its_rows() {
    let db = TestDb::empty();
    db.sql(&step_sql("0001_old_board.sql"));
    db.sql(&step_sql("0002_kanban_task.sql"));
    db.sql(
        "CREATE TABLE kanban_schema_version (version integer PRIMARY KEY, \
           description text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now()); \
         INSERT INTO kanban_schema_version (version, description) \
           VALUES (1, 'the old system''s task table'), (2, 'kanban''s task table');",
    );
    db.sql(STEP_2_ROWS);
    let before = kept_rows(&db);
    db.kanban(["tasks"])
        .fails(5)
        .stderr_contains("run `kanban init`");
    db.kanban(["init"])
        .success()
        .stdout_is("Schema at version 9: applied 3, 4, 5, 6, 7, 8, 9.\n");
    assert_eq!(kept_rows(&db), before);
    assert_eq!(versions(&db).len(), 9);
    db.kanban(["cost", "finished"])
        .success()
        .stdout_is("$3.28\n");
    db.kanban(["resolve", "working"]).success();
    db.kanban(["start", "waiting"]).success();
}

#[test]
fn a_kanban_database_from_before_versioned_schemas_is_adopted() {
    let db = TestDb::empty();
    db.sql(&step_sql("0001_old_board.sql"));
    db.sql(&step_sql("0002_kanban_task.sql"));
    db.sql(STEP_2_ROWS);
    let before = kept_rows(&db);
    let report = db.kanban(["doctor", "-o", "json"]).run().code(5).json();
    assert_eq!(report["schema"], "unversioned");
    db.kanban(["init"])
        .success()
        .stdout_contains("a task table from kanban before versioned schemas")
        .stdout_contains("Schema at version 9: applied 3, 4, 5, 6, 7, 8, 9.");
    assert_eq!(kept_rows(&db), before);
    assert_eq!(
        versions(&db)[1],
        "2: a task table from kanban before versioned schemas (adopted)"
    );
    db.kanban(["cost", "finished"])
        .success()
        .stdout_is("$3.28\n");
    db.kanban(["init"])
        .success()
        .stdout_is("Schema already at version 9.\n");
}

/// A database built by the migration files up to step `last` (4 or 5), recorded as such.
fn database_at_step(last: i32) -> TestDb {
    let db = TestDb::empty();
    for step in [
        "0001_old_board.sql",
        "0002_kanban_task.sql",
        "0003_board_order_and_version_check.sql",
        "0004_board_change_signals.sql",
    ] {
        db.sql(&step_sql(step));
    }
    // Step 5's version check reads the version table: it exists by then.
    db.sql(&format!(
        "CREATE TABLE kanban_schema_version (version integer PRIMARY KEY, \
           description text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now()); \
         INSERT INTO kanban_schema_version (version, description) \
           SELECT n, 'step ' || n FROM generate_series(1, {last}) AS n"
    ));
    if last >= 5 {
        db.sql(&step_sql("0005_bounds_and_name_rules.sql"));
    }
    db
}

#[test]
fn an_upgrade_to_step_five_names_the_rows_that_break_its_bounds_and_changes_nothing() {
    let db = database_at_step(4);
    db.sql(
        "INSERT INTO task (name, status, start_datetime, end_datetime, hourly_rate) VALUES \
           ('far future', 'done', now(), '294276-01-01 00:00:00+00', 10), \
           ('fine rate', 'done', now(), now(), 0.001), \
           (E'bidi \\u202e trick', 'todo', NULL, NULL, NULL), \
           ('fine', 'todo', NULL, NULL, NULL)",
    );
    let out = db.kanban(["init"]).fails(5);
    for named in ["far future", "fine rate", "bidi"] {
        assert!(out.stderr.contains(named), "{named}: {}", out.stderr);
    }
    assert!(
        out.stderr.contains("3 row(s) break kanban's rules"),
        "{}",
        out.stderr
    );
    assert_eq!(versions(&db).len(), 4, "nothing was changed");
    db.sql(
        "DELETE FROM task WHERE name <> 'fine'; \
         UPDATE task SET name = name WHERE false",
    );
    db.kanban(["init"])
        .success()
        .stdout_is("Schema at version 9: applied 5, 6, 7, 8, 9.\n");
}

#[test]
fn step_six_keeps_every_elapsed_time_and_cost_and_imports_each_task_once() {
    let db = database_at_step(5);
    db.sql(
        "INSERT INTO task (name, status, start_datetime, end_datetime, hourly_rate) VALUES \
           ('waiting', 'todo', NULL, NULL, NULL), \
           ('Lay bricks', 'in_progress', '2026-01-05 09:30:00.123456+00', NULL, NULL), \
           ('Build a house', 'done', '2026-01-01 14:00:00+00', '2026-01-01 14:15:45+00', 10), \
           ('Pour the foundation', 'done', '2025-12-01 08:00:00.000001+00', \
            '2025-12-03 08:15:45.5+00', 12.5)",
    );
    db.kanban(["init"])
        .success()
        .stdout_is("Schema at version 9: applied 6, 7, 8, 9.\n");
    // The same answers a version-5 kanban gave: end minus start, at the frozen rate.
    db.kanban(["elapsed", "Build a house"])
        .success()
        .stdout_is("00:15:45\n");
    db.kanban(["cost", "Build a house"])
        .success()
        .stdout_is("$2.63\n");
    db.kanban(["elapsed", "Pour the foundation"])
        .success()
        .stdout_is("48:15:45\n");
    db.kanban(["cost", "Pour the foundation"])
        .success()
        .stdout_is("$603.28\n");
    let since_start = || -> i64 {
        db.value(
            "SELECT floor(extract(epoch FROM now() - timestamptz '2026-01-05 09:30:00.123456+00'))",
        )
        .unwrap()
        .parse()
        .unwrap()
    };
    let before = since_start();
    let running: i64 = db
        .kanban(["elapsed", "Lay bricks", "-o", "json"])
        .success()
        .json()["elapsed_seconds"]
        .as_i64()
        .unwrap();
    let after = since_start();
    assert!(
        (before..=after).contains(&running),
        "{running} not within {before}..={after}"
    );
    db.kanban(["elapsed", "waiting"]).fails(4);
    // One session per started task, one "imported" event per task, nothing else.
    assert_eq!(
        db.rows("SELECT t.name, count(w.*) FROM kanban_task t LEFT JOIN task_work w ON w.task_id = t.id GROUP BY t.name ORDER BY t.name"),
        [
            [Some("Build a house".to_owned()), Some("1".to_owned())],
            [Some("Lay bricks".to_owned()), Some("1".to_owned())],
            [Some("Pour the foundation".to_owned()), Some("1".to_owned())],
            [Some("waiting".to_owned()), Some("0".to_owned())],
        ]
    );
    assert_eq!(
        db.rows("SELECT action, count(*) FROM task_event GROUP BY action"),
        [[Some("imported".to_owned()), Some("4".to_owned())]]
    );
    // And the imported tasks go on living: the running one stops and resumes.
    db.kanban(["stop", "Lay bricks"]).success();
    db.kanban(["start", "Lay bricks"]).success();
    assert_eq!(
        db.value("SELECT start_datetime::text FROM kanban_task WHERE name = 'Lay bricks'")
            .as_deref(),
        Some("2026-01-05 09:30:00.123456+00")
    );
}
