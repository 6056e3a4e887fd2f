//! The board's everyday life: work in sessions (stop, resume, reopen), rename and remove,
//! each with the database keeping the sessions valid.

use serde_json::Value;

use crate::support::TestDb;

/// Moves a task's sessions, oldest first, to exact times by hand, as psql would (the task's
/// totals, first start and end follow). Each move keeps the sessions valid: the targets lie
/// before the sessions kanban just made, and are taken in order.
fn sessions_at(db: &TestDb, name: &str, targets: &[(&str, Option<&str>)]) {
    let id = db
        .value(&format!("SELECT id FROM kanban_task WHERE name = '{name}'"))
        .unwrap();
    assert_eq!(
        sessions(db, name).len(),
        targets.len(),
        "one target per session"
    );
    for (at, (started, ended)) in targets.iter().enumerate() {
        let ended = ended.map_or("NULL".to_owned(), |ended| format!("'{ended}'"));
        db.sql(&format!(
            "UPDATE task_work SET started = '{started}', ended = {ended} \
              WHERE task_id = {id} AND started = (SELECT started FROM task_work \
                     WHERE task_id = {id} ORDER BY started OFFSET {at} LIMIT 1)"
        ));
    }
}

fn task_json(db: &TestDb, name: &str) -> Value {
    let tasks = db.kanban(["tasks", "-o", "json"]).success().json();
    tasks
        .as_array()
        .unwrap()
        .iter()
        .find(|task| task["name"] == name)
        .cloned()
        .unwrap_or_else(|| panic!("no task {name} in {tasks}"))
}

/// Sessions as `(started, ended)` text, oldest first.
fn sessions(db: &TestDb, name: &str) -> Vec<Vec<Option<String>>> {
    db.rows(&format!(
        "SELECT started::text, ended::text FROM task_work \
          WHERE task_id = (SELECT id FROM kanban_task WHERE name = '{name}') ORDER BY started"
    ))
}

#[test]
fn time_in_work_is_the_sum_of_the_sessions() {
    let db = TestDb::new();
    db.kanban(["new", "Build a house"]).success();
    db.kanban(["start", "Build a house"]).success();
    db.kanban(["stop", "Build a house"])
        .success()
        .stdout_is("Task Build a house stopped.\n");
    db.kanban(["start", "Build a house"]).success();
    db.kanban(["resolve", "Build a house"]).success();
    assert_eq!(sessions(&db, "Build a house").len(), 2);
    // 10 minutes, a pause of 50, then 5:45: 15:45 of work, not the 1:05:45 from start to end.
    sessions_at(
        &db,
        "Build a house",
        &[
            ("2026-03-01 14:00:00+00", Some("2026-03-01 14:10:00+00")),
            ("2026-03-01 15:00:00+00", Some("2026-03-01 15:05:45+00")),
        ],
    );
    db.kanban(["elapsed", "Build a house"])
        .success()
        .stdout_is("00:15:45\n");
    db.kanban(["cost", "Build a house"])
        .success()
        .stdout_is("$2.63\n");
    let task = task_json(&db, "Build a house");
    assert_eq!(task["start_datetime"], "2026-03-01T14:00:00.000000+00:00");
    assert_eq!(task["end_datetime"], "2026-03-01T15:05:45.000000+00:00");
    assert_eq!(task["elapsed_seconds"], 945);
    assert_eq!(task["sessions"], 2);
    assert_eq!(task["paused"], false);
}

#[test]
fn a_stopped_task_keeps_its_time_and_resumes_with_its_first_start() {
    let db = TestDb::new();
    db.kanban(["new", "a", "b"]).success();
    db.kanban(["start", "a", "b"]).success();
    sessions_at(&db, "a", &[("2026-03-01 09:00:00+00", None)]);
    let first_start = task_json(&db, "a")["start_datetime"].clone();
    // Paused via the alias, together with b: all or none.
    db.kanban(["pause", "a", "b"]).success();
    let paused = task_json(&db, "a");
    assert_eq!(paused["status"], "todo");
    assert_eq!(paused["paused"], true);
    assert_eq!(
        paused["start_datetime"],
        Value::Null,
        "To Do has no running start"
    );
    let worked = paused["elapsed_seconds"].as_i64().unwrap();
    assert!(worked > 3600, "{paused}");
    // The time so far stays readable; there is no cost before Done.
    assert!(db.kanban(["elapsed", "a"]).success().stdout.contains(':'));
    db.kanban(["cost", "a"]).fails(4).stderr_contains("To Do");
    // The table and the board say it is paused.
    db.kanban(["tasks"])
        .success()
        .stdout_contains("To Do (paused)");
    db.kanban(["board"]).success().stdout_contains("paused ");
    // A stop of a task not in progress changes nothing, with exit 4; a resolve says how to
    // go on.
    db.kanban(["stop", "a"]).fails(4);
    db.kanban(["resolve", "a"])
        .fails(4)
        .stderr_contains("task `a` is stopped (paused in To Do): run `kanban start`");
    db.kanban(["start", "a"]).success();
    let resumed = task_json(&db, "a");
    assert_eq!(resumed["start_datetime"], first_start);
    assert_eq!(resumed["sessions"], 2);
    assert!(resumed["elapsed_seconds"].as_i64().unwrap() >= worked);
    let found = sessions(&db, "a");
    assert_eq!(found.len(), 2);
    assert!(found[0][1].is_some() && found[1][1].is_none());
    // A task never started has no time in work.
    db.kanban(["new", "fresh"]).success();
    db.kanban(["elapsed", "fresh"]).fails(4);
}

