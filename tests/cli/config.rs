//! Where settings come from, and the exit-5 messages when they are missing or wrong.

use std::fs;

use crate::support::{Cmd, TestDb};

#[test]
fn no_env_file_names_the_places_looked_at_and_the_example() {
    let db = TestDb::new();
    db.kanban(["tasks"])
        .env("KANBAN_BOARD_STAGE", "prod")
        .fails(5)
        .stderr_contains("no connection settings for stage `prod`")
        .stderr_contains("prod_postgres_config.env")
        .stderr_contains("home/.config/kanban/prod_postgres_config.env")
        // Not in a checkout: the variables to set, not a file the user does not have.
        .stderr_contains("POSTGRES_DB, POSTGRES_USER, POSTGRES_PASSWORD");
    // In a checkout, the example file.
    fs::write(db.dir().join("local_postgres_config.env.example"), "").unwrap();
    db.kanban(["tasks"])
        .env("KANBAN_BOARD_STAGE", "prod")
        .fails(5)
        .stderr_contains("see local_postgres_config.env.example");
}

#[test]
fn the_stage_comes_from_the_flag_or_the_environment_and_defaults_to_local() {
    let db = TestDb::new();
    db.write_env_file(&db.dir().join("local_postgres_config.env"), "");
    db.kanban(["new", "x"])
        .env_remove("KANBAN_BOARD_STAGE")
        .success();
    fs::rename(
        db.dir().join("test_postgres_config.env"),
        db.dir().join("ci_postgres_config.env"),
    )
    .unwrap();
    db.kanban(["tasks"])
        .fails(5)
        .stderr_contains("stage `test`");
    db.kanban(["tasks", "--stage", "ci"])
        .success()
        .stdout_contains("x");
    db.kanban(["--stage", "ci", "tasks"]).success();
    // An empty variable counts as unset, as libpq treats its PG* variables.
    fs::rename(
        db.dir().join("ci_postgres_config.env"),
        db.dir().join("local_postgres_config.env"),
    )
    .unwrap();
    db.kanban(["tasks"])
        .env("KANBAN_BOARD_STAGE", "")
        .success()
        .stdout_contains("x");
}

#[test]
fn the_config_folder_is_searched_after_the_current_directory() {
    let db = TestDb::new();
    let in_xdg = db.dir().join("xdg/kanban/test_postgres_config.env");
    fs::create_dir_all(in_xdg.parent().unwrap()).unwrap();
    fs::rename(db.dir().join("test_postgres_config.env"), &in_xdg).unwrap();
    db.kanban(["tasks"]).fails(5);
    db.kanban(["tasks"])
        .env("XDG_CONFIG_HOME", db.dir().join("xdg"))
        .success();
    let in_home = db
        .dir()
        .join("home/.config/kanban/test_postgres_config.env");
    fs::create_dir_all(in_home.parent().unwrap()).unwrap();
    fs::rename(&in_xdg, &in_home).unwrap();
    db.kanban(["tasks"]).success();
}

#[test]
fn env_file_names_one_file() {
    let db = TestDb::new();
    let elsewhere = db.dir().join("elsewhere.env");
    fs::rename(db.dir().join("test_postgres_config.env"), &elsewhere).unwrap();
    db.kanban(["tasks", "--env-file", "elsewhere.env"])
        .success();
    db.kanban(["tasks", "--env-file", "nowhere.env"])
        .fails(5)
        .stderr_contains("nowhere.env");
}

#[test]
fn a_missing_variable_is_named() {
    let db = TestDb::new();
    let path = db.dir().join("test_postgres_config.env");
    let text = fs::read_to_string(&path).unwrap();
    let without_host: String = text
        .lines()
        .filter(|line| !line.starts_with("POSTGRES_HOST="))
        .map(|line| format!("{line}\n"))
        .collect();
    fs::write(&path, without_host).unwrap();
    db.kanban(["tasks"])
        .fails(5)
        .stderr_contains("POSTGRES_HOST is not set")
        .stderr_contains("PGHOST or `host` in --database-url also work)");
    db.kanban(["tasks"])
        .env("POSTGRES_HOST", &db.server.host)
        .success();
}

#[test]
fn the_environment_wins_over_the_file() {
    let db = TestDb::new();
    db.kanban(["tasks"])
        .env("POSTGRES_DB", "no_such_database_here")
        .fails(5)
        .stderr_contains("no_such_database_here");
}

