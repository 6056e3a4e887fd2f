//! The history of every change: written by the database in the change's own transaction,
//! whoever makes it (kanban, psql, the old system's statements), read with `kanban log`.

use serde_json::Value;

use crate::support::TestDb;

fn events(db: &TestDb, args: &[&str]) -> Vec<Value> {
    let mut words = vec!["log", "-o", "json"];
    words.extend_from_slice(args);
    db.kanban(&words)
        .success()
        .json()
        .as_array()
        .unwrap()
        .clone()
}

fn actions(events: &[Value]) -> Vec<&str> {
    events
        .iter()
        .map(|event| event["action"].as_str().unwrap())
        .collect()
}

#[test]
fn every_change_is_recorded_newest_first_with_who_made_it() {
    let db = TestDb::new();
    let before = db.value("SELECT now()::text").unwrap();
    let as_alice = |args: &[&str]| db.kanban(args).env("KANBAN_ACTOR", "alice").success();
    as_alice(&["new", "a", "b"]);
    as_alice(&["start", "a"]);
    as_alice(&["stop", "a"]);
    as_alice(&["start", "a"]);
    as_alice(&["resolve", "a"]);
    as_alice(&["reopen", "a"]);
    as_alice(&["rename", "a", "A"]);
    as_alice(&["rm", "--force", "A"]);
    let all = events(&db, &[]);
    assert_eq!(
        actions(&all),
        [
            "removed", "renamed", "reopened", "resolved", "started", "stopped", "started",
            "created", "created"
        ]
    );
    let role = db.value("SELECT current_user").unwrap();
    for event in &all {
        assert_eq!(event["actor"], "alice", "{event}");
        assert_eq!(event["role"], role.as_str(), "{event}");
    }
    // Columns moved between, by label.
    assert_eq!(all[3]["from_status"], "in_progress");
    assert_eq!(all[3]["to_status"], "done");
    assert_eq!(all[3]["hourly_rate"], "10");
    // Times from the server's clock.
    let after_start = db
        .value(&format!(
            "SELECT bool_and(at >= '{before}') FROM task_event"
        ))
        .unwrap();
    assert_eq!(after_start, "t");
    // Without KANBAN_ACTOR, the actor is user@host.
    db.kanban(["new", "c"])
        .env_remove("KANBAN_ACTOR")
        .env("USER", "bob")
        .success();
    let latest = &events(&db, &["--limit", "1"])[0];
    assert!(
        latest["actor"].as_str().unwrap().starts_with("bob@"),
        "{latest}"
    );
}

#[test]
fn changes_made_outside_kanban_are_recorded_with_the_clients_name() {
    let db = TestDb::new();
    db.kanban(["new", "x"]).success();
    db.sql(
        "SET application_name = 'a psql session'; \
         UPDATE kanban_task SET status = 'in_progress', start_datetime = now() WHERE name = 'x'",
    );
    let latest = &events(&db, &["x"])[0];
    assert_eq!(latest["action"], "started");
    assert_eq!(latest["actor"], "a psql session");
    // An edit of the times by hand is an edit, and moves the session with it.
    db.sql("UPDATE kanban_task SET start_datetime = '2026-03-01 14:00:00+00' WHERE name = 'x'");
    assert_eq!(events(&db, &["x"])[0]["action"], "edited");
    assert_eq!(
        db.value("SELECT min(started)::text FROM task_work")
            .as_deref(),
        Some("2026-03-01 14:00:00+00")
    );
    // A statement that changes nothing records nothing.
    db.sql("UPDATE kanban_task SET name = name");
    assert_eq!(events(&db, &["x"]).len(), 3);
}

