//! Where connection settings come from, and in what order: URL, POSTGRES_*, PG*, pgpass.

use std::fs;
use std::os::unix::fs::PermissionsExt;

use crate::support::{Cmd, TestDb, refused_port, socket_dir};

/// A command with no env file anywhere: only what the test sets.
fn bare(db: &TestDb, args: &[&str]) -> Cmd {
    Cmd::new(db.dir(), args).env("KANBAN_BOARD_STAGE", "nofile")
}

fn url(db: &TestDb) -> String {
    let s = &db.server;
    format!(
        "postgres://{}:{}@{}:{}/{}",
        s.user, s.password, s.host, s.port, db.name
    )
}

#[test]
fn a_url_alone_is_enough() {
    let db = TestDb::new();
    let marker = db.marker();
    bare(&db, &["tasks", "--database-url", &url(&db)])
        .success()
        .stdout_contains(&marker);
    bare(&db, &["tasks", "-o", "json"])
        .env("KANBAN_DATABASE_URL", url(&db))
        .success()
        .stdout_contains(&marker)
        .no_output_contains(&db.server.password);
}

#[test]
fn a_key_value_conninfo_is_enough() {
    let db = TestDb::new();
    let s = &db.server;
    let conninfo = format!(
        "host={} port={} dbname='{}' user={} password='{}'",
        s.host, s.port, db.name, s.user, s.password
    );
    let marker = db.marker();
    bare(&db, &["tasks"])
        .env("KANBAN_DATABASE_URL", conninfo)
        .success()
        .stdout_contains(&marker);
}

#[test]
fn the_url_wins_over_the_env_file_and_the_environment() {
    let db = TestDb::new();
    // The stage file points at this database; the URL at one that does not exist.
    let elsewhere = format!(
        "{}/{}_elsewhere",
        url(&db).rsplit_once('/').unwrap().0,
        db.name
    );
    db.kanban(["tasks", "--database-url", &elsewhere])
        .env("POSTGRES_DB", &db.name)
        .fails(5)
        .stderr_contains(&format!("{}_elsewhere", db.name))
        .no_output_contains(&db.server.password);
    // Parts the URL leaves out come from the next sources.
    let s = &db.server;
    let marker = db.marker();
    db.kanban([
        "tasks",
        "--database-url",
        &format!("postgres://{}:{}", s.host, s.port),
    ])
    .success()
    .stdout_contains(&marker);
}

#[test]
fn postgres_variables_win_over_libpq_variables() {
    let db = TestDb::new();
    let marker = db.marker();
    db.kanban(["tasks"])
        .env("PGDATABASE", "not_this_one")
        .env("PGUSER", "nobody")
        .env("PGPASSWORD", "wrong")
        .success()
        .stdout_contains(&marker);
}

#[test]
fn libpq_variables_alone_are_enough() {
    let db = TestDb::new();
    let s = &db.server;
    let marker = db.marker();
    bare(&db, &["tasks"])
        .env("PGHOST", &s.host)
        .env("PGPORT", s.port.to_string())
        .env("PGDATABASE", &db.name)
        .env("PGUSER", &s.user)
        .env("PGPASSWORD", &s.password)
        .env("PGAPPNAME", "kanban-ci")
        .success()
        .stdout_contains(&marker);
}

#[test]
fn the_password_file_supplies_a_missing_password() {
    let db = TestDb::new();
    let s = &db.server;
    let pgpass = db.dir().join("pgpass");
    fs::write(
        &pgpass,
        format!(
            "# test\nelsewhere:*:*:*:wrong\n{}:{}:{}:{}:{}\n",
            s.host, s.port, db.name, s.user, s.password
        ),
    )
    .unwrap();
    fs::set_permissions(&pgpass, fs::Permissions::from_mode(0o600)).unwrap();
    let libpq = |args: &[&str]| {
        bare(&db, args)
            .env("PGHOST", &s.host)
            .env("PGPORT", s.port.to_string())
            .env("PGDATABASE", &db.name)
            .env("PGUSER", &s.user)
    };
    let marker = db.marker();
    libpq(&["tasks"])
        .env("PGPASSFILE", &pgpass)
        .success()
        .stdout_contains(&marker);
    // ~/.pgpass is the default.
    fs::copy(&pgpass, db.dir().join("home/.pgpass")).unwrap();
    fs::set_permissions(
        db.dir().join("home/.pgpass"),
        fs::Permissions::from_mode(0o600),
    )
    .unwrap();
    libpq(&["tasks"]).success().stdout_contains(&marker);
    // An empty password is no password: the password file still supplies it.
    libpq(&["tasks"])
        .env("PGPASSWORD", "")
        .success()
        .stdout_contains(&marker);
    // A file others can read is ignored, with libpq's warning, and the password stays unsaid.
    fs::set_permissions(&pgpass, fs::Permissions::from_mode(0o644)).unwrap();
    let out = libpq(&["tasks"])
        .env("PGPASSFILE", &pgpass)
        .run()
        .code(5)
        .stderr_contains("group or world access")
        .no_output_contains(&s.password);
    assert_eq!(
        out.stderr.lines().count(),
        2,
        "a warning and the error: {}",
        out.stderr
    );
}