#[test]
fn the_environment_alone_is_enough() {
    let db = TestDb::new();
    let s = &db.server;
    let marker = db.marker();
    Cmd::new(db.dir(), ["tasks"])
        .env("KANBAN_BOARD_STAGE", "nofile")
        .env("POSTGRES_DB", &db.name)
        .env("POSTGRES_USER", &s.user)
        .env("POSTGRES_PASSWORD", &s.password)
        .env("POSTGRES_HOST", &s.host)
        .env("POSTGRES_PORT", s.port.to_string())
        .success()
        .stdout_contains(&marker);
}

#[test]
fn bad_values_are_configuration_errors() {
    let db = TestDb::new();
    for (key, value) in [
        ("KANBAN_HOURLY_RATE", "ten"),
        ("KANBAN_HOURLY_RATE", "0"),
        ("KANBAN_HOURLY_RATE", "-5"),
        ("POSTGRES_PORT", "99999"),
        ("POSTGRES_PORT", "http"),
        ("PGCONNECT_TIMEOUT", "soon"),
    ] {
        db.kanban(["tasks"])
            .env(key, value)
            .fails(5)
            .stderr_contains(key);
    }
}

#[test]
fn a_stage_cannot_name_a_path() {
    let db = TestDb::new();
    db.kanban(["tasks", "--stage", "../etc"])
        .fails(2)
        .stderr_contains("invalid stage");
}

#[test]
fn an_unparsable_env_file_is_reported_without_its_contents() {
    let db = TestDb::new();
    fs::write(
        db.dir().join("test_postgres_config.env"),
        "POSTGRES_PASSWORD='s3cret-unclosed\n",
    )
    .unwrap();
    db.kanban(["tasks"])
        .fails(5)
        .stderr_contains("test_postgres_config.env")
        .no_output_contains("s3cret");
}

/// Runs `script` in bash with `db`'s environment, where `$KANBAN` is the binary.
fn in_bash(db: &TestDb, script: &str) -> std::process::Output {
    let probe = db.kanban(["unused"]).std_command();
    let mut bash = std::process::Command::new("bash");
    bash.arg("-c")
        .arg(script)
        .current_dir(db.dir())
        .env_clear()
        .env("KANBAN", env!("CARGO_BIN_EXE_kanban"))
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped());
    for (key, value) in probe.get_envs() {
        if let Some(value) = value {
            bash.env(key, value);
        }
    }
    crate::support::finish(bash.spawn().unwrap(), crate::support::COMMAND_LIMIT, script)
}

#[test]
fn env_files_come_from_pipes_with_a_byte_order_mark_and_errors_name_the_line() {
    let db = TestDb::new();
    let marker = db.marker();
    let file = db.dir().join("test_postgres_config.env");
    let settings = std::fs::read_to_string(&file).unwrap();
    std::fs::rename(&file, db.dir().join("kept.env")).unwrap();
    // A pipe, as `--env-file <(vault read ...)` gives.
    let out = in_bash(&db, "\"$KANBAN\" --env-file <(cat kept.env) tasks -o tsv");
    assert_eq!(out.status.code(), Some(0), "{out:?}");
    assert!(String::from_utf8_lossy(&out.stdout).contains(&marker));
    // A byte-order mark, as some Windows editors write.
    let bom = db.dir().join("bom.env");
    std::fs::write(&bom, format!("\u{feff}{settings}")).unwrap();
    std::fs::set_permissions(&bom, std::os::unix::fs::PermissionsExt::from_mode(0o600)).unwrap();
    db.kanban(["--env-file", "bom.env", "tasks"])
        .success()
        .stdout_contains(&marker);
    // A broken line is named by its number, and never quoted (it may hold a password).
    let broken = db.dir().join("broken.env");
    std::fs::write(
        &broken,
        format!("{settings}# fine\nPOSTGRES_PASSWORD secret-Value-9\n"),
    )
    .unwrap();
    std::fs::set_permissions(&broken, std::os::unix::fs::PermissionsExt::from_mode(0o600)).unwrap();
    let lines = settings.lines().count();
    db.kanban(["--env-file", "broken.env", "tasks"])
        .fails(5)
        .stderr_contains(&format!("line {} cannot be parsed", lines + 2))
        .no_output_contains("secret-Value-9");
    // Not a file of settings at all.
    db.kanban(["--env-file", "/dev/zero", "tasks"])
        .fails(5)
        .stderr_contains("larger than 1 MiB");
    db.kanban(["--env-file", "/", "tasks"])
        .fails(5)
        .stderr_contains("is a directory");
}

