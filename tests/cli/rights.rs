//! Rights and read-only databases: the grants a reader and a writer need (`kanban grant`),
//! the exit code and fix for each refusal, and a doctor whose verdict matches the commands'.

use crate::support::TestDb;

#[test]
fn a_reader_reads_and_is_told_it_may_only_read() {
    let db = TestDb::new();
    db.kanban(["new", "a", "b"]).success();
    db.kanban(["start", "b"]).success();
    let reader = db.role("");
    db.kanban(["grant", "--read", &reader.name])
        .success()
        .stdout_is(&format!("Role {} may now read the board.\n", reader.name));
    // Granting twice is fine.
    db.kanban(["grant", "--read", &reader.name]).success();
    let as_reader = |args: &[&str]| db.kanban_as(&reader, args);
    as_reader(&["tasks"]).success().stdout_contains("a");
    as_reader(&["tasks", "-o", "json"]).success();
    as_reader(&["elapsed", "b"]).success();
    as_reader(&["board"]).success();
    as_reader(&["init"])
        .success()
        .stdout_is("Schema already at version 9.\n");
    for args in [vec!["new", "c"], vec!["start", "a"], vec!["resolve", "b"]] {
        as_reader(&args)
            .fails(5)
            .stderr_contains("may not change tasks")
            .stderr_contains("kanban grant --write");
    }
    let report = as_reader(&["doctor", "-o", "json"]).run().code(5).json();
    assert_eq!(report["connected"], true);
    assert_eq!(report["can_read_tasks"], true);
    assert_eq!(report["can_change_tasks"], false);
    as_reader(&["doctor", "--read-only"]).success();
    assert_eq!(
        db.value("SELECT count(*) FROM kanban_task").as_deref(),
        Some("2")
    );
}

#[test]
fn a_writer_granted_by_kanban_can_do_everything_but_init() {
    let db = TestDb::new();
    let writer = db.role("");
    let granted = db
        .kanban(["grant", "--write", &writer.name, "-o", "json"])
        .success()
        .json();
    assert_eq!(granted["access"], "write");
    for args in [
        vec!["new", "a"],
        vec!["start", "a"],
        vec!["elapsed", "a"],
        vec!["resolve", "a"],
        vec!["cost", "a"],
        vec!["tasks"],
        vec!["board"],
        vec!["doctor"],
        vec!["init"],
    ] {
        db.kanban_as(&writer, &args).success();
    }
    db.kanban(["grant", "--read", "no_such_role_here"])
        .fails(5)
        .stderr_contains("no role named `no_such_role_here`");
    db.kanban(["grant", "somebody"]).fails(2);
    db.kanban(["grant", "--read", " "]).fails(2);
    // Only the owner may grant: anyone else would get a warning and no rights at all.
    db.kanban_as(&writer, ["grant", "--write", &writer.name])
        .fails(5)
        .stderr_contains("only the task table's owner");
}

#[test]
fn a_role_without_the_version_table_reads_and_is_told_the_fix_on_a_mismatch() {
    let db = TestDb::new();
    db.kanban(["new", "a"]).success();
    db.kanban(["start", "a"]).success();
    let half = db.role("GRANT SELECT ON kanban_task TO {role}");
    // Statements check the version by its marker, which needs no rights.
    for args in [vec!["tasks"], vec!["elapsed", "a"], vec!["board"]] {
        db.kanban_as(&half, &args).success();
    }
    let report = db
        .kanban_as(&half, ["doctor", "--read-only", "-o", "json"])
        .success()
        .json();
    assert_eq!(report["schema"], "current");
    // Only a mismatch reads the version table, to say what to do: then its rights count.
    db.sql("DROP DOMAIN kanban_schema_9");
    for args in [vec!["tasks"], vec!["elapsed", "a"]] {
        db.kanban_as(&half, &args)
            .fails(5)
            .stderr_contains("kanban_schema_version")
            .stderr_contains("kanban grant --read");
    }
    let report = db
        .kanban_as(&half, ["doctor", "-o", "json"])
        .run()
        .code(5)
        .json();
    assert_eq!(report["connected"], true, "it did connect");
    assert_eq!(report["schema"], "unreadable");
    assert!(
        report["problem"]
            .as_str()
            .unwrap()
            .contains("kanban grant --read"),
        "{report}"
    );
}

#[test]
fn a_read_only_database_is_exit_5_for_changes_and_fine_for_reads() {
    let db = TestDb::new();
    db.kanban(["new", "a"]).success();
    db.sql(&format!(
        "ALTER DATABASE {} SET default_transaction_read_only = on",
        db.name
    ));
    for args in [vec!["new", "b"], vec!["start", "a"]] {
        db.kanban(&args).fails(5).stderr_contains("is read-only");
    }
    db.kanban(["tasks"]).success().stdout_contains("a");
    db.kanban(["init"])
        .success()
        .stdout_is("Schema already at version 9.\n");
    let report = db.kanban(["doctor", "-o", "json"]).run().code(5).json();
    assert_eq!(report["read_only_database"], true);
    assert_eq!(report["can_change_tasks"], false);
    db.kanban(["doctor", "--read-only"]).success();
    // The same through PGOPTIONS on a writable database.
    db.sql(&format!(
        "BEGIN READ WRITE; ALTER DATABASE {} RESET default_transaction_read_only; COMMIT",
        db.name
    ));
    db.kanban(["new", "b"])
        .env("PGOPTIONS", "-c default_transaction_read_only=on")
        .fails(5)
        .stderr_contains("is read-only");
    db.kanban(["new", "b"]).success();
}

#[test]
fn the_servers_own_limits_and_shortages_are_busy_not_bugs() {
    let db = TestDb::new();
    db.kanban(["new", "slow"]).success();
    // A change the server cancels for running past KANBAN_STATEMENT_TIMEOUT.
    db.sql(
        "CREATE FUNCTION dawdle() RETURNS trigger LANGUAGE plpgsql AS $$ \
           BEGIN PERFORM pg_sleep(3); RETURN NEW; END $$; \
         CREATE TRIGGER dawdle BEFORE UPDATE ON kanban_task FOR EACH ROW EXECUTE FUNCTION dawdle()",
    );
    db.kanban(["start", "slow"])
        .env("KANBAN_STATEMENT_TIMEOUT", "300ms")
        .fails(7)
        .stderr_contains("the server cancelled the statement")
        .stderr_contains("nothing was changed");
    assert_eq!(
        db.value("SELECT status::text FROM kanban_task").as_deref(),
        Some("todo")
    );
    // A role allowed no more connections than it already has.
    let limited = db.role(
        "ALTER ROLE {role} CONNECTION LIMIT 0; GRANT SELECT ON kanban_task, kanban_schema_version TO {role}",
    );
    db.kanban_as(&limited, ["tasks"])
        .fails(7)
        .stderr_contains("no connection to spare");
}
