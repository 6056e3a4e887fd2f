//! Ordinary trouble, for real: locks held by another session, a network that goes silent or
//! is cut (through the fault-injection proxy), interrupts, deadlock-prone batches, and
//! databases whose isolation level makes transactions fail to serialize. Nothing may hang,
//! and nothing may happen after kanban said it failed.

use std::io::Write;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use crate::support::proxy::{Fault, Proxy};
use crate::support::{Cmd, Running, TestDb, finish, silent_port};
use crate::watch::Terminal;

/// The board, as text, to compare before and after trouble.
fn board_state(db: &TestDb) -> Vec<Vec<Option<String>>> {
    db.rows(
        "SELECT name, status::text, start_datetime::text, end_datetime::text, hourly_rate::text \
           FROM kanban_task ORDER BY name",
    )
}

/// A command through `proxy`, its failures quick: short limits, so a test waits seconds.
fn through(db: &TestDb, proxy: &Proxy, args: &[&str]) -> Cmd {
    db.kanban(args)
        .env("POSTGRES_HOST", "127.0.0.1")
        .env("POSTGRES_PORT", proxy.port.to_string())
        .env("PGSSLMODE", "disable")
        .env("KANBAN_READ_TIMEOUT", "2s")
        .env("KANBAN_STATEMENT_TIMEOUT", "1s")
        .env("PGCONNECT_TIMEOUT", "2")
}

/// Waits until exactly `count` kanban sessions of this database match `condition`.
fn wait_for_kanban_sessions(db: &TestDb, condition: &str, count: usize, what: &str) {
    let started = Instant::now();
    while db
        .value(&format!(
            "SELECT count(*) FROM pg_stat_activity WHERE datname = '{}' \
               AND application_name = 'kanban' AND {condition}",
            db.name
        ))
        .as_deref()
        != Some(count.to_string().as_str())
    {
        assert!(started.elapsed() < Duration::from_secs(10), "{what}");
        std::thread::sleep(Duration::from_millis(20));
    }
}

/// Waits until a kanban session waits for a lock in this database.
fn wait_until_blocked(db: &TestDb) {
    wait_for_kanban_sessions(
        db,
        "wait_event_type = 'Lock'",
        1,
        "kanban never waited for the lock",
    );
}

fn signal(running: &Running, name: &str) {
    let status = Command::new("kill")
        .arg(format!("-{name}"))
        .arg(running.child.id().to_string())
        .status()
        .unwrap();
    assert!(status.success());
}

#[test]
fn a_row_lock_held_elsewhere_ends_changes_with_busy_and_changes_nothing() {
    let db = TestDb::new();
    db.kanban(["new", "held", "free"]).success();
    db.kanban(["start", "free"]).success();
    let before = board_state(&db);
    let mut holder = db.client();
    let mut transaction = holder.transaction().unwrap();
    transaction
        .batch_execute("SELECT * FROM kanban_task WHERE name IN ('held', 'free') FOR UPDATE")
        .unwrap();
    for args in [
        vec!["start", "held"],
        vec!["resolve", "free"],
        vec!["start", "held", "--", "-dash"],
    ] {
        let started = Instant::now();
        db.kanban(&args)
            .env("KANBAN_LOCK_TIMEOUT", "1s")
            .fails(7)
            .stderr_contains("busy: another session holds a lock")
            .stderr_contains("nothing was changed, safe to retry");
        assert!(started.elapsed() < Duration::from_secs(10));
    }
    // The default limit holds too, without any setting.
    db.kanban(["start", "held"])
        .fails(7)
        .stderr_contains("KANBAN_LOCK_TIMEOUT");
    // Reads do not wait for row locks at all.
    db.kanban(["tasks"]).success().stdout_contains("held");
    db.kanban(["elapsed", "free"]).success();
    db.kanban(["board"]).success();
    // JSON errors carry the kind scripts test for.
    let error = db
        .kanban(["start", "held", "-o", "json"])
        .env("KANBAN_LOCK_TIMEOUT", "500ms")
        .run()
        .code(7)
        .stderr_json();
    assert_eq!(error["error"]["kind"], "busy");
    transaction.rollback().unwrap();
    assert_eq!(board_state(&db), before);
    db.kanban(["start", "held"]).success();
}

