//! `kanban doctor`: a healthy setup, and each way a setup can fail.

use crate::support::{TestDb, refused_port};

#[test]
fn a_healthy_setup_reports_everything_and_exits_0() {
    let db = TestDb::new();
    let table = db.kanban(["doctor"]).success();
    for line in [
        "stage",
        "test",
        "server version",
        "current",
        "can change tasks",
    ] {
        assert!(
            table.stdout.contains(line),
            "{line} missing:\n{}",
            table.stdout
        );
    }
    let report = db.kanban(["doctor", "-o", "json"]).success().json();
    assert_eq!(report["ok"], true);
    assert_eq!(report["stage"], "test");
    assert_eq!(report["env_file"], "./test_postgres_config.env");
    assert_eq!(report["database"], db.name.as_str());
    assert_eq!(report["user"], db.server.user.as_str());
    assert_eq!(report["port"], db.server.port);
    assert_eq!(report["connected"], true);
    assert_eq!(report["schema"], "current");
    assert_eq!(report["can_read_tasks"], true);
    assert_eq!(report["can_change_tasks"], true);
    assert!(report["round_trip_ms"].as_f64().unwrap() > 0.0);
    assert!(
        report["server_version"]
            .as_str()
            .unwrap()
            .starts_with(char::is_numeric)
    );
    assert!(
        !db.kanban(["doctor", "-o", "json"])
            .success()
            .stdout
            .contains(&db.server.password)
    );
}

#[test]
fn no_settings_is_exit_5() {
    let db = TestDb::new();
    let out = db
        .kanban(["doctor", "-o", "json", "--stage", "prod"])
        .run()
        .code(5);
    let report = out.json();
    assert_eq!(report["ok"], false);
    assert_eq!(report["stage"], "prod");
    assert!(
        report["problem"]
            .as_str()
            .unwrap()
            .contains("prod_postgres_config.env")
    );
    assert_eq!(out.stderr_json()["error"]["exit_code"], 5);
}

#[test]
fn a_rejected_password_is_exit_5_and_never_shown() {
    let db = TestDb::new();
    let out = db
        .kanban(["doctor"])
        .env("POSTGRES_PASSWORD", "not-the-Password-42")
        .run()
        .code(5)
        .no_output_contains("not-the-Password-42")
        .no_output_contains(&db.server.password);
    assert!(out.stdout.contains("connected") && out.stdout.contains("no"));
    assert!(out.stderr.starts_with("kanban: "));
}

#[test]
fn an_unreachable_server_is_exit_6() {
    let db = TestDb::new();
    let refused = refused_port();
    let port = refused.port;
    let report = db
        .kanban(["doctor", "-o", "json"])
        .env("POSTGRES_HOST", "127.0.0.1")
        .env("POSTGRES_PORT", port.to_string())
        .run()
        .code(6)
        .json();
    assert_eq!(report["connected"], false);
    assert_eq!(report["port"], port);
}

#[test]
fn a_missing_schema_is_exit_5() {
    let db = TestDb::empty();
    let out = db.kanban(["doctor", "-o", "json"]).run().code(5);
    assert_eq!(out.json()["schema"], "missing");
    assert!(out.stderr.contains("kanban init"));
}

#[test]
fn a_user_without_rights_on_tasks_is_exit_5() {
    let db = TestDb::new();
    // The owner may revoke its own rights, which is enough to see the check work.
    db.sql(&format!(
        "REVOKE INSERT, UPDATE ON kanban_task FROM {}",
        db.server.user
    ));
    let out = db.kanban(["doctor", "-o", "json"]).run().code(5);
    let report = out.json();
    assert_eq!(report["can_read_tasks"], true);
    assert_eq!(report["can_change_tasks"], false);
    assert!(
        out.stderr.contains("kanban grant --write"),
        "{}",
        out.stderr
    );
    // And the commands themselves say so with the same exit code.
    db.kanban(["new", "x"])
        .fails(5)
        .stderr_contains("permission denied")
        .stderr_contains("kanban grant --write");
}
