//! The old Python service beside kanban on one database, with its own statements and types:
//! SQLAlchemy's naive `DateTime` columns, naive UTC times from `datetime.now()`, SERIALIZABLE
//! transactions, names as keys, and the `DELETE FROM task` its tests wipe the board with. It
//! reads and writes `task` (a view since step 8); kanban reads and writes `kanban_task`.

use chrono::NaiveDateTime;
use postgres::Client;

use crate::support::TestDb;
use crate::upgrades::OLD_SCHEMA;

/// A connection as the old service's engine opens one: SERIALIZABLE, named `old service`.
fn old_service(db: &TestDb) -> Client {
    let mut client = db.client();
    client
        .batch_execute(
            "SET SESSION CHARACTERISTICS AS TRANSACTION ISOLATION LEVEL SERIALIZABLE; \
             SET application_name = 'old service'",
        )
        .unwrap();
    client
}

fn naive(text: &str) -> NaiveDateTime {
    NaiveDateTime::parse_from_str(text, "%Y-%m-%d %H:%M:%S%.f").unwrap()
}

/// The ORM's read of one task: its four columns, the times as naive values (a timestamptz
/// column would not even convert to `NaiveDateTime`).
type OldRow = (String, String, Option<NaiveDateTime>, Option<NaiveDateTime>);

fn read(client: &mut Client, name: &str) -> OldRow {
    let row = client
        .query_one(
            "SELECT task.name AS task_name, task.status::text AS task_status, \
                    task.start_datetime AS task_start_datetime, \
                    task.end_datetime AS task_end_datetime \
               FROM task WHERE task.name = $1 LIMIT 1",
            &[&name],
        )
        .unwrap();
    (row.get(0), row.get(1), row.get(2), row.get(3))
}

/// One ORM unit of work: BEGIN (SERIALIZABLE), the statements, COMMIT.
fn unit_of_work(
    client: &mut Client,
    statements: &[(&str, &[&(dyn postgres::types::ToSql + Sync)])],
) {
    let mut transaction = client.transaction().unwrap();
    for (sql, params) in statements {
        transaction.execute(*sql, params).unwrap();
    }
    transaction.commit().unwrap();
}

/// Its `resolve`: status and end, no rate.
fn resolve(client: &mut Client, name: &str, end: &NaiveDateTime) {
    unit_of_work(
        client,
        &[(
            "UPDATE task SET status = 'done', end_datetime = $1 WHERE task.name = $2",
            &[end, &name],
        )],
    );
}

#[test]
fn the_old_service_reads_and_writes_naive_utc_times_beside_kanban() {
    let db = TestDb::new();
    let mut old = old_service(&db);
    // Its `new`, `start` and `resolve`, as SQLAlchemy sends them.
    let started = naive("2026-03-01 14:00:00");
    let ended = naive("2026-03-01 14:15:45");
    unit_of_work(
        &mut old,
        &[(
            "INSERT INTO task (name, status, start_datetime, end_datetime) VALUES ($1, 'todo', $2, $3)",
            &[
                &"Build a house",
                &None::<NaiveDateTime>,
                &None::<NaiveDateTime>,
            ],
        )],
    );
    unit_of_work(
        &mut old,
        &[(
            "UPDATE task SET status = 'in_progress', start_datetime = $1 WHERE task.name = $2",
            &[&started, &"Build a house"],
        )],
    );
    assert_eq!(
        read(&mut old, "Build a house"),
        (
            "Build a house".into(),
            "in_progress".into(),
            Some(started),
            None
        )
    );
    resolve(&mut old, "Build a house", &ended);
    // kanban reads what it wrote, as UTC, priced at the rate in force ($10/h).
    db.kanban(["cost", "Build a house"])
        .success()
        .stdout_is("$2.63\n");
    db.kanban(["elapsed", "Build a house"])
        .success()
        .stdout_is("00:15:45\n");
    let json = db.kanban(["-o", "json", "tasks"]).success().json();
    assert_eq!(
        json[0]["start_datetime"],
        "2026-03-01T14:00:00.000000+00:00"
    );
    assert_eq!(json[0]["hourly_rate"], "10");
    assert_eq!(json[0]["sessions"], 1);
    // Its changes are in the history, named by its application_name.
    let history = db
        .kanban(["-o", "json", "log", "Build a house"])
        .success()
        .json();
    let actions: Vec<&str> = history
        .as_array()
        .unwrap()
        .iter()
        .map(|event| event["action"].as_str().unwrap())
        .collect();
    assert_eq!(actions, ["resolved", "started", "created"]);
    assert!(
        history
            .as_array()
            .unwrap()
            .iter()
            .all(|e| e["actor"] == "old service")
    );

    // kanban's moves read right on the old side: naive UTC, to the microsecond.
    db.kanban(["new", "Lay bricks"]).success();
    db.kanban(["start", "Lay bricks"]).success();
    let kanban_start = db
        .value("SELECT to_char(start_datetime AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI:SS.US') FROM kanban_task WHERE name = 'Lay bricks'")
        .unwrap();
    let (_, status, start, end) = read(&mut old, "Lay bricks");
    assert_eq!(
        (status.as_str(), start, end),
        ("in_progress", Some(naive(&kanban_start)), None)
    );
    // The old service resolves what kanban started: its end, the rate in force, one session.
    let later = naive(&kanban_start) + chrono::TimeDelta::minutes(90);
    resolve(&mut old, "Lay bricks", &later);
    db.kanban(["cost", "Lay bricks"])
        .success()
        .stdout_is("$15.00\n");
    db.kanban(["elapsed", "Lay bricks"])
        .success()
        .stdout_is("01:30:00\n");

    // Its tests wipe the board: every task goes, each removal recorded.
    unit_of_work(&mut old, &[("DELETE FROM task", &[])]);
    assert_eq!(
        db.kanban(["-o", "tsv", "tasks"])
            .success()
            .stdout
            .lines()
            .count(),
        1
    );
    assert_eq!(
        db.value("SELECT count(*) FROM task_event WHERE action = 'removed'")
            .as_deref(),
        Some("2")
    );
    assert_eq!(
        db.value("SELECT count(*) FROM task_work").as_deref(),
        Some("0")
    );
}