#[test]
fn a_table_lock_makes_every_command_busy_and_doctor_names_the_holder() {
    let db = TestDb::new();
    db.kanban(["new", "a"]).success();
    let before = board_state(&db);
    let mut holder = db.client();
    let mut transaction = holder.transaction().unwrap();
    transaction.batch_execute("LOCK TABLE kanban_task").unwrap();
    for args in [
        vec!["new", "b"],
        vec!["start", "a"],
        vec!["tasks"],
        vec!["tasks", "-o", "csv"],
        vec!["elapsed", "a"],
        vec!["cost", "a"],
        vec!["board"],
    ] {
        db.kanban(&args)
            .env("KANBAN_LOCK_TIMEOUT", "1")
            .fails(7)
            .stderr_contains("busy");
    }
    let report = db
        .kanban(["doctor", "-o", "json"])
        .env("KANBAN_LOCK_TIMEOUT", "1")
        .run()
        .code(7)
        .json();
    assert_eq!(report["ok"], false);
    let holders = report["blocked_by"].as_str().unwrap();
    assert!(
        holders.contains("AccessExclusiveLock") && holders.contains("kanban-tests"),
        "{report}"
    );
    transaction.rollback().unwrap();
    assert_eq!(board_state(&db), before);
    let report = db.kanban(["doctor", "-o", "json"]).success().json();
    assert_eq!(report["blocked_by"], serde_json::Value::Null);
}

#[test]
fn an_interrupt_while_waiting_cancels_the_change_for_good() {
    let db = TestDb::new();
    db.kanban(["new", "held", "other"]).success();
    let before = board_state(&db);
    for (signal_name, code) in [("INT", 130), ("TERM", 143), ("HUP", 129)] {
        let mut holder = db.client();
        let mut transaction = holder.transaction().unwrap();
        transaction
            .batch_execute("SELECT * FROM kanban_task WHERE name = 'held' FOR UPDATE")
            .unwrap();
        // Waiting forever for the lock, as a user without limits would.
        let running = db
            .kanban(["start", "other", "held"])
            .env("KANBAN_LOCK_TIMEOUT", "0")
            .spawn();
        wait_until_blocked(&db);
        signal(&running, signal_name);
        running
            .finish()
            .code(code)
            .stderr_contains("nothing was changed");
        // The cancel reached the server: releasing the lock starts nothing.
        transaction.rollback().unwrap();
        std::thread::sleep(Duration::from_millis(200));
        assert_eq!(board_state(&db), before, "after SIG{signal_name}");
    }
    // With no statement in flight (still connecting), an interrupt simply ends kanban.
    let proxy = Proxy::start(&db.server.host, db.server.port, Fault::BlackHole);
    let running = through(&db, &proxy, &["start", "held"])
        .env("PGCONNECT_TIMEOUT", "30")
        .spawn();
    std::thread::sleep(Duration::from_millis(500));
    signal(&running, "INT");
    running
        .finish()
        .code(130)
        .stderr_contains("interrupted by SIGINT");
    assert_eq!(board_state(&db), before);
}

#[test]
fn an_interrupt_before_connecting_ends_kanban_at_once() {
    let db = TestDb::new();
    for (signal_name, code) in [("INT", 130), ("TERM", 143), ("HUP", 129)] {
        // Names read from a pipe that stays open: kanban has not reached the server yet.
        let mut child = db
            .kanban(["new", "-"])
            .std_command()
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let mut input = child.stdin.take().unwrap();
        input.write_all(b"typed, never sent\n").unwrap();
        std::thread::sleep(Duration::from_millis(300));
        let status = Command::new("kill")
            .arg(format!("-{signal_name}"))
            .arg(child.id().to_string())
            .status()
            .unwrap();
        assert!(status.success());
        let output = finish(child, Duration::from_secs(10), "kanban new - (interrupted)");
        drop(input);
        assert_eq!(output.status.code(), Some(code), "after SIG{signal_name}");
        assert_eq!(
            db.value("SELECT count(*) FROM kanban_task").as_deref(),
            Some("0")
        );
    }
}

