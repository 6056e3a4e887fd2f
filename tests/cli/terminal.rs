//! Terminal manners: colour only on a terminal (or when asked), NO_COLOR, tables that fit the
//! terminal's width. A real pseudo-terminal comes from util-linux's `script`.

use crate::support::TestDb;

/// Runs `kanban ARGS` on a pseudo-terminal `columns` wide and returns what it showed.
fn on_terminal(db: &TestDb, columns: u16, args: &[&str], env: &[(&str, &str)]) -> String {
    let quote = |arg: &str| format!("'{}'", arg.replace('\'', r"'\''"));
    let command = format!(
        "stty cols {columns} rows 50; exec {} {}",
        quote(env!("CARGO_BIN_EXE_kanban")),
        args.iter()
            .map(|arg| quote(arg))
            .collect::<Vec<_>>()
            .join(" ")
    );
    let mut script = std::process::Command::new("script");
    script.args(["-qec", &command, "/dev/null"]);
    let base = db.kanban(["unused"]).std_command();
    script.env_clear().current_dir(db.dir());
    for (key, value) in base.get_envs() {
        if let Some(value) = value {
            script.env(key, value);
        }
    }
    // No pager unless a test asks for one: it would wait for keys.
    script
        .env("TERM", "xterm-256color")
        .env("LANG", "C.UTF-8")
        .env("PAGER", "cat");
    for (key, value) in env {
        script.env(key, value);
    }
    let output = script.output().expect("run script(1) from util-linux");
    assert!(output.status.success(), "{output:?}");
    String::from_utf8_lossy(&output.stdout).replace("\r\n", "\n")
}

/// Lines the test pager marks, so that the test sees what went through it.
const MARKING_PAGER: &str = "echo \"pager LESS=$LESS\"; sed 's/^/paged> /'";

#[test]
fn long_tables_on_a_terminal_go_through_the_pager() {
    let db = board();
    for args in [vec!["tasks"], vec!["log"], vec!["board"]] {
        let shown = on_terminal(&db, 120, &args, &[("KANBAN_PAGER", MARKING_PAGER)]);
        assert!(shown.contains("pager LESS=FRX"), "{args:?}: {shown}");
        assert!(
            shown.contains("paged> ") && shown.contains("short"),
            "{shown}"
        );
    }
    // PAGER when KANBAN_PAGER is not set; KANBAN_PAGER wins; the user's LESS is kept.
    let shown = on_terminal(
        &db,
        120,
        &["tasks"],
        &[("PAGER", MARKING_PAGER), ("LESS", "R")],
    );
    assert!(
        shown.contains("pager LESS=R") && shown.contains("paged> "),
        "{shown}"
    );
    let shown = on_terminal(
        &db,
        120,
        &["tasks"],
        &[("PAGER", "false"), ("KANBAN_PAGER", MARKING_PAGER)],
    );
    assert!(shown.contains("paged> "), "{shown}");
}

#[test]
fn no_pager_when_asked_not_to_in_a_pipe_or_for_machine_formats_and_changes() {
    let db = board();
    let marking = [("KANBAN_PAGER", MARKING_PAGER)];
    for args in [
        vec!["tasks", "--no-pager"],
        vec!["--no-pager", "log"],
        vec!["-o", "json", "tasks"],
        vec!["tasks", "-o", "tsv"],
        vec!["elapsed", "short"],
        vec!["new", "another"],
    ] {
        let shown = on_terminal(&db, 120, &args, &marking);
        assert!(!shown.contains("paged> "), "{args:?}: {shown}");
    }
    for none in ["", "cat"] {
        let shown = on_terminal(&db, 120, &["tasks"], &[("KANBAN_PAGER", none)]);
        assert!(
            shown.contains("short") && !shown.contains("paged> "),
            "{shown}"
        );
    }
    // A pager program that is not there leaves the table on the terminal.
    let shown = on_terminal(
        &db,
        120,
        &["tasks"],
        &[("KANBAN_PAGER", "no-such-pager-here")],
    );
    assert!(shown.contains("short"), "{shown}");
    let piped = db
        .kanban(["tasks"])
        .env("KANBAN_PAGER", MARKING_PAGER)
        .success()
        .stdout;
    assert!(
        !piped.contains("paged> ") && piped.contains("short"),
        "{piped}"
    );
}