#[test]
fn the_history_cannot_be_rewritten() {
    let db = TestDb::new();
    db.kanban(["new", "x"]).success();
    for sql in [
        "UPDATE task_event SET actor = 'someone else'",
        "DELETE FROM task_event",
        "TRUNCATE task_event",
    ] {
        let refused = db.sql_error(sql);
        assert!(refused.contains("append-only"), "{sql}: {refused}");
    }
    assert_eq!(events(&db, &[]).len(), 1);
    // Nor forged: events are written by the triggers on task only.
    let refused = db.sql_error(
        "INSERT INTO task_event (task_id, name, action, actor, db_role) \
         VALUES (1, 'x', 'created', 'mallory', 'mallory')",
    );
    assert!(
        refused.contains("written by the database's triggers"),
        "{refused}"
    );
    // A task keeps its id, which its sessions and history hang on.
    let refused = db.sql_error("UPDATE kanban_task SET id = DEFAULT");
    assert!(refused.contains("id never changes"), "{refused}");
    // TRUNCATE fires no row triggers, but the removals are recorded all the same.
    db.sql("TRUNCATE kanban_task RESTART IDENTITY CASCADE");
    assert_eq!(actions(&events(&db, &[])), ["removed", "created"]);
    // And a task's id is never reused, even when the identity restarts: a new task does not
    // inherit the history of the one removed.
    db.kanban(["new", "y"]).success();
    let new_id = db
        .value("SELECT id FROM kanban_task WHERE name = 'y'")
        .unwrap();
    assert_ne!(new_id, "1");
    assert_eq!(actions(&events(&db, &["y"])), ["created"]);
}

#[test]
fn an_actor_is_one_printable_line() {
    let db = TestDb::new();
    db.kanban(["new", "x"]).success();
    db.kanban(["new", "y"])
        .env("KANBAN_ACTOR", "\u{1b}[31mred")
        .fails(5)
        .stderr_contains("KANBAN_ACTOR");
    db.kanban(["new", "y"])
        .env("KANBAN_ACTOR", "a".repeat(201))
        .fails(5);
    // Whoever sets the setting by hand gets its control characters replaced.
    db.sql(
        "BEGIN; SET LOCAL kanban.actor = E'\\x1b[31mred'; \
         UPDATE kanban_task SET status = 'in_progress', start_datetime = now() WHERE name = 'x'; COMMIT",
    );
    assert_eq!(events(&db, &[])[0]["actor"], "?[31mred");
    // Bidi controls too: refused in KANBAN_ACTOR, replaced in whatever the history shows
    // (a role's name may hold anything).
    db.kanban(["new", "y"])
        .env("KANBAN_ACTOR", "\u{202e}evil")
        .fails(5);
    assert_eq!(
        db.value("SELECT kanban_printable(E'a\\u202eb\\x1bc\\u2028d')")
            .as_deref(),
        Some("a?b?c?d")
    );
}

#[test]
fn the_old_systems_own_statements_are_accepted_and_recorded() {
    let db = TestDb::new();
    // As its SQLAlchemy model wrote them: naive UTC times, no rate, no interval.
    db.sql(
        "SET application_name = 'old service'; \
         INSERT INTO task (name, status) VALUES ('Build a house', 'todo'); \
         UPDATE task SET status = 'in_progress', \
                start_datetime = '2026-03-01 14:00:00'::timestamp \
          WHERE task.name = 'Build a house'; \
         UPDATE task SET status = 'done', end_datetime = '2026-03-01 14:15:45'::timestamp \
          WHERE task.name = 'Build a house'",
    );
    db.kanban(["cost", "Build a house"])
        .success()
        .stdout_is("$2.63\n");
    db.kanban(["elapsed", "Build a house"])
        .success()
        .stdout_is("00:15:45\n");
    let recorded = events(&db, &["Build a house"]);
    assert_eq!(actions(&recorded), ["resolved", "started", "created"]);
    assert!(recorded.iter().all(|event| event["actor"] == "old service"));
    assert_eq!(
        db.value("SELECT count(*) FROM task_work").as_deref(),
        Some("1")
    );
    // The rate in force comes from the session's kanban.hourly_rate when it has one.
    db.sql(
        "SET kanban.hourly_rate = '12.50'; \
         INSERT INTO task (name, status) VALUES ('Lay bricks', 'todo'); \
         UPDATE task SET status = 'in_progress', start_datetime = '2026-03-02 09:00:00'::timestamp \
          WHERE task.name = 'Lay bricks'; \
         UPDATE task SET status = 'done', end_datetime = '2026-03-02 10:00:00'::timestamp \
          WHERE task.name = 'Lay bricks'",
    );
    db.kanban(["cost", "Lay bricks"])
        .success()
        .stdout_is("$12.50\n");
    // An end it gives before the work began is refused, not moved.
    db.sql(
        "INSERT INTO task (name, status) VALUES ('late', 'todo'); \
         UPDATE task SET status = 'in_progress', start_datetime = now() WHERE name = 'late'",
    );
    let refused = db.sql_error(
        "UPDATE task SET status = 'done', end_datetime = '2026-01-01 10:00:00'::timestamp \
          WHERE task.name = 'late'",
    );
    assert!(
        refused.contains("task_work_ends_after_it_starts"),
        "{refused}"
    );
    // And its test suite's wipe is recorded too.
    db.sql("DELETE FROM kanban_task");
    assert_eq!(events(&db, &["--limit", "2"])[0]["action"], "removed");
}