#[test]
fn a_server_that_never_answers_the_connection_is_bounded_and_interruptible() {
    let db = TestDb::new();
    let silent = silent_port();
    let at_silent = |args: &[&str]| {
        db.kanban(args)
            .env("POSTGRES_HOST", "127.0.0.1")
            .env("POSTGRES_PORT", silent.port.to_string())
    };
    // The SYN goes unanswered: the connect timeout (2 s, libpq's least) ends it, with the
    // limit in the message.
    let started = Instant::now();
    at_silent(&["tasks"])
        .env("PGCONNECT_TIMEOUT", "2")
        .fails(6)
        .stderr_contains("no answer within 2 s (PGCONNECT_TIMEOUT changes the limit)");
    assert!(started.elapsed() < Duration::from_secs(10));
    // Meanwhile a signal ends kanban at once, with 128 + the signal (nothing was sent).
    for (signal_name, code) in [("INT", 130), ("TERM", 143)] {
        let running = at_silent(&["start", "anything"])
            .env("PGCONNECT_TIMEOUT", "30")
            .within(Duration::from_secs(10))
            .spawn();
        std::thread::sleep(Duration::from_millis(300));
        signal(&running, signal_name);
        running.finish().code(code);
    }
}

#[test]
fn batches_in_opposite_orders_never_deadlock() {
    let db = TestDb::new();
    let names: Vec<String> = (0..3000).map(|n| format!("task {n:04}")).collect();
    let reversed: Vec<String> = names.iter().rev().cloned().collect();
    // Both orders at once; exit codes sorted: one wins, the other finds it done (4).
    let race = |command: &str| {
        let run = |order: &[String]| {
            db.kanban(
                [command]
                    .into_iter()
                    .chain(order.iter().map(String::as_str)),
            )
            .spawn()
        };
        let (first, second) = (run(&names), run(&reversed));
        let mut codes = vec![first.finish().code, second.finish().code];
        codes.sort_unstable();
        codes
    };
    for round in 0..4 {
        db.sql("DELETE FROM kanban_task");
        assert_eq!(race("new"), [Some(0), Some(4)], "round {round} of new");
        assert_eq!(race("start"), [Some(0), Some(4)], "round {round} of start");
    }
}

#[test]
fn racing_starts_under_serializable_isolation_lose_with_exit_4() {
    for isolation in ["serializable", "repeatable read"] {
        let db = TestDb::new();
        db.sql(&format!(
            "ALTER DATABASE {} SET default_transaction_isolation = '{isolation}'",
            db.name
        ));
        db.kanban(["new", "contested"]).success();
        let racers: Vec<Running> = (0..12)
            .map(|_| db.kanban(["start", "contested"]).spawn())
            .collect();
        let mut codes: Vec<Option<i32>> = racers.into_iter().map(|r| r.finish().code).collect();
        codes.sort_unstable();
        let mut expected = vec![Some(0)];
        expected.extend([Some(4); 11]);
        assert_eq!(codes, expected, "{isolation}");
    }
}

#[test]
fn libpq_options_from_the_environment_and_the_url_reach_the_server() {
    let db = TestDb::new();
    db.kanban(["new", "held"]).success();
    let mut holder = db.client();
    let mut transaction = holder.transaction().unwrap();
    transaction
        .batch_execute("SELECT * FROM kanban_task WHERE name = 'held' FOR UPDATE")
        .unwrap();
    // PGOPTIONS comes after kanban's own limit, so it wins.
    let started = Instant::now();
    db.kanban(["start", "held"])
        .env("KANBAN_LOCK_TIMEOUT", "60")
        .env("PGOPTIONS", "-c lock_timeout=300")
        .fails(7);
    assert!(started.elapsed() < Duration::from_secs(20));
    let s = &db.server;
    let url = format!(
        "postgres://{}:{}@{}:{}/{}?options=-c%20lock_timeout%3D300",
        s.user, s.password, s.host, s.port, db.name
    );
    db.kanban(["start", "held", "--database-url", &url])
        .env("KANBAN_LOCK_TIMEOUT", "60")
        .fails(7);
    // And kanban's own limit in the URL.
    let url = format!(
        "postgres://{}:{}@{}:{}/{}?lock_timeout=300ms",
        s.user, s.password, s.host, s.port, db.name
    );
    db.kanban(["start", "held", "--database-url", &url])
        .fails(7);
    transaction.rollback().unwrap();
    db.kanban(["start", "held"])
        .env("KANBAN_LOCK_TIMEOUT", "bogus")
        .fails(5)
        .stderr_contains("KANBAN_LOCK_TIMEOUT");
}