#[test]
fn stop_is_all_or_none() {
    let db = TestDb::new();
    db.kanban(["new", "running", "waiting"]).success();
    db.kanban(["start", "running"]).success();
    db.kanban(["stop", "running", "waiting"])
        .fails(4)
        .stderr_contains("task `waiting` is in To Do: only a task In Progress can be stopped");
    db.kanban(["stop", "running", "missing"]).fails(3);
    assert_eq!(
        db.value("SELECT status FROM kanban_task WHERE name = 'running'")
            .as_deref(),
        Some("in_progress")
    );
}

#[test]
fn reopen_clears_the_end_and_rate_and_the_next_resolve_freezes_the_new_rate() {
    let db = TestDb::new();
    db.kanban(["new", "a"]).success();
    db.kanban(["start", "a"]).success();
    db.kanban(["resolve", "a"]).success();
    sessions_at(
        &db,
        "a",
        &[("2026-03-01 14:00:00+00", Some("2026-03-01 15:00:00+00"))],
    );
    db.kanban(["cost", "a"]).success().stdout_is("$10.00\n");
    db.kanban(["reopen", "a"])
        .success()
        .stdout_is("Task a reopened.\n");
    let reopened = task_json(&db, "a");
    assert_eq!(reopened["status"], "in_progress");
    assert_eq!(reopened["end_datetime"], Value::Null);
    assert_eq!(reopened["hourly_rate"], Value::Null);
    assert_eq!(reopened["sessions"], 2);
    db.kanban(["cost", "a"]).fails(4);
    db.kanban(["reopen", "a"])
        .fails(4)
        .stderr_contains("already In Progress");
    db.kanban(["resolve", "a"])
        .env("KANBAN_HOURLY_RATE", "20")
        .success();
    // Second session: 30 minutes at the new rate, with the first hour: 1.5 h x $20.
    sessions_at(
        &db,
        "a",
        &[
            ("2026-03-01 14:00:00+00", Some("2026-03-01 15:00:00+00")),
            ("2026-03-02 09:00:00+00", Some("2026-03-02 09:30:00+00")),
        ],
    );
    db.kanban(["cost", "a"]).success().stdout_is("$30.00\n");
    db.kanban(["elapsed", "a"])
        .success()
        .stdout_is("01:30:00\n");
    db.kanban(["new", "todo"]).success();
    db.kanban(["reopen", "todo"])
        .fails(4)
        .stderr_contains("only a Done task");
}

#[test]
fn the_database_keeps_sessions_valid() {
    let db = TestDb::new();
    db.kanban(["new", "a"]).success();
    db.kanban(["start", "a"]).success();
    let id = db.value("SELECT id FROM kanban_task").unwrap();
    // A second open session, or one overlapping another, is refused by the database.
    let refused = db.sql_error(&format!(
        "INSERT INTO task_work (task_id, started) VALUES ({id}, now() - interval '1 day')"
    ));
    assert!(
        refused.contains("task_work_never_overlaps") || refused.contains("one_open"),
        "{refused}"
    );
    db.kanban(["stop", "a"]).success();
    let refused = db.sql_error(&format!(
        "INSERT INTO task_work (task_id, started, ended) \
         VALUES ({id}, now() - interval '1 hour', now() + interval '1 hour')"
    ));
    assert!(refused.contains("task_work_never_overlaps"), "{refused}");
    let refused = db.sql_error(&format!(
        "INSERT INTO task_work (task_id, started, ended) VALUES ({id}, now(), now() - interval '1 second')"
    ));
    assert!(
        refused.contains("task_work_ends_after_it_starts"),
        "{refused}"
    );
    // A running task cannot lose its open session.
    db.kanban(["start", "a"]).success();
    let refused = db.sql_error(&format!(
        "DELETE FROM task_work WHERE task_id = {id} AND ended IS NULL"
    ));
    assert!(refused.contains("task_works_only_in_progress"), "{refused}");
}