#[test]
fn a_move_both_sides_race_for_is_made_once_under_serializable() {
    let db = TestDb::new();
    db.kanban(["new", "contested"]).success();
    let mut old = old_service(&db);
    // The old service reads the task To Do, kanban starts it meanwhile, then the old service
    // writes its start: SERIALIZABLE refuses the second move instead of making it twice.
    let mut transaction = old.transaction().unwrap();
    let row = transaction
        .query_one(
            "SELECT status::text FROM task WHERE task.name = 'contested'",
            &[],
        )
        .unwrap();
    assert_eq!(row.get::<_, String>(0), "todo");
    db.kanban(["start", "contested"]).success();
    let refused = transaction
        .execute(
            "UPDATE task SET status = 'in_progress', start_datetime = $1 WHERE task.name = 'contested'",
            &[&naive("2026-03-01 14:00:00")],
        )
        .unwrap_err();
    assert_eq!(
        refused.code(),
        Some(&postgres::error::SqlState::T_R_SERIALIZATION_FAILURE)
    );
    drop(transaction);
    assert_eq!(
        db.value("SELECT count(*) FROM task_work").as_deref(),
        Some("1")
    );
    // And the other way round: kanban's change waits for the old service's and then finds
    // the task moved, exit 4.
    let mut transaction = old.transaction().unwrap();
    transaction
        .execute(
            "UPDATE task SET status = 'done', end_datetime = $1 WHERE task.name = 'contested'",
            &[&(chrono::Utc::now().naive_utc() + chrono::TimeDelta::seconds(1))],
        )
        .unwrap();
    transaction.commit().unwrap();
    db.kanban(["resolve", "contested"]).fails(4);
    db.kanban(["cost", "contested"]).success();
}

/// Names of the old schema's rows.
const OLD_NAMES: [&str; 4] = [
    "Fit windows",
    "Lay bricks",
    "Build a house",
    "Pour the foundation",
];

#[test]
fn an_adopted_old_database_reads_the_same_through_the_old_services_eyes() {
    let db = TestDb::empty();
    db.sql(OLD_SCHEMA);
    let mut old = old_service(&db);
    let before: Vec<OldRow> = OLD_NAMES.iter().map(|name| read(&mut old, name)).collect();
    db.kanban(["init"]).success();
    let mut old = old_service(&db);
    let after: Vec<OldRow> = OLD_NAMES.iter().map(|name| read(&mut old, name)).collect();
    assert_eq!(
        before, after,
        "the old service sees its rows exactly as before"
    );
    // And keeps working on them: its resolve of its own old start, priced by kanban.
    resolve(&mut old, "Lay bricks", &naive("2026-01-05 10:30:00.123456"));
    db.kanban(["cost", "Lay bricks"])
        .success()
        .stdout_is("$10.00\n");
    db.kanban(["cost", "Build a house"])
        .success()
        .stdout_is("$2.63\n");
}