#[test]
fn a_server_that_goes_silent_after_connecting_is_a_lost_connection() {
    let db = TestDb::new();
    db.kanban(["new", "a"]).success();
    let before = board_state(&db);
    let proxy = Proxy::start(
        &db.server.host,
        db.server.port,
        Fault::FreezeAfterQueries(1),
    );
    // A read: nothing can have changed.
    let started = Instant::now();
    through(&db, &proxy, &["tasks"])
        .fails(6)
        .stderr_contains("lost the connection")
        .stderr_contains("nothing was changed");
    assert!(started.elapsed() < Duration::from_secs(15));
    let out = through(&db, &proxy, &["tasks", "-o", "json"]).run().code(6);
    assert_eq!(out.stdout, "", "no half output");
    assert_eq!(out.stderr_json()["error"]["kind"], "unreachable");
    // A change whose answer never came: kanban cannot know, and says so.
    through(&db, &proxy, &["start", "a"])
        .fails(6)
        .stderr_contains("may or may not have been made");
    drop(proxy);
    // The network froze after the statement's first message (Parse), before its Execute.
    assert_eq!(board_state(&db), before);
}

#[test]
fn a_stream_cut_off_midway_ends_with_exit_6_not_a_hang() {
    let db = TestDb::new();
    db.sql(
        "INSERT INTO kanban_task (name) SELECT 'task ' || n FROM generate_series(1, 20000) AS n",
    );
    let proxy = Proxy::start(
        &db.server.host,
        db.server.port,
        Fault::FreezeAfterResultBytes(200_000),
    );
    let out = through(&db, &proxy, &["tasks", "-o", "tsv"]).run().code(6);
    assert!(out.stderr.contains("lost the connection"), "{}", out.stderr);
    let rows = out.stdout.lines().count();
    assert!(rows > 1 && rows < 20_001, "{rows} rows before the cut");
    // The output ends on a whole line, and the message says how much the reader got.
    assert!(out.stdout.ends_with('\n'));
    assert!(
        out.stderr.contains(&format!(
            "{rows} whole line(s) of output reached stdout before that"
        )),
        "{}",
        out.stderr
    );
    // A black hole from the start is a connect timeout.
    proxy.set(Fault::BlackHole);
    through(&db, &proxy, &["tasks"])
        .fails(6)
        .stderr_contains("no answer within 2 s");
    // A connection cut at the first query.
    proxy.set(Fault::CutAtQuery(1));
    through(&db, &proxy, &["tasks"])
        .fails(6)
        .stderr_contains("lost the connection");
}

#[test]
fn completion_gives_up_within_two_seconds_when_the_server_stops_answering() {
    let db = TestDb::new();
    db.kanban(["new", "offered"]).success();
    for fault in [Fault::BlackHole, Fault::FreezeAfterQueries(1)] {
        let proxy = Proxy::start(&db.server.host, db.server.port, fault);
        let started = Instant::now();
        let out = through(&db, &proxy, &["--", "kanban", "start", ""])
            .env("COMPLETE", "fish")
            .env("PGCONNECT_TIMEOUT", "30")
            .env("KANBAN_READ_TIMEOUT", "30")
            .within(Duration::from_secs(10))
            .success();
        assert!(
            started.elapsed() < Duration::from_millis(2900),
            "{fault:?}: {:?}",
            started.elapsed()
        );
        assert!(!out.stdout.contains("offered"), "{fault:?}");
    }
    // And a table lock: the names query waits, completion does not.
    let mut holder = db.client();
    let mut transaction = holder.transaction().unwrap();
    transaction.batch_execute("LOCK TABLE kanban_task").unwrap();
    let started = Instant::now();
    db.kanban(["--", "kanban", "start", ""])
        .env("COMPLETE", "fish")
        .within(Duration::from_secs(10))
        .success();
    assert!(started.elapsed() < Duration::from_millis(2900));
    transaction.rollback().unwrap();
}