#[test]
fn nothing_at_all_names_every_place_looked_at() {
    let db = TestDb::new();
    bare(&db, &["tasks"])
        .fails(5)
        .stderr_contains("nofile_postgres_config.env")
        .stderr_contains("KANBAN_DATABASE_URL")
        .stderr_contains("PG*");
}

#[test]
fn a_host_starting_with_a_slash_is_a_socket_directory() {
    let db = TestDb::new();
    let socket = socket_dir();
    let marker = db.marker();
    db.kanban(["tasks"])
        .env("POSTGRES_HOST", &socket)
        .success()
        .stdout_contains(&marker);
    let report = db
        .kanban(["doctor", "-o", "json"])
        .env("POSTGRES_HOST", &socket)
        .success()
        .json();
    assert_eq!(report["host"], socket.to_str().unwrap());
}

#[test]
fn a_bad_url_is_exit_5_and_never_echoed() {
    let db = TestDb::new();
    for bad in [
        "postgres://u:Sup3rSecret@h:1/db?bogus=1",
        "mysql://u:Sup3rSecret@h/db",
        "password='Sup3rSecret",
        // Malformed so that parts of the password land where a port or a key goes.
        "postgres://u:Sup3rSecret/Sup3rSecret@h:1/db",
        "host=h password=Sup3rSecret Sup3rSecret",
        "postgres://u:Sup3rSecret?Sup3rSecret=1@h/db",
    ] {
        db.kanban(["tasks", "--database-url", bad])
            .fails(5)
            .no_output_contains("Sup3rSecret");
    }
}

#[test]
fn an_env_file_others_can_read_draws_a_warning() {
    let db = TestDb::new();
    let file = db.dir().join("test_postgres_config.env");
    fs::set_permissions(&file, fs::Permissions::from_mode(0o644)).unwrap();
    db.kanban(["tasks"])
        .warns("chmod 600")
        .stderr_contains("kanban: warning:")
        .no_output_contains(&db.server.password);
    // Under -o json the warning is a JSON object too, so a script's stderr parser holds.
    let out = db.kanban(["tasks", "-o", "json"]).warns("chmod 600");
    let warning = out.stderr_json();
    assert!(
        warning["warning"]["message"]
            .as_str()
            .is_some_and(|text| text.contains("chmod 600")),
        "{warning}"
    );
    fs::set_permissions(&file, fs::Permissions::from_mode(0o600)).unwrap();
    db.kanban(["tasks"]).success().stderr_is_empty();
}

#[test]
fn no_output_of_any_command_ever_shows_the_password() {
    let db = TestDb::new();
    let password = db.server.password.clone();
    let refused = refused_port();
    let with_url = |suffix: &str| format!("{}{suffix}", url(&db));
    let s = &db.server;
    let at_port = |port: u16| {
        format!(
            "postgres://{}:{}@127.0.0.1:{port}/{}",
            s.user, s.password, db.name
        )
    };
    // Each run, the exit code it must end with, and whether stderr is one JSON error line.
    let runs = [
        (db.kanban(["new", "a"]).run(), 0),
        (db.kanban(["start", "a"]).run(), 0),
        (db.kanban(["tasks", "-o", "json"]).run(), 0),
        (db.kanban(["doctor"]).run(), 0),
        (db.kanban(["doctor", "-o", "json"]).run(), 0),
        (db.kanban(["--help"]).run(), 0),
        (db.kanban(["tasks"]).env("POSTGRES_PORT", "1").run(), 6),
        (
            db.kanban(["tasks"]).env("POSTGRES_DB", "absent_db").run(),
            5,
        ),
        (
            db.kanban(["tasks", "--database-url", &url(&db)])
                .env("KANBAN_OUTPUT", "json")
                .run(),
            0,
        ),
        (
            db.kanban(["--help"])
                .env("KANBAN_DATABASE_URL", url(&db))
                .run(),
            0,
        ),
        (
            db.kanban(["tasks", "--database-url", &with_url("?sslmode=nonsense")])
                .run(),
            5,
        ),
    ];
    // -o json failures of a URL that carries the password: wrong password, TLS, refused port.
    let json_failures = [
        ("tasks", url(&db).replace(&password, "Wr0ng-Pa55"), 5),
        ("tasks", with_url("?sslmode=require"), 5),
        ("tasks", at_port(refused.port), 6),
        ("doctor", at_port(refused.port), 6),
    ]
    .map(|(command, failing, code)| {
        let run = db
            .kanban([command, "-o", "json", "--database-url", &failing])
            .run();
        (run, code)
    });
    for (run, code) in runs.into_iter().chain(json_failures) {
        let run = run.code(code).no_output_contains(&password);
        if code == 0 {
            run.stderr_is_empty();
        } else if run.stderr.starts_with('{') {
            let error = run.stderr_json();
            assert_eq!(error["error"]["exit_code"], code, "{}", run.stderr);
        } else {
            assert!(
                run.stderr.starts_with("kanban: ") && run.stderr.lines().count() == 1,
                "{}",
                run.stderr
            );
        }
    }
}