#[test]
fn roles_with_rights_on_the_table_get_them_on_the_view_at_step_eight() {
    let db = TestDb::new();
    // A version-7 database: steps 9 and 8 taken back, a writer granted on its `task` table.
    db.sql(
        "DROP TRIGGER task_history_of_updates ON kanban_task; DROP FUNCTION kanban_task_updated(); \
         CREATE TRIGGER task_history_of_updates AFTER UPDATE ON kanban_task \
           REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows \
           FOR EACH STATEMENT EXECUTE FUNCTION kanban_task_history(); \
         DROP VIEW task; DROP FUNCTION kanban_old_task_written(); \
         ALTER TABLE kanban_task RENAME TO task; DROP DOMAIN kanban_schema_9; \
         CREATE DOMAIN kanban_schema_7 AS boolean; \
         DELETE FROM kanban_schema_version WHERE version >= 8",
    );
    let writer = db.role("GRANT SELECT, INSERT, UPDATE, DELETE ON task TO {role}");
    let reader = db.role("GRANT SELECT ON task TO {role}");
    let by_column = db.role(
        "GRANT SELECT ON task TO {role}; GRANT UPDATE (status, end_datetime) ON task TO {role}",
    );
    db.kanban(["init"])
        .success()
        .stdout_is("Schema at version 9: applied 8, 9.\n");
    let may = |role: &str, privilege: &str, table: &str| {
        db.value(&format!(
            "SELECT has_table_privilege('{role}', '{table}', '{privilege}')"
        ))
    };
    for table in ["kanban_task", "task"] {
        for privilege in ["SELECT", "INSERT", "UPDATE", "DELETE"] {
            assert_eq!(may(&writer.name, privilege, table).as_deref(), Some("t"));
        }
        assert_eq!(may(&reader.name, "SELECT", table).as_deref(), Some("t"));
        assert_eq!(may(&reader.name, "INSERT", table).as_deref(), Some("f"));
    }
    db.kanban_as(&writer, ["new", "by the writer"]).success();
    let may_column = |column: &str| {
        db.value(&format!(
            "SELECT has_column_privilege('{}', 'task', '{column}', 'UPDATE')",
            by_column.name
        ))
    };
    assert_eq!(may_column("status").as_deref(), Some("t"));
    assert_eq!(may_column("end_datetime").as_deref(), Some("t"));
    assert_eq!(may_column("name").as_deref(), Some("f"));
}

#[test]
fn after_a_pause_the_old_services_end_minus_start_is_kanbans_time_in_work() {
    let db = TestDb::new();
    db.kanban(["new", "paused"]).success();
    db.kanban(["start", "paused"]).success();
    db.kanban(["stop", "paused"]).success();
    // The first session lasted an hour; then a pause; then the work resumed.
    db.sql("UPDATE task_work SET started = ended - interval '1 hour'");
    db.kanban(["start", "paused"]).success();
    let resumed = db
        .value("SELECT to_char(working_since AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI:SS.US') FROM kanban_task")
        .unwrap();
    let mut old = old_service(&db);
    let (_, _, start, _) = read(&mut old, "paused");
    // While it runs: now - start counts the hour already worked.
    assert_eq!(start, Some(naive(&resumed) - chrono::TimeDelta::hours(1)));
    resolve(
        &mut old,
        "paused",
        &(naive(&resumed) + chrono::TimeDelta::minutes(30)),
    );
    let (_, status, start, end) = read(&mut old, "paused");
    assert_eq!(status, "done");
    assert_eq!(
        end.unwrap() - start.unwrap(),
        chrono::TimeDelta::minutes(90)
    );
    db.kanban(["elapsed", "paused"])
        .success()
        .stdout_is("01:30:00\n");
    db.kanban(["cost", "paused"])
        .success()
        .stdout_is("$15.00\n");
}

#[test]
fn a_write_through_the_view_acts_only_on_the_row_as_its_writer_saw_it() {
    let db = TestDb::new();
    db.kanban(["new", "contested"]).success();
    db.kanban(["start", "contested"]).success();
    // Another client holds the row; kanban's stop waits for it, then the old-style resolve
    // (READ COMMITTED, "WHERE status = 'in_progress'") waits behind kanban's.
    let mut holder = db.client();
    let mut hold = holder.transaction().unwrap();
    hold.execute(
        "SELECT 1 FROM kanban_task WHERE name = 'contested' FOR UPDATE",
        &[],
    )
    .unwrap();
    let stop = db.kanban(["stop", "contested"]).spawn();
    std::thread::sleep(std::time::Duration::from_millis(500));
    let mut writer = db.client();
    let resolve = std::thread::spawn(move || {
        writer
            .execute(
                "UPDATE task SET status = 'done', end_datetime = now() AT TIME ZONE 'UTC' \
                  WHERE name = 'contested' AND status = 'in_progress'",
                &[],
            )
            .unwrap()
    });
    std::thread::sleep(std::time::Duration::from_millis(500));
    hold.commit().unwrap();
    assert_eq!(stop.finish().code, Some(0));
    // The task moved under it: no row matched, as on a table, and nothing moved twice.
    assert_eq!(resolve.join().unwrap(), 0);
    assert_eq!(
        db.value("SELECT status::text || ' ' || sessions FROM kanban_task")
            .as_deref(),
        Some("todo 1")
    );
}
