//! Completing task names by what each command can act on, through clap_complete's
//! `COMPLETE=<shell>` protocol against a real database, and in a real bash.

use std::process::Command;
use std::time::{Duration, Instant};

use crate::support::TestDb;

/// A board with a task in each column, including awkward names.
fn board() -> TestDb {
    let db = TestDb::new();
    db.kanban([
        "new",
        "to do one",
        "it's \"quoted\"",
        "a:b",
        "running",
        "finished",
    ])
    .success();
    db.kanban(["start", "running", "a:b", "finished"]).success();
    db.kanban(["resolve", "finished"]).success();
    db
}

/// What `COMPLETE=<shell>` offers for `kanban ARGS` (the last one being completed): the
/// candidates' values, without descriptions or flags.
fn offered(db: &TestDb, shell: &str, args: &[&str]) -> (Vec<String>, String) {
    let mut words = vec!["--", "kanban"];
    words.extend(args);
    let index = (words.len() - 2).to_string();
    let out = db
        .kanban(&words)
        .env("COMPLETE", shell)
        .env("_CLAP_COMPLETE_INDEX", index)
        .env("_CLAP_IFS", "\n")
        .success();
    let values = out
        .stdout
        .lines()
        .map(|line| line.split(['\t']).next().unwrap_or_default().to_owned())
        .filter(|value| !value.starts_with('-') && !value.is_empty())
        .collect();
    (values, out.stderr)
}

#[test]
fn each_command_offers_the_names_it_can_act_on() {
    let db = board();
    let names = |args: &[&str]| offered(&db, "fish", args).0;
    assert_eq!(names(&["start", ""]), ["to do one", "it's \"quoted\""]);
    assert_eq!(names(&["resolve", ""]), ["a:b", "running"]);
    assert_eq!(names(&["elapsed", ""]), ["a:b", "running", "finished"]);
    assert_eq!(names(&["cost", ""]), ["finished"]);
    assert_eq!(names(&["start", "it"]), ["it's \"quoted\""]);
    assert_eq!(names(&["stop", ""]), ["a:b", "running"]);
    assert_eq!(names(&["pause", ""]), ["a:b", "running"]);
    assert_eq!(names(&["reopen", ""]), ["finished"]);
    let every = ["to do one", "it's \"quoted\"", "a:b", "running", "finished"];
    for command in ["rename", "rm", "log"] {
        assert_eq!(names(&[command, ""]), every, "{command}");
    }
    // A stopped task has worked: its elapsed time can be asked for.
    db.kanban(["stop", "running"]).success();
    assert_eq!(names(&["elapsed", ""]), ["a:b", "running", "finished"]);
    assert_eq!(
        names(&["start", ""]),
        ["to do one", "it's \"quoted\"", "running"]
    );
    // Several names: each position is completed alike.
    assert_eq!(names(&["start", "to do one", "i"]), ["it's \"quoted\""]);
}

#[test]
fn names_with_spaces_quotes_and_colons_complete_in_each_shell() {
    let db = board();
    // fish quotes what it inserts: plain names.
    assert_eq!(offered(&db, "fish", &["start", "to"]).0, ["to do one"]);
    // zsh (clap's _describe script): a colon separates a description, so it is escaped.
    assert_eq!(offered(&db, "zsh", &["resolve", "a"]).0, ["a\\:b"]);
    // bash inserts verbatim: names come escaped, and an escaped prefix still matches.
    assert_eq!(
        offered(&db, "bash", &["start", "to\\ do"]).0,
        ["to\\ do\\ one"]
    );
    // A word begun with a quote gets the name quoted for it.
    assert_eq!(
        offered(&db, "bash", &["start", "'it"]).0,
        ["it'\\''s \"quoted\""]
    );
}

/// The real bashes load the bash-completion package first, as a user's interactive bash does
/// (`db/up` installs it on Debian/Ubuntu; without it they run as a bare bash).
const BASH_COMPLETION: &str = "f=/usr/share/bash-completion/bash_completion; \
     if [ -r \"$f\" ]; then source \"$f\"; fi\n";