#[test]
fn log_filters_by_name_time_and_count_and_prints_every_format() {
    let db = TestDb::new();
    db.kanban(["new", "a", "b", "c"]).success();
    db.kanban(["start", "b"]).success();
    assert_eq!(events(&db, &[]).len(), 4);
    assert_eq!(actions(&events(&db, &["b"])), ["started", "created"]);
    assert_eq!(events(&db, &["a", "c"]).len(), 2);
    assert_eq!(events(&db, &["--limit", "1"]).len(), 1);
    assert_eq!(events(&db, &["--since", "1h"]).len(), 4);
    assert_eq!(events(&db, &["--since", "today"]).len(), 4);
    assert!(events(&db, &["--since", "2999-01-01T00:00:00Z"]).is_empty());
    assert!(events(&db, &["never there"]).is_empty());
    db.kanban(["log", "--since", "2999-01-01"])
        .success()
        .stdout_is("No changes recorded.\n");
    db.kanban(["log", "--since", "last tuesday"])
        .fails(2)
        .stderr_contains("36h");
    db.kanban(["log", "--limit", "0"]).fails(2);
    let (header, rows) = db.kanban(["log", "-o", "csv"]).success().records(b',');
    assert_eq!(
        header,
        [
            "id",
            "at",
            "action",
            "task_id",
            "name",
            "old_name",
            "from_status",
            "to_status",
            "actor",
            "role",
            "start_datetime",
            "end_datetime",
            "hourly_rate",
            "worked_seconds"
        ]
    );
    assert_eq!(rows.len(), 4);
    assert_eq!(rows[0][2], "started");
    let (_, rows) = db
        .kanban(["log", "b", "-o", "tsv"])
        .success()
        .records(b'\t');
    assert_eq!(rows.len(), 2);
    let table = db.kanban(["log"]).success().stdout;
    assert_eq!(table.matches("created").count(), 3, "{table}");
    assert!(table.contains("To Do → In Progress"), "{table}");
}

#[test]
fn a_long_history_prints_as_one_table() {
    let db = TestDb::new();
    db.sql("INSERT INTO kanban_task (name) SELECT 'task ' || n FROM generate_series(1, 1200) n");
    let out = db
        .kanban(["--color", "never", "log"])
        .env("LC_ALL", "C.UTF-8")
        .success();
    let lines: Vec<&str> = out.stdout.lines().collect();
    assert_eq!(
        lines.len(),
        1200 + 4,
        "header, borders and one line per event"
    );
    let widths: std::collections::HashSet<usize> =
        lines.iter().map(|line| line.chars().count()).collect();
    assert_eq!(widths.len(), 1, "{widths:?}");
    assert_eq!(
        lines
            .iter()
            .filter(|line| line.starts_with(['┌', '└']))
            .count(),
        2
    );
    assert!(lines[3].contains("task 1200"), "newest first: {}", lines[3]);
}