#[test]
fn a_command_that_fails_never_starts_the_pager_and_quitting_it_early_is_no_error() {
    let db = board();
    let quote = |arg: &str| format!("'{}'", arg.replace('\'', r"'\''"));
    let run = |args: &str, pager: &str| {
        let command = format!(
            "stty rows 50; {} {args}; echo \"exit=$?\"",
            quote(env!("CARGO_BIN_EXE_kanban"))
        );
        let base = db.kanban(["unused"]).std_command();
        let mut script = std::process::Command::new("script");
        script.args(["-qec", &command, "/dev/null"]);
        script.env_clear().current_dir(db.dir());
        for (key, value) in base.get_envs() {
            if let Some(value) = value {
                script.env(key, value);
            }
        }
        let output = script
            .env("TERM", "xterm-256color")
            .env("KANBAN_PAGER", pager)
            .output()
            .expect("run script(1) from util-linux");
        String::from_utf8_lossy(&output.stdout).replace("\r\n", "\n")
    };
    let shown = run("--stage nowhere tasks", "echo PAGER-STARTED; cat");
    assert!(
        shown.contains("exit=5") && !shown.contains("PAGER-STARTED"),
        "{shown}"
    );
    // The pager takes two lines and quits: kanban ends quietly, as in a closed pipe.
    db.sql("INSERT INTO kanban_task (name) SELECT 'bulk ' || n FROM generate_series(1, 5000) AS n");
    let shown = run("tasks", "head -n 2");
    assert!(shown.contains("exit=0"), "{shown}");
    assert!(!shown.contains("kanban:"), "{shown}");
    // A stderr closed by the caller is /dev/null for kanban, and for its pager too.
    let shown = run(
        "tasks 2>&-",
        "test -e /proc/self/fd/2 && echo PAGER-HAS-STDERR; cat >/dev/null",
    );
    assert!(
        shown.contains("exit=0") && shown.contains("PAGER-HAS-STDERR"),
        "{shown}"
    );
    // SIGTERM while the pager is on screen: kanban waits for the pager, then says so and
    // ends with 143, however quickly the rest of its work was done.
    let shown = run("board", "kill -TERM $PPID; cat >/dev/null");
    assert!(
        shown.contains("exit=143") && shown.contains("interrupted by SIGTERM"),
        "{shown}"
    );
}

fn board() -> TestDb {
    let db = TestDb::new();
    db.kanban([
        "new",
        "short",
        "A task name long enough that it can never fit on one narrow line",
    ])
    .success();
    db.kanban(["start", "short"]).success();
    db
}

#[test]
fn tables_are_coloured_on_a_terminal_only() {
    let db = board();
    assert!(on_terminal(&db, 200, &["tasks"], &[]).contains('\x1b'));
    assert!(!db.kanban(["tasks"]).success().stdout.contains('\x1b'));
    assert!(
        db.kanban(["tasks", "--color", "always"])
            .success()
            .stdout
            .contains('\x1b')
    );
}

#[test]
fn no_color_and_never_keep_a_terminal_plain() {
    let db = board();
    assert!(!on_terminal(&db, 200, &["tasks"], &[("NO_COLOR", "1")]).contains('\x1b'));
    assert!(!on_terminal(&db, 200, &["tasks", "--color", "never"], &[]).contains('\x1b'));
    assert!(!on_terminal(&db, 200, &["tasks"], &[("TERM", "dumb")]).contains('\x1b'));
    // An explicit request still wins over NO_COLOR.
    assert!(
        db.kanban(["tasks", "--color", "always"])
            .env("NO_COLOR", "1")
            .success()
            .stdout
            .contains('\x1b')
    );
}

#[test]
fn machine_formats_never_carry_escape_codes() {
    let db = board();
    for format in ["json", "csv", "tsv"] {
        let shown = on_terminal(&db, 200, &["tasks", "-o", format], &[]);
        assert!(!shown.contains('\x1b'), "{format}: {shown}");
    }
}

#[test]
fn tables_fit_the_terminal_width() {
    let db = board();
    for columns in [80u16, 100, 120] {
        let shown = on_terminal(&db, columns, &["tasks", "--color", "never"], &[]);
        for line in shown.lines() {
            assert!(
                line.chars().count() <= usize::from(columns),
                "{columns} columns, but a line is {} wide:\n{shown}",
                line.chars().count()
            );
        }
        assert!(shown.contains("short"));
        assert!(shown.contains("A task name"));
    }
    // Without a terminal nothing is wrapped: a long name stays on one line for grep.
    let piped = db.kanban(["tasks"]).success().stdout;
    assert!(piped.contains("A task name long enough that it can never fit on one narrow line"));
}

#[test]
fn several_one_word_names_at_a_terminal_draw_a_quoting_hint() {
    let db = TestDb::new();
    let shown = on_terminal(&db, 120, &["new", "Fix", "login", "bug"], &[]);
    assert!(
        shown.contains("hint: this adds 3 tasks; for one task named \"Fix login bug\", quote it"),
        "{shown}"
    );
    // Still done as asked; silenced like git's advice; never in a script.
    assert_eq!(
        db.value("SELECT count(*) FROM kanban_task").as_deref(),
        Some("3")
    );
    let silenced = on_terminal(&db, 120, &["new", "a", "b"], &[("KANBAN_HINTS", "0")]);
    assert!(!silenced.contains("hint"), "{silenced}");
    db.kanban(["new", "c", "d"]).success();
    // A one-name command given the words of a name says to quote it.
    db.kanban(["elapsed", "Fix", "login", "bug"])
        .fails(2)
        .stderr_contains("a name with spaces is one argument: quote it");
}

#[test]
fn empty_date_columns_give_their_room_to_the_names() {
    let db = TestDb::new();
    // Nothing started: the date columns hold nothing, so a 20-character name fits 80 columns.
    db.kanban(["new", "Twenty characters ok"]).success();
    let shown = on_terminal(&db, 80, &["tasks", "--color", "never"], &[]);
    assert!(shown.contains("Twenty characters ok"), "{shown}");
    assert!(
        shown.lines().all(|line| line.chars().count() <= 80),
        "{shown}"
    );
}