#[test]
fn a_real_bash_completes_names_with_spaces_inside_quotes_or_not() {
    let db = board();
    let probe = db.kanban(["unused"]).std_command();
    let mut bash = Command::new("bash");
    bash.current_dir(db.dir()).env_clear();
    for (key, value) in probe.get_envs() {
        if let Some(value) = value {
            bash.env(key, value);
        }
    }
    // As bash calls the function: the word as readline gives it (without an opening quote),
    // and the line up to the cursor, which says whether a quote is open.
    let complete = |line: &str, word: &str| {
        format!(
            "COMP_LINE={line}; COMP_POINT=${{#COMP_LINE}}; COMP_WORDS=(kanban start x); COMP_CWORD=2\n\
             _clap_complete_kanban kanban {word} start\n\
             printf '[%s]\\n' \"${{COMPREPLY[@]}}\"\n"
        )
    };
    let script = format!(
        "{BASH_COMPLETION}source <(COMPLETE=bash '{bin}')\n{}{}{}{}",
        complete(r#"'kanban start to\ d'"#, r"'to d'"),
        complete(r#"'kanban start "to d'"#, r"'to d'"),
        complete(r#"'kanban start "it'"#, "it"),
        complete(r#""kanban start 'it""#, "it"),
        bin = env!("CARGO_BIN_EXE_kanban")
    );
    let output = bash.arg("-c").arg(script).output().unwrap();
    assert_eq!(
        String::from_utf8_lossy(&output.stdout),
        concat!(
            "[to\\ do\\ one]\n",
            "[to do one]\n",
            "[it's \\\"quoted\\\"]\n",
            "[it'\\''s \"quoted\"]\n"
        ),
        "{output:?}"
    );
}

#[test]
fn a_real_bash_completes_names_after_the_colons_it_splits_words_at() {
    let db = TestDb::new();
    db.kanban([
        "new",
        "Schedule 1:00 call",
        "Schedule 1:30 review",
        "a:b",
        "x=y:z",
    ])
    .success();
    let probe = db.kanban(["unused"]).std_command();
    let mut bash = Command::new("bash");
    bash.current_dir(db.dir()).env_clear();
    for (key, value) in probe.get_envs() {
        if let Some(value) = value {
            bash.env(key, value);
        }
    }
    // COMP_WORDS, COMP_CWORD and the arguments exactly as an interactive bash 5.2 gives
    // them: its COMP_WORDBREAKS splits `a:` into `a` and `:`.
    let complete = |line: &str, words: &str, cword: usize, args: &str| {
        format!(
            "COMP_LINE={line}; COMP_POINT=${{#COMP_LINE}}; COMP_WORDS=({words}); COMP_CWORD={cword}\n\
             _clap_complete_kanban {args}\n\
             printf '[%s]\\n' \"${{COMPREPLY[@]}}\"\n"
        )
    };
    let script = format!(
        "{BASH_COMPLETION}source <(COMPLETE=bash '{bin}')\n{}{}{}{}",
        complete(
            r"'kanban start Schedule\ 1:3'",
            r"kanban start 'Schedule\ 1' : 3",
            4,
            "kanban 3 :"
        ),
        complete("'kanban start a:'", "kanban start a :", 3, "kanban '' a"),
        complete(
            r"'kanban start Schedule\ 1:'",
            r"kanban start 'Schedule\ 1' :",
            3,
            r"kanban '' 'Schedule\ 1'"
        ),
        // `=` is a word break too.
        complete("'kanban start x='", "kanban start x =", 3, "kanban '' x"),
        bin = env!("CARGO_BIN_EXE_kanban")
    );
    let output = bash.arg("-c").arg(script).output().unwrap();
    // Readline replaces what follows the last colon: the candidates are that part.
    assert_eq!(
        String::from_utf8_lossy(&output.stdout),
        "[30\\ review]\n[b]\n[00\\ call]\n[30\\ review]\n[y:z]\n",
        "{output:?}"
    );
}

#[test]
fn the_stage_on_the_command_line_is_used() {
    let db = board();
    std::fs::rename(
        db.dir().join("test_postgres_config.env"),
        db.dir().join("other_postgres_config.env"),
    )
    .unwrap();
    assert!(offered(&db, "fish", &["cost", ""]).0.is_empty());
    assert_eq!(
        offered(&db, "fish", &["--stage", "other", "cost", ""]).0,
        ["finished"]
    );
}

#[test]
fn the_env_file_and_the_url_typed_on_the_line_are_used() {
    let db = board();
    std::fs::rename(
        db.dir().join("test_postgres_config.env"),
        db.dir().join("elsewhere.env"),
    )
    .unwrap();
    assert!(offered(&db, "fish", &["cost", ""]).0.is_empty());
    assert_eq!(
        offered(&db, "fish", &["--env-file", "elsewhere.env", "cost", ""]).0,
        ["finished"]
    );
    assert_eq!(
        offered(&db, "fish", &["cost", "--env-file=elsewhere.env", ""]).0,
        ["finished"]
    );
    let s = &db.server;
    let url = format!(
        "postgres://{}:{}@{}:{}/{}",
        s.user, s.password, s.host, s.port, db.name
    );
    let (names, stderr) = offered(&db, "fish", &["--database-url", &url, "resolve", ""]);
    assert_eq!(names, ["a:b", "running"]);
    assert!(!stderr.contains(&s.password));
}

#[test]
fn a_board_larger_than_the_cap_still_completes_every_name_by_its_start() {
    let db = TestDb::new();
    db.sql("INSERT INTO kanban_task (name) SELECT 'task ' || n FROM generate_series(1, 3000) AS n");
    db.kanban(["new", "the newest one"]).success();
    assert_eq!(
        offered(&db, "fish", &["start", "the"]).0,
        ["the newest one"]
    );
    assert_eq!(
        offered(&db, "fish", &["start", "task 2999"]).0,
        ["task 2999"]
    );
    // With nothing typed, the offer is capped rather than thousands of lines.
    let all = offered(&db, "fish", &["start", ""]).0;
    assert!(!all.is_empty() && all.len() <= 500, "{}", all.len());
}

#[test]
fn a_silent_server_gives_up_within_the_promised_two_seconds() {
    let db = board();
    // The kernel completes the handshake for the listen backlog; nobody ever answers.
    let silent = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = silent.local_addr().unwrap().port();
    let started = Instant::now();
    let out = db
        .kanban(["--", "kanban", "start", ""])
        .env("COMPLETE", "fish")
        .env("POSTGRES_HOST", "127.0.0.1")
        .env("POSTGRES_PORT", port.to_string())
        .env("PGCONNECT_TIMEOUT", "30")
        .within(Duration::from_secs(10))
        .success();
    let took = started.elapsed();
    assert!(took < Duration::from_millis(2900), "took {took:?}");
    assert!(out.stdout.lines().all(|line| line.starts_with('-')));
    drop(silent);
}

#[test]
fn any_failure_offers_nothing_and_prints_nothing() {
    let db = board();
    for (key, value) in [
        ("POSTGRES_PORT", "1"),
        ("POSTGRES_PASSWORD", "wrong"),
        ("KANBAN_BOARD_STAGE", "none"),
    ] {
        let out = db
            .kanban(["--", "kanban", "start", ""])
            .env("COMPLETE", "fish")
            .env(key, value)
            .success();
        assert_eq!(out.stderr, "", "{key}");
        assert!(
            out.stdout.lines().all(|line| line.starts_with('-')),
            "{key}: {}",
            out.stdout
        );
    }
    let fresh = TestDb::empty();
    let (names, stderr) = offered(&fresh, "fish", &["start", ""]);
    assert!(names.is_empty() && stderr.is_empty());
}

#[test]
fn the_man_page_renders() {
    let db = TestDb::new();
    let page = db.kanban(["man"]).success().stdout;
    assert!(
        page.starts_with(".ie") || page.contains(".TH kanban 1"),
        "{page}"
    );
    for section in [
        "EXIT STATUS",
        "ENVIRONMENT",
        "FILES",
        "KANBAN_BOARD_STAGE",
        "postgres_config.env",
        // Every command in the one page, with its options and examples.
        ".SH COMMANDS",
        ".SS \"kanban new\"",
        ".SS \"kanban rm (alias remove)\"",
        "\\fB\\-f\\fR, \\fB\\-\\-force\\fR",
        "kanban log \\-\\-since 2d \\-\\-limit 50",
    ] {
        assert!(page.contains(section), "{section} missing:\n{page}");
    }
    // No references to pages that do not exist.
    assert!(!page.contains("kanban\\-new(1)"), "{page}");
    let mut groff = Command::new("groff")
        .args(["-man", "-Tutf8", "-ww", "-P-bcou"])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("groff renders man pages");
    use std::io::Write;
    groff
        .stdin
        .take()
        .unwrap()
        .write_all(page.as_bytes())
        .unwrap();
    let rendered = groff.wait_with_output().unwrap();
    assert!(rendered.status.success());
    assert_eq!(
        String::from_utf8_lossy(&rendered.stderr),
        "",
        "groff warned"
    );
    let text = String::from_utf8_lossy(&rendered.stdout);
    assert!(
        text.contains("EXIT STATUS") && text.contains("Conflict"),
        "{text}"
    );
}

#[test]
fn handles_stages_and_the_newest_tasks_complete_too() {
    let db = board();
    let names = |args: &[&str]| offered(&db, "fish", args).0;
    // `#` completes handles, by the same columns as names.
    let running = format!(
        "#{}",
        db.value("SELECT id FROM kanban_task WHERE name = 'running'")
            .unwrap()
    );
    assert!(names(&["resolve", "#"]).contains(&running));
    assert!(!names(&["start", "#"]).contains(&running));
    // The stages whose env files kanban would find.
    db.write_env_file(&db.dir().join("prod_postgres_config.env"), "");
    db.write_env_file(&db.dir().join("preview_postgres_config.env"), "");
    assert_eq!(names(&["--stage", "pr"]), ["preview", "prod"]);
    // More matches than can be offered: the newest are, so a task just added is reachable.
    db.sql("INSERT INTO kanban_task (name) SELECT 'bulk ' || n FROM generate_series(1, 600) n");
    let offered_now = names(&["start", "bulk"]);
    assert_eq!(offered_now.len(), 500);
    assert!(offered_now.contains(&"bulk 600".to_owned()));
    assert!(!offered_now.contains(&"bulk 1".to_owned()));
}

#[test]
fn commands_complete_by_their_own_names_and_aliases_only_when_typed() {
    let db = TestDb::new();
    let (commands, _) = offered(&db, "fish", &[""]);
    for name in ["stop", "rm", "start", "resolve"] {
        assert!(commands.iter().any(|c| c == name), "{name}: {commands:?}");
    }
    assert!(
        !commands.iter().any(|c| c == "pause" || c == "remove"),
        "{commands:?}"
    );
    assert_eq!(
        offered(&db, "fish", &["r"]).0,
        ["resolve", "reopen", "rename", "rm", "report"]
    );
    assert_eq!(offered(&db, "fish", &["pa"]).0, ["pause"]);
}

#[test]
fn a_complete_variable_that_names_no_shell_is_not_kanbans() {
    let db = board();
    db.kanban(["new", "planned"]).success();
    for stray in ["garbage", "BASH", "1"] {
        db.kanban(["-o", "tsv", "tasks"])
            .env("COMPLETE", stray)
            .success()
            .stdout_contains("planned");
    }
    // A path to a shell still asks for its completion, as clap_complete reads it, and
    // bash's gets kanban's own registration (which hands over the line being typed).
    db.kanban(Vec::<&str>::new())
        .env("COMPLETE", "/bin/bash")
        .success()
        .stdout_contains("_KANBAN_COMP_LINE");
}