#[test]
fn the_watch_answers_keys_while_the_database_is_silent_and_recovers() {
    let db = TestDb::new();
    let proxy = Proxy::start(&db.server.host, db.server.port, Fault::PassThrough);
    let mut terminal = Terminal::start(
        through(&db, &proxy, &["board", "--watch", "--watch-mode", "poll"]),
        120,
        "true",
        "echo \"exit=$?\"",
    );
    terminal.wait_for("live: polling", 0, Duration::from_secs(10));
    proxy.freeze_all(true);
    let from = terminal.len();
    terminal.wait_for("waiting for the database", from, Duration::from_secs(5));
    terminal.wait_for("connection lost", from, Duration::from_secs(10));
    // The trouble ends: the watcher finds its way back and shows what changed meanwhile.
    db.kanban(["new", "made while frozen"]).success();
    proxy.freeze_all(false);
    terminal.wait_for("made while frozen", from, Duration::from_secs(20));
    // Frozen again: q still ends it at once.
    proxy.freeze_all(true);
    let from = terminal.len();
    terminal.wait_for("waiting for the database", from, Duration::from_secs(5));
    let pressed = Instant::now();
    terminal.type_keys("q");
    terminal.wait_for("exit=0", from, Duration::from_secs(5));
    assert!(
        pressed.elapsed() < Duration::from_millis(750),
        "{:?}",
        pressed.elapsed()
    );
    proxy.freeze_all(false);
}

#[test]
fn a_lock_shows_on_the_watch_as_waiting_and_q_still_quits() {
    let db = TestDb::new();
    let mut terminal = Terminal::start(
        db.kanban(["board", "--watch"])
            .env("KANBAN_LOCK_TIMEOUT", "0"),
        120,
        "true",
        "echo \"exit=$?\"",
    );
    terminal.wait_for("live: notifications", 0, Duration::from_secs(10));
    let mut holder = db.client();
    let mut transaction = holder.transaction().unwrap();
    transaction.batch_execute("LOCK TABLE kanban_task").unwrap();
    // Any change makes the watcher read the board, which now waits for the lock.
    let from = terminal.len();
    db.sql("SELECT nextval('kanban_board_changes'); NOTIFY kanban_board");
    terminal.wait_for("waiting for the database", from, Duration::from_secs(8));
    let pressed = Instant::now();
    terminal.type_keys("q");
    terminal.wait_for("exit=0", from, Duration::from_secs(5));
    assert!(pressed.elapsed() < Duration::from_millis(750));
    transaction.rollback().unwrap();
}

/// Status, sessions and events of the task `name`: the three that move together.
fn task_sessions_and_events(db: &TestDb, name: &str) -> (String, String, String) {
    let row = &db.rows(&format!(
        "SELECT status::text, \
                (SELECT count(*) FILTER (WHERE ended IS NULL) || '/' || count(*) \
                   FROM task_work WHERE task_id = kanban_task.id), \
                (SELECT string_agg(action, ',' ORDER BY id) FROM task_event \
                  WHERE task_id = kanban_task.id) \
           FROM kanban_task WHERE name = '{name}'"
    ))[0];
    let text = |at: usize| row[at].clone().unwrap_or_default();
    (text(0), text(1), text(2))
}

