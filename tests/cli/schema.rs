//! `kanban init`: numbered migrations, versions checked by every command, and the constraints
//! that make impossible board states impossible. Adopting and upgrading older databases is in
//! `upgrades`.

use std::process::Command;

use crate::support::{TestDb, pg_bin};

pub fn versions(db: &TestDb) -> Vec<String> {
    db.rows("SELECT version || ': ' || description FROM kanban_schema_version ORDER BY version")
        .into_iter()
        .map(|row| row[0].clone().unwrap())
        .collect()
}

#[test]
fn a_fresh_database_gets_every_step_once() {
    let db = TestDb::empty();
    db.kanban(["init"])
        .success()
        .stdout_is("Schema at version 9: applied 1, 2, 3, 4, 5, 6, 7, 8, 9.\n");
    db.kanban(["init"])
        .success()
        .stdout_is("Schema already at version 9.\n");
    assert_eq!(versions(&db).len(), 9);
    db.kanban(["new", "x"]).success();
    db.kanban(["init"]).success();
    assert_eq!(db.value("SELECT count(*) FROM task").as_deref(), Some("1"));
}

#[test]
fn init_reports_in_json() {
    let db = TestDb::empty();
    let report = db.kanban(["init", "-o", "json"]).success().json();
    assert_eq!(report["version"], 9);
    assert_eq!(
        report["applied"],
        serde_json::json!([1, 2, 3, 4, 5, 6, 7, 8, 9])
    );
    assert_eq!(report["dry_run"], false);
    let again = db.kanban(["init", "-o", "json"]).success().json();
    assert_eq!(again["applied"], serde_json::json!([]));
}

#[test]
fn parallel_inits_all_succeed_and_apply_each_step_once() {
    let db = TestDb::empty();
    let children: Vec<_> = (0..8).map(|_| db.kanban(["init"]).spawn()).collect();
    let mut applied = 0;
    let mut already = 0;
    for child in children {
        let outcome = child.finish().code(0).stderr_is_empty();
        if outcome.stdout == "Schema at version 9: applied 1, 2, 3, 4, 5, 6, 7, 8, 9.\n" {
            applied += 1;
        } else {
            assert_eq!(outcome.stdout, "Schema already at version 9.\n");
            already += 1;
        }
    }
    assert_eq!(
        (applied, already),
        (1, 7),
        "exactly one of the runs applied the steps"
    );
    assert_eq!(versions(&db).len(), 9);
    db.kanban(["new", "x"]).success();
}

#[test]
fn dry_run_shows_the_steps_and_changes_nothing() {
    let db = TestDb::empty();
    db.kanban(["init", "--dry-run"])
        .success()
        .stdout_contains("would apply")
        .stdout_contains("  1  the old system's task table")
        .stdout_contains("  3  ");
    assert_eq!(
        db.value("SELECT to_regclass('task') IS NULL").as_deref(),
        Some("t")
    );
    assert_eq!(
        db.value("SELECT to_regclass('kanban_schema_version') IS NULL")
            .as_deref(),
        Some("t")
    );
    let report = db
        .kanban(["init", "--dry-run", "-o", "json"])
        .success()
        .json();
    assert_eq!(
        report["pending"],
        serde_json::json!([1, 2, 3, 4, 5, 6, 7, 8, 9])
    );
    assert_eq!(report["version"], 0);
}

/// `pg_dump --schema-only` of a database, without the lines that differ run to run.
fn schema_dump(db: &TestDb) -> String {
    let s = &db.server;
    let output = Command::new(pg_bin("pg_dump"))
        .args(["--schema-only", "--no-owner", "--no-privileges"])
        .args([
            "-h",
            &s.host,
            "-p",
            &s.port.to_string(),
            "-U",
            &s.user,
            "-d",
            &db.name,
        ])
        .env("PGPASSWORD", &s.password)
        .output()
        .expect("run pg_dump");
    assert!(output.status.success(), "{output:?}");
    String::from_utf8_lossy(&output.stdout)
        .lines()
        .filter(|line| !line.starts_with("\\restrict") && !line.starts_with("\\unrestrict"))
        .map(|line| format!("{line}\n"))
        .collect()
}

