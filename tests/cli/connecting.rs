//! Where connection settings come from, and in what order: URL, POSTGRES_*, PG*, pgpass.

use std::fs;
use std::os::unix::fs::PermissionsExt;

use crate::support::{Cmd, TestDb, socket_dir};

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
    bare(&db, &["new", "via url", "--database-url", &url(&db)]).success();
    bare(&db, &["tasks", "-o", "json"])
        .env("KANBAN_DATABASE_URL", url(&db))
        .success()
        .stdout_contains("via url")
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
    bare(&db, &["tasks"])
        .env("KANBAN_DATABASE_URL", conninfo)
        .success();
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
    db.kanban([
        "tasks",
        "--database-url",
        &format!("postgres://{}:{}", s.host, s.port),
    ])
    .success();
}

#[test]
fn postgres_variables_win_over_libpq_variables() {
    let db = TestDb::new();
    db.kanban(["tasks"])
        .env("PGDATABASE", "not_this_one")
        .env("PGUSER", "nobody")
        .env("PGPASSWORD", "wrong")
        .success();
}

#[test]
fn libpq_variables_alone_are_enough() {
    let db = TestDb::new();
    let s = &db.server;
    bare(&db, &["new", "via PG*"])
        .env("PGHOST", &s.host)
        .env("PGPORT", s.port.to_string())
        .env("PGDATABASE", &db.name)
        .env("PGUSER", &s.user)
        .env("PGPASSWORD", &s.password)
        .env("PGAPPNAME", "kanban-ci")
        .success();
    assert_eq!(db.value("SELECT count(*) FROM task").as_deref(), Some("1"));
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
    libpq(&["tasks"])
        .env("PGPASSFILE", &pgpass)
        .success()
        .stdout_is(&db.kanban(["tasks"]).success().stdout);
    // ~/.pgpass is the default.
    fs::copy(&pgpass, db.dir().join("home/.pgpass")).unwrap();
    fs::set_permissions(
        db.dir().join("home/.pgpass"),
        fs::Permissions::from_mode(0o600),
    )
    .unwrap();
    libpq(&["tasks"]).success();
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
    db.kanban(["new", "over a socket"])
        .env("POSTGRES_HOST", &socket)
        .success();
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
    let out = db.kanban(["tasks"]).success();
    assert!(
        out.stderr.contains("kanban: warning:") && out.stderr.contains("chmod 600"),
        "{}",
        out.stderr
    );
    assert!(!out.stderr.contains(&db.server.password));
    fs::set_permissions(&file, fs::Permissions::from_mode(0o600)).unwrap();
    db.kanban(["tasks"]).success().stderr_is_empty();
}

#[test]
fn no_output_of_any_command_ever_shows_the_password() {
    let db = TestDb::new();
    let password = db.server.password.clone();
    let runs = [
        db.kanban(["new", "a"]).run(),
        db.kanban(["start", "a"]).run(),
        db.kanban(["tasks", "-o", "json"]).run(),
        db.kanban(["doctor"]).run(),
        db.kanban(["doctor", "-o", "json"]).run(),
        db.kanban(["--help"]).run(),
        db.kanban(["tasks"]).env("POSTGRES_PORT", "1").run(),
        db.kanban(["tasks"]).env("POSTGRES_DB", "absent_db").run(),
        db.kanban(["tasks", "--database-url", &url(&db)])
            .env("KANBAN_OUTPUT", "json")
            .run(),
        db.kanban(["--help"])
            .env("KANBAN_DATABASE_URL", url(&db))
            .run(),
        db.kanban([
            "tasks",
            "--database-url",
            &format!("{}?sslmode=nonsense", url(&db)),
        ])
        .run(),
    ];
    for run in runs {
        run.no_output_contains(&password);
    }
}