#[test]
fn a_killed_client_or_server_leaves_the_task_its_sessions_and_history_whole() {
    let db = TestDb::new();
    db.kanban(["new", "held"]).success();
    db.kanban(["start", "held"]).success();
    let running = (
        "in_progress".to_owned(),
        "1/1".to_owned(),
        "created,started".to_owned(),
    );
    assert_eq!(task_sessions_and_events(&db, "held"), running);

    // The server ends kanban's session while the stop waits for a lock: nothing of it stays.
    let mut holder = db.client();
    let mut transaction = holder.transaction().unwrap();
    transaction
        .batch_execute("SELECT * FROM kanban_task WHERE name = 'held' FOR UPDATE")
        .unwrap();
    let stopping = db
        .kanban(["stop", "held"])
        .env("KANBAN_LOCK_TIMEOUT", "0")
        .spawn();
    wait_until_blocked(&db);
    db.sql(&format!(
        "SELECT pg_terminate_backend(pid) FROM pg_stat_activity \
          WHERE datname = '{}' AND application_name = 'kanban'",
        db.name
    ));
    let outcome = stopping.finish();
    assert_eq!(outcome.code, Some(6), "{}", outcome.stderr);
    // A backend ended mid-change could have committed just before: kanban cannot know.
    assert!(
        outcome.stderr.contains("may or may not have been made"),
        "{}",
        outcome.stderr
    );
    transaction.rollback().unwrap();
    assert_eq!(task_sessions_and_events(&db, "held"), running);

    // kanban killed outright while it waits: the server, checking every second that its
    // client is still there, cancels the orphaned change; it never lands later.
    let mut transaction = holder.transaction().unwrap();
    transaction
        .batch_execute("SELECT * FROM kanban_task WHERE name = 'held' FOR UPDATE")
        .unwrap();
    let stopping = db
        .kanban(["stop", "held"])
        .env("KANBAN_LOCK_TIMEOUT", "0")
        .spawn();
    wait_until_blocked(&db);
    signal(&stopping, "KILL");
    let _ = stopping.finish();
    wait_for_kanban_sessions(
        &db,
        "true",
        0,
        "the server kept the dead client's statement",
    );
    transaction.rollback().unwrap();
    std::thread::sleep(Duration::from_millis(200));
    assert_eq!(task_sessions_and_events(&db, "held"), running);
}

#[test]
fn a_connection_lost_during_the_login_is_unreachable_not_a_setting() {
    let db = TestDb::new();
    let proxy = Proxy::start(&db.server.host, db.server.port, Fault::CutAtLogin);
    through(&db, &proxy, &["tasks"])
        .fails(6)
        .stderr_contains("closed during the login");
}

#[test]
fn a_task_named_by_its_handle_and_renamed_while_kanban_waits_is_a_conflict_not_missing() {
    let db = TestDb::new();
    let cases: [(&str, &[&str]); 4] = [
        ("start", &[]),
        ("start", &["batch partner"]),
        ("rm", &[]),
        ("rename", &["new name"]),
    ];
    db.kanban(["new", "batch partner"]).success();
    for (index, (command, rest)) in cases.into_iter().enumerate() {
        let name = format!("held {index}");
        db.kanban(["new", &name]).success();
        let id = db
            .value(&format!("SELECT id FROM kanban_task WHERE name = '{name}'"))
            .unwrap();
        let mut holder = db.client();
        let mut transaction = holder.transaction().unwrap();
        transaction
            .batch_execute(&format!(
                "SELECT * FROM kanban_task WHERE name = '{name}' FOR UPDATE"
            ))
            .unwrap();
        let handle = format!("#{id}");
        let mut args = vec![command, handle.as_str()];
        args.extend_from_slice(rest);
        let waiting = db.kanban(&args).spawn();
        wait_until_blocked(&db);
        transaction
            .batch_execute(&format!(
                "UPDATE kanban_task SET name = 'renamed {index}' WHERE name = '{name}'"
            ))
            .unwrap();
        transaction.commit().unwrap();
        let outcome = waiting.finish();
        assert_eq!(outcome.code, Some(4), "{args:?}: {}", outcome.stderr);
        assert!(
            outcome.stderr.contains("another client changed"),
            "{args:?}: {}",
            outcome.stderr
        );
    }
    // Removed meanwhile instead: the task is missing (exit 3).
    db.kanban(["new", "doomed"]).success();
    let id = db
        .value("SELECT id FROM kanban_task WHERE name = 'doomed'")
        .unwrap();
    let mut holder = db.client();
    let mut transaction = holder.transaction().unwrap();
    transaction
        .batch_execute("DELETE FROM kanban_task WHERE name = 'doomed'")
        .unwrap();
    let waiting = db.kanban(["start", &format!("#{id}")]).spawn();
    wait_until_blocked(&db);
    transaction.commit().unwrap();
    let outcome = waiting.finish();
    assert_eq!(outcome.code, Some(3), "{}", outcome.stderr);
}