#[test]
fn init_sql_and_the_migrations_build_the_same_schema() {
    let by_psql = TestDb::empty();
    by_psql.sql(include_str!("../../db/init.sql"));
    let by_kanban = TestDb::empty();
    by_kanban.kanban(["init"]).success();
    let (a, b) = (schema_dump(&by_psql), schema_dump(&by_kanban));
    assert!(a.contains("CREATE TABLE public.task"), "{a}");
    if a != b {
        let first = a
            .lines()
            .zip(b.lines())
            .position(|(x, y)| x != y)
            .unwrap_or(0);
        panic!(
            "db/init.sql and the migrations differ near line {first}:\n--- init.sql ---\n{}\n--- migrations ---\n{}",
            a.lines()
                .skip(first.saturating_sub(3))
                .take(12)
                .collect::<Vec<_>>()
                .join("\n"),
            b.lines()
                .skip(first.saturating_sub(3))
                .take(12)
                .collect::<Vec<_>>()
                .join("\n"),
        );
    }
    assert_eq!(versions(&by_psql), versions(&by_kanban));
    // A database made with psql is one kanban init knows to be current.
    by_psql
        .kanban(["init"])
        .success()
        .stdout_is("Schema already at version 9.\n");
    by_psql.kanban(["new", "x"]).success();
}

/// What steps 6 to 9 added, removed again.
const STEP_SIX_UNDONE: &str = "\
    DROP VIEW task; DROP FUNCTION kanban_old_task_written(); \
    ALTER TABLE kanban_task RENAME TO task; \
    DROP DOMAIN kanban_schema_9; \
    DROP TRIGGER task_work_follows_status ON task; \
    DROP TRIGGER task_history_of_inserts ON task; \
    DROP TRIGGER task_history_of_updates ON task; \
    DROP TRIGGER task_history_of_removals ON task; \
    DROP TRIGGER task_history_of_truncate ON task; \
    DROP TABLE task_work, task_event; \
    DROP FUNCTION kanban_task_work(), kanban_task_history(), kanban_history_is_append_only(), \
        kanban_actor(), kanban_rate_in_force(), kanban_work_edited(), \
        kanban_history_is_written_by_triggers(), kanban_task_truncated(), kanban_work_truncated(), kanban_role(), kanban_printable(text), \
        kanban_task_updated(); \
    ALTER TABLE task DROP COLUMN worked, DROP COLUMN working_since, DROP COLUMN sessions; \
    DELETE FROM kanban_schema_version WHERE version >= 6";

#[test]
fn a_database_behind_the_binary_asks_for_init() {
    let db = TestDb::new();
    db.kanban(["new", "kept"]).success();
    // Take the database back to version 3: without the objects and records of steps 4 to 6.
    db.sql(STEP_SIX_UNDONE);
    db.sql(
        "DROP TRIGGER task_board_changed ON task; DROP FUNCTION kanban_board_changed(); \
         DROP SEQUENCE kanban_board_changes; \
         ALTER TABLE task DROP CONSTRAINT task_name_has_no_separators_or_bidi_controls, \
           DROP CONSTRAINT task_name_has_no_surrounding_spaces, \
           DROP CONSTRAINT task_times_are_in_range, \
           DROP CONSTRAINT task_rate_is_whole_cents_up_to_a_million; \
         DELETE FROM kanban_schema_version WHERE version >= 4; \
         DROP FUNCTION kanban_schema_fail(integer, integer); \
         DROP FUNCTION kanban_schema_mismatch(integer, integer)",
    );
    // Step 3's own version check, as a v3 database has it.
    db.sql(&step_sql("0003_board_order_and_version_check.sql"));
    for args in [
        vec!["tasks"],
        vec!["new", "x"],
        vec!["start", "kept"],
        vec!["cost", "kept"],
    ] {
        db.kanban(&args)
            .fails(5)
            .stderr_contains("older kanban schema (v3, this kanban needs v9): run `kanban init`");
    }
    let report = db.kanban(["doctor", "-o", "json"]).run().code(5).json();
    assert_eq!(report["schema"], "behind");
    assert_eq!(report["schema_version"], 3);
    db.kanban(["init"])
        .success()
        .stdout_is("Schema at version 9: applied 4, 5, 6, 7, 8, 9.\n");
    db.kanban(["start", "kept"]).success();
}

#[test]
fn a_database_ahead_of_the_binary_asks_for_an_upgrade() {
    let db = TestDb::new();
    // As a step 10 would leave it: its own record and marker, step 9's marker gone.
    db.sql(
        "INSERT INTO kanban_schema_version (version, description) VALUES (10, 'from the future'); \
         DROP DOMAIN kanban_schema_9; CREATE DOMAIN kanban_schema_10 AS boolean",
    );
    for args in [
        vec!["tasks"],
        vec!["new", "x"],
        vec!["elapsed", "x"],
        vec!["init"],
        vec!["grant", "--read", "somebody"],
    ] {
        db.kanban(&args)
            .fails(5)
            .stderr_contains("this kanban is older than the database schema (v10")
            .stderr_contains("upgrade kanban");
    }
    assert_eq!(db.value("SELECT count(*) FROM task").as_deref(), Some("0"));
}