#[test]
fn a_time_zone_that_is_not_a_zone_file_is_refused_at_once() {
    let db = TestDb::new();
    for tz in [
        "/dev/zero",
        ":/dev/zero",
        "../../../../dev/zero",
        "/",
        "/etc/passwd",
    ] {
        db.kanban(["tasks"])
            .env("TZ", tz)
            .within(std::time::Duration::from_secs(10))
            .fails(5)
            .stderr_contains("not a time zone file");
    }
    for tz in ["", "UTC", "Europe/Berlin", "IST-5:30", ":America/New_York"] {
        db.kanban(["tasks"]).env("TZ", tz).success();
    }
    // Checked once the server is reached, before the change: nothing is made.
    db.kanban(["new", "not made"])
        .env("TZ", "/etc/passwd")
        .fails(5)
        .stderr_contains("not a time zone file");
    assert_eq!(
        db.value("SELECT count(*) FROM kanban_task").as_deref(),
        Some("0")
    );
    // A command that shows no time does not read it.
    db.kanban(["man"]).env("TZ", "/etc/passwd").success();
}

#[test]
fn output_that_cannot_be_written_is_an_error_not_a_silent_success() {
    let db = TestDb::new();
    db.kanban(["new", "a"]).success();
    // A change whose report cannot be written was still made, and says so.
    let out = in_bash(&db, "\"$KANBAN\" new made > /dev/full");
    assert_eq!(out.status.code(), Some(1), "{out:?}");
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("the tasks were added all the same"),
        "{out:?}"
    );
    assert_eq!(
        db.value("SELECT count(*) FROM kanban_task").as_deref(),
        Some("2")
    );
    let out = in_bash(&db, "\"$KANBAN\" tasks > /dev/full");
    assert_eq!(out.status.code(), Some(1), "{out:?}");
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("writing output: No space left on device"),
        "{out:?}"
    );
    // Help and the version too: only a closed pipe ends quietly.
    for args in ["--help", "--version", "help start"] {
        let out = in_bash(&db, &format!("\"$KANBAN\" {args} > /dev/full"));
        assert_eq!(out.status.code(), Some(1), "{args}: {out:?}");
        assert!(
            String::from_utf8_lossy(&out.stderr)
                .contains("writing output: No space left on device"),
            "{args}: {out:?}"
        );
    }
    // /dev/null is a fine place for output, and --quiet needs none.
    let out = in_bash(
        &db,
        "\"$KANBAN\" tasks >/dev/null && \"$KANBAN\" new -q b >&-",
    );
    assert_eq!(out.status.code(), Some(0), "{out:?}");
}

#[test]
fn closed_standard_streams_read_and_write_nothing_else() {
    let db = TestDb::new();
    // Output to a closed stdout goes nowhere, as to /dev/null: it must not reach the
    // connection, which would otherwise take the free descriptor.
    let out = in_bash(
        &db,
        "\"$KANBAN\" new a b >&- <&- && \"$KANBAN\" start a >&- 2>&- && \"$KANBAN\" -o json tasks >&-",
    );
    assert_eq!(out.status.code(), Some(0), "{out:?}");
    assert_eq!(
        db.value("SELECT string_agg(name || ':' || status, ',' ORDER BY name) FROM kanban_task")
            .as_deref(),
        Some("a:in_progress,b:todo")
    );
}

#[test]
fn a_mistyped_key_in_the_env_file_is_named_with_the_key_meant() {
    let db = TestDb::new();
    let file = db.dir().join("typo_postgres_config.env");
    db.write_env_file(
        &file,
        "POSTGRES_PROT=1\nKANBAN_HOURLY_RATE=12\nOTHER_TOOL=x\n",
    );
    let out = db
        .kanban(["tasks"])
        .env("KANBAN_BOARD_STAGE", "typo")
        .warns("POSTGRES_PROT is not a setting kanban reads from an env file (did you mean POSTGRES_PORT?)");
    // Known keys and other tools' keys draw nothing; the command still runs.
    assert_eq!(out.stderr.lines().count(), 1, "{}", out.stderr);
}
