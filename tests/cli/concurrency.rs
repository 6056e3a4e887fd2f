//! Many processes acting on the same task at once: exactly one wins, the rest get exit 4.

use crate::support::{Running, TestDb};

const RACERS: usize = 16;

/// Starts `RACERS` copies of `kanban ARGS` at once and returns their exit codes.
fn race(db: &TestDb, args: &[&str]) -> Vec<i32> {
    let children: Vec<Running> = (0..RACERS).map(|_| db.kanban(args).spawn()).collect();
    children
        .into_iter()
        .map(|child| child.finish().code.expect("an exit code"))
        .collect()
}

fn winners_and_losers(codes: &[i32]) -> (usize, usize) {
    let winners = codes.iter().filter(|code| **code == 0).count();
    let losers = codes.iter().filter(|code| **code == 4).count();
    (winners, losers)
}

#[test]
fn exactly_one_of_many_adds_wins() {
    let db = TestDb::new();
    let codes = race(&db, &["new", "contested"]);
    assert_eq!(winners_and_losers(&codes), (1, RACERS - 1), "{codes:?}");
    assert_eq!(
        db.value("SELECT count(*) FROM kanban_task").as_deref(),
        Some("1")
    );
}

#[test]
fn exactly_one_of_many_starts_wins() {
    let db = TestDb::new();
    db.kanban(["new", "contested"]).success();
    let started_before = db.kanban(["tasks"]).success();
    assert!(started_before.stdout.contains("To Do"));
    let codes = race(&db, &["start", "contested"]);
    assert_eq!(winners_and_losers(&codes), (1, RACERS - 1), "{codes:?}");
    assert_eq!(
        db.value("SELECT status FROM kanban_task").as_deref(),
        Some("in_progress")
    );
}

#[test]
fn exactly_one_of_many_resolves_wins_and_the_end_time_is_written_once() {
    let db = TestDb::new();
    db.kanban(["new", "contested"]).success();
    db.kanban(["start", "contested"]).success();
    let codes = race(&db, &["resolve", "contested"]);
    assert_eq!(winners_and_losers(&codes), (1, RACERS - 1), "{codes:?}");
    assert_eq!(
        db.value("SELECT status FROM kanban_task").as_deref(),
        Some("done")
    );
}

#[test]
fn overlapping_multi_task_starts_never_half_apply() {
    let db = TestDb::new();
    db.kanban(["new", "a", "b", "c"]).success();
    let first = db.kanban(["start", "a", "b"]).spawn();
    let second = db.kanban(["start", "b", "c"]).spawn();
    let codes: Vec<i32> = [first, second]
        .into_iter()
        .map(|child| child.finish().code.unwrap())
        .collect();
    assert_eq!(winners_and_losers(&codes), (1, 1), "{codes:?}");
    let started = db.value(
        "SELECT string_agg(name, ',' ORDER BY name) FROM kanban_task WHERE status = 'in_progress'",
    );
    assert!(
        started.as_deref() == Some("a,b") || started.as_deref() == Some("b,c"),
        "{started:?}"
    );
}

#[test]
fn exactly_one_of_many_stops_starts_and_reopens_wins_and_sessions_stay_valid() {
    let db = TestDb::new();
    db.kanban(["new", "contested"]).success();
    db.kanban(["start", "contested"]).success();
    for (args, status) in [
        (["stop", "contested"], "todo"),
        (["start", "contested"], "in_progress"),
        (["resolve", "contested"], "done"),
        (["reopen", "contested"], "in_progress"),
    ] {
        let codes = race(&db, &args);
        assert_eq!(
            winners_and_losers(&codes),
            (1, RACERS - 1),
            "{args:?}: {codes:?}"
        );
        assert_eq!(
            db.value("SELECT status FROM kanban_task").as_deref(),
            Some(status)
        );
    }
    // Start, stop-start, reopen: three sessions, one open, none overlapping (the database
    // refuses overlaps; this reads them back to be sure).
    assert_eq!(
        db.rows(
            "SELECT count(*), count(*) FILTER (WHERE ended IS NULL), \
                    bool_or(EXISTS (SELECT FROM task_work b WHERE b.ctid <> a.ctid \
                        AND tstzrange(b.started, b.ended) && tstzrange(a.started, a.ended))) \
               FROM task_work a"
        ),
        [[
            Some("3".to_owned()),
            Some("1".to_owned()),
            Some("f".to_owned())
        ]]
    );
    assert_eq!(
        db.value("SELECT count(*) FROM task_event").as_deref(),
        Some("6"),
        "one event per change that won"
    );
}