#[test]
fn a_version_marker_dropped_by_hand_is_named_by_doctor_and_put_back_by_init() {
    let db = TestDb::new();
    db.kanban(["new", "kept"]).success();
    db.sql("DROP DOMAIN kanban_schema_9");
    db.kanban(["tasks"]).fails(5).stderr_contains("kanban init");
    let report = db.kanban(["doctor", "-o", "json"]).run().code(5).json();
    assert_eq!(report["schema"], "incomplete");
    assert!(
        report["problem"].as_str().unwrap().contains("kanban init"),
        "{report}"
    );
    db.kanban(["init", "--dry-run"]).success();
    db.kanban(["tasks"]).fails(5);
    db.kanban(["init"])
        .success()
        .stdout_is("Schema already at version 9.\n");
    db.kanban(["start", "kept"]).success();
    assert_eq!(
        db.kanban(["doctor", "-o", "json"]).success().json()["schema"],
        "current"
    );
}

#[test]
fn the_database_refuses_impossible_states() {
    let db = TestDb::new();
    let impossible = [
        "INSERT INTO kanban_task (name) VALUES ('')",
        "INSERT INTO kanban_task (name) VALUES ('  padded  ')",
        "INSERT INTO kanban_task (name) VALUES (E'two\\nlines')",
        "INSERT INTO kanban_task (name) VALUES (repeat('x', 201))",
        "INSERT INTO kanban_task (name, start_datetime) VALUES ('todo with a start', now())",
        "INSERT INTO kanban_task (name, status) VALUES ('running without a start', 'in_progress')",
        "INSERT INTO kanban_task (name, status, start_datetime, end_datetime) \
         VALUES ('running with an end', 'in_progress', now(), now())",
        "INSERT INTO kanban_task (name, status, start_datetime, hourly_rate) \
         VALUES ('done without an end', 'done', now(), 10)",
        "INSERT INTO kanban_task (name, status, start_datetime, end_datetime, hourly_rate) \
         VALUES ('ends before it starts', 'done', now(), now() - interval '1 second', 10)",
        "INSERT INTO kanban_task (name, status) VALUES ('done without times', 'done')",
        "INSERT INTO kanban_task (name, status, start_datetime, end_datetime, hourly_rate) \
         VALUES ('free work', 'done', now(), now(), 0)",
        "INSERT INTO kanban_task (name, status) VALUES ('unknown', 'doing')",
        "INSERT INTO kanban_task (name, status, start_datetime) VALUES ('forever', 'in_progress', 'infinity')",
    ];
    for sql in impossible {
        let error = db.sql_error(sql);
        assert!(
            error.contains("constraint") || error.contains("enum"),
            "{sql}: {error}"
        );
    }
    // A Done task inserted whole without a rate gets the rate in force, as a resolve does.
    db.sql(
        "INSERT INTO kanban_task (name, status, start_datetime, end_datetime) \
         VALUES ('imported done', 'done', now() - interval '1 hour', now())",
    );
    db.kanban(["cost", "imported done"])
        .success()
        .stdout_is("$10.00\n");
    db.sql("DELETE FROM kanban_task WHERE name = 'imported done'");
    db.kanban(["new", "x"]).success();
    db.sql_error("INSERT INTO kanban_task (name) VALUES ('x')");
    db.sql_error("UPDATE kanban_task SET status = 'done'");
    assert_eq!(
        db.value("SELECT count(*) FROM kanban_task").as_deref(),
        Some("1")
    );
}

/// A migration step's SQL, as shipped in db/migrations.
pub fn step_sql(file: &str) -> String {
    std::fs::read_to_string(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("db/migrations")
            .join(file),
    )
    .unwrap()
}

#[test]
fn init_as_a_role_that_may_not_create_tables_says_to_run_it_as_the_owner() {
    let db = TestDb::empty();
    let role = db.role("");
    db.kanban_as(&role, ["init"])
        .fails(5)
        .stderr_contains("permission denied for schema public")
        .stderr_contains("run `kanban init` as the database's owner")
        .no_output_contains(&role.password);
    assert_eq!(
        db.value("SELECT to_regclass('task') IS NULL").as_deref(),
        Some("t")
    );
    db.kanban(["init"]).success();
}
