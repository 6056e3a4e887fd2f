//! Talking to the server: refused, silent, wrong password, missing database, missing schema.

use std::net::TcpListener;

use crate::support::{TestDb, refused_port};

#[test]
fn a_refused_connection_is_exit_6() {
    let db = TestDb::new();
    let refused = refused_port();
    let port = refused.port;
    db.kanban(["tasks"])
        .env("POSTGRES_HOST", "127.0.0.1")
        .env("POSTGRES_PORT", port.to_string())
        .fails(6)
        .stderr_contains(&format!("127.0.0.1:{port}"))
        .no_output_contains(&db.server.password);
}

#[test]
fn a_server_that_never_answers_times_out_with_exit_6() {
    let db = TestDb::new();
    // The kernel completes the handshake for the listen backlog; nobody ever answers.
    let silent = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = silent.local_addr().unwrap().port();
    db.kanban(["tasks"])
        .env("POSTGRES_HOST", "127.0.0.1")
        .env("POSTGRES_PORT", port.to_string())
        .env("PGCONNECT_TIMEOUT", "2")
        .fails(6)
        .stderr_contains("no answer within 2 s");
    drop(silent);
}

#[test]
fn a_wrong_password_is_exit_5_and_never_printed() {
    let db = TestDb::new();
    let wrong = "Wr0ng-Pa55word-!";
    db.kanban(["tasks"])
        .env("POSTGRES_PASSWORD", wrong)
        .fails(5)
        .stderr_contains("the password (POSTGRES_PASSWORD)")
        .no_output_contains(wrong)
        .no_output_contains(&db.server.password);
}

#[test]
fn a_missing_database_is_exit_5() {
    let db = TestDb::new();
    db.kanban(["tasks"])
        .env("POSTGRES_DB", format!("{}_absent", db.name))
        .fails(5)
        .stderr_contains("does not exist");
}

#[test]
fn every_command_on_a_database_without_the_schema_says_run_init() {
    let db = TestDb::empty();
    for args in [
        vec!["new", "x"],
        vec!["start", "x"],
        vec!["resolve", "x"],
        vec!["tasks"],
        vec!["elapsed", "x"],
        vec!["cost", "x"],
    ] {
        db.kanban(&args)
            .fails(5)
            .stderr_contains("run `kanban init`");
    }
}

#[test]
fn an_unexpected_database_error_is_exit_1_with_the_servers_message() {
    let db = TestDb::new();
    // Something kanban knows nothing about refuses the change: only that is a "bug" (exit 1).
    db.sql(
        "CREATE FUNCTION refuse() RETURNS trigger LANGUAGE plpgsql AS $$ \
           BEGIN RAISE EXCEPTION 'a site-specific rule said no'; END $$; \
         CREATE TRIGGER refuse BEFORE INSERT ON kanban_task FOR EACH ROW EXECUTE FUNCTION refuse()",
    );
    db.kanban(["new", "x"])
        .fails(1)
        .stderr_contains("a site-specific rule said no")
        .stderr_contains("SQLSTATE P0001");
    db.kanban(["tasks"]).success();
}

#[test]
fn the_connection_announces_itself_as_kanban() {
    let db = TestDb::new();
    // Sleep inside the database while kanban is connected, then look it up from outside.
    db.kanban(["new", "x"]).success();
    db.sql("CREATE FUNCTION slow_now() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN PERFORM pg_sleep(2); RETURN NEW; END $$");
    db.sql(
        "CREATE TRIGGER slow BEFORE UPDATE ON kanban_task FOR EACH ROW EXECUTE FUNCTION slow_now()",
    );
    let child = db.kanban(["start", "x"]).spawn();
    let mut seen = None;
    for _ in 0..40 {
        std::thread::sleep(std::time::Duration::from_millis(50));
        seen = db
            .rows(&format!(
                "SELECT application_name FROM pg_stat_activity WHERE datname = '{}' AND application_name = 'kanban'",
                db.name
            ))
            .into_iter()
            .next()
            .and_then(|row| row[0].clone());
        if seen.is_some() {
            break;
        }
    }
    child.finish().code(0);
    assert_eq!(seen.as_deref(), Some("kanban"));
}

#[test]
fn the_url_sets_the_connect_timeout_too() {
    let db = TestDb::new();
    let silent = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = silent.local_addr().unwrap().port();
    let url = format!("postgres://u@127.0.0.1:{port}/db?connect_timeout=2");
    db.kanban(["tasks", "--database-url", &url])
        .env("PGCONNECT_TIMEOUT", "30")
        .fails(6)
        .stderr_contains("no answer within 2 s");
    drop(silent);
}

#[test]
fn connection_failures_name_the_real_cause_and_the_setting_actually_used() {
    let db = TestDb::new();
    let s = &db.server;
    // A rejected password from the URL points at the URL, not at POSTGRES_PASSWORD.
    let url = format!(
        "postgres://{}:Wr0ng-Pa55@{}:{}/{}",
        s.user, s.host, s.port, db.name
    );
    db.kanban(["tasks", "--database-url", &url])
        .fails(5)
        .stderr_contains("the password (`password` in the database URL)")
        .no_output_contains("Wr0ng-Pa55");
    // No password anywhere: say so, and where one could come from.
    crate::support::Cmd::new(db.dir(), ["tasks"])
        .env("KANBAN_BOARD_STAGE", "nofile")
        .env("PGHOST", &s.host)
        .env("PGPORT", s.port.to_string())
        .env("PGDATABASE", &db.name)
        .env("PGUSER", &s.user)
        .fails(5)
        .stderr_contains(&format!(
            "asks user `{}` for a password and none is set",
            s.user
        ));
    // TLS required by the client, and this server has none: libpq's cause, not a handshake.
    db.kanban(["tasks"])
        .env("PGSSLMODE", "require")
        .fails(5)
        .stderr_contains("does not support TLS (SSL), but sslmode=require requires it");
}
