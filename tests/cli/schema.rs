//! `kanban init`, and the constraints that make impossible board states impossible to store.

use crate::support::TestDb;

#[test]
fn init_is_idempotent_and_keeps_data() {
    let db = TestDb::empty();
    db.kanban(["init"]).success().stdout_contains(&db.name);
    db.kanban(["new", "x"]).success();
    db.kanban(["init"]).success();
    db.kanban(["init"]).success();
    assert_eq!(db.value("SELECT count(*) FROM task").as_deref(), Some("1"));
}

#[test]
fn parallel_inits_all_succeed() {
    let db = TestDb::empty();
    let children: Vec<_> = (0..8).map(|_| db.kanban(["init"]).spawn()).collect();
    for child in children {
        let output = child.wait_with_output().unwrap();
        assert!(output.status.success(), "{output:?}");
    }
    db.kanban(["new", "x"]).success();
}

#[test]
fn init_applies_exactly_the_checked_in_sql() {
    let db = TestDb::empty();
    db.sql(include_str!("../../db/init.sql"));
    db.kanban(["init"]).success();
    db.kanban(["new", "x"]).success();
    assert_eq!(
        db.value("SELECT data_type FROM information_schema.columns WHERE table_name = 'task' AND column_name = 'start_datetime'").as_deref(),
        Some("timestamp with time zone")
    );
}

#[test]
fn the_database_refuses_impossible_states() {
    let db = TestDb::new();
    let impossible = [
        "INSERT INTO task (name) VALUES ('')",
        "INSERT INTO task (name) VALUES ('  padded  ')",
        "INSERT INTO task (name) VALUES (E'two\\nlines')",
        "INSERT INTO task (name) VALUES (repeat('x', 201))",
        "INSERT INTO task (name, start_datetime) VALUES ('todo with a start', now())",
        "INSERT INTO task (name, status) VALUES ('running without a start', 'in_progress')",
        "INSERT INTO task (name, status, start_datetime, end_datetime) \
         VALUES ('running with an end', 'in_progress', now(), now())",
        "INSERT INTO task (name, status, start_datetime, hourly_rate) \
         VALUES ('done without an end', 'done', now(), 10)",
        "INSERT INTO task (name, status, start_datetime, end_datetime, hourly_rate) \
         VALUES ('ends before it starts', 'done', now(), now() - interval '1 second', 10)",
        "INSERT INTO task (name, status, start_datetime, end_datetime) \
         VALUES ('done without a rate', 'done', now(), now())",
        "INSERT INTO task (name, status, start_datetime, end_datetime, hourly_rate) \
         VALUES ('free work', 'done', now(), now(), 0)",
        "INSERT INTO task (name, status) VALUES ('unknown', 'doing')",
        "INSERT INTO task (name, status, start_datetime) VALUES ('forever', 'in_progress', 'infinity')",
    ];
    for sql in impossible {
        let error = db.sql_error(sql);
        assert!(
            error.contains("constraint") || error.contains("enum"),
            "{sql}: {error}"
        );
    }
    db.kanban(["new", "x"]).success();
    db.sql_error("INSERT INTO task (name) VALUES ('x')");
    assert_eq!(db.value("SELECT count(*) FROM task").as_deref(), Some("1"));
}