#[test]
fn rename_moves_the_name_and_keeps_the_sessions_and_history() {
    let db = TestDb::new();
    db.kanban(["new", "Bulid a house", "Taken"]).success();
    db.kanban(["start", "Bulid a house"]).success();
    db.kanban(["rename", "Bulid a house", "Build a house"])
        .success()
        .stdout_is("Task Build a house renamed.\n");
    assert_eq!(sessions(&db, "Build a house").len(), 1);
    assert_eq!(task_json(&db, "Build a house")["status"], "in_progress");
    db.kanban(["rename", "Nope", "Other"])
        .fails(3)
        .stderr_contains("Nope");
    db.kanban(["rename", "Build a house", "Taken"])
        .fails(4)
        .stderr_contains("`Taken` already exists");
    // The new name follows the rules of `kanban new`.
    db.kanban(["rename", "Build a house", "two\nlines"])
        .fails(2);
    db.kanban(["rename", "Build a house", "  "]).fails(2);
    // The history finds the task by either name.
    for name in ["Bulid a house", "Build a house"] {
        let events = db.kanban(["log", name, "-o", "json"]).success().json();
        let actions: Vec<&str> = events
            .as_array()
            .unwrap()
            .iter()
            .map(|event| event["action"].as_str().unwrap())
            .collect();
        assert_eq!(actions, ["renamed", "started", "created"], "{name}");
        assert_eq!(events[0]["old_name"], "Bulid a house");
        assert_eq!(events[0]["name"], "Build a house");
    }
}

#[test]
fn rm_deletes_to_do_tasks_and_needs_force_for_work_and_billing_data() {
    let db = TestDb::new();
    db.kanban(["new", "typo", "working", "billed"]).success();
    db.kanban(["start", "working", "billed"]).success();
    db.kanban(["resolve", "billed"]).success();
    // All or none: the To Do task stays when another named one may not go.
    db.kanban(["rm", "typo", "working"])
        .fails(4)
        .stderr_contains("--force");
    db.kanban(["rm", "billed"])
        .fails(4)
        .stderr_contains("billing data");
    // Every task that needs --force is named, not only the first.
    let out = db
        .kanban(["rm", "typo", "working", "billed"])
        .fails(4)
        .stderr_contains("task `working` is In Progress")
        .stderr_contains("task `billed` is Done")
        .stderr_contains("use --force to remove them anyway");
    assert_eq!(out.stderr.matches("--force").count(), 1, "{}", out.stderr);
    db.kanban(["rm", "typo", "missing"]).fails(3);
    // A stopped task has time in work recorded: it needs --force too.
    db.kanban(["new", "paused"]).success();
    db.kanban(["start", "paused"]).success();
    db.kanban(["stop", "paused"]).success();
    db.kanban(["rm", "paused"])
        .fails(4)
        .stderr_contains("time in work recorded");
    db.kanban(["rm", "--force", "paused"]).success();
    assert_eq!(
        db.value("SELECT count(*) FROM kanban_task").as_deref(),
        Some("3")
    );
    db.kanban(["rm", "typo"])
        .success()
        .stdout_is("Task typo removed.\n");
    db.kanban(["remove", "--force", "working", "billed"])
        .success();
    assert_eq!(
        db.value("SELECT count(*) FROM kanban_task").as_deref(),
        Some("0")
    );
    assert_eq!(
        db.value("SELECT count(*) FROM task_work").as_deref(),
        Some("0"),
        "sessions go with their task"
    );
    // The history keeps the removed task's last state.
    let events = db.kanban(["log", "billed", "-o", "json"]).success().json();
    let removed = &events[0];
    assert_eq!(removed["action"], "removed");
    assert_eq!(removed["from_status"], "done");
    assert_eq!(removed["hourly_rate"], "10");
    assert!(removed["end_datetime"].is_string());
    assert!(removed["worked_seconds"].is_i64());
    // The name is free again, and a new task under it has its own history.
    db.kanban(["new", "billed"]).success();
    let events = db.kanban(["log", "billed", "-o", "json"]).success().json();
    let task_ids: std::collections::HashSet<i64> = events
        .as_array()
        .unwrap()
        .iter()
        .map(|event| event["task_id"].as_i64().unwrap())
        .collect();
    assert_eq!(
        task_ids.len(),
        2,
        "both tasks ever named `billed`: {events}"
    );
}
