//! Task names: trimmed, checked, otherwise stored exactly as given.

use crate::support::TestDb;

#[test]
fn surrounding_whitespace_is_trimmed_everywhere() {
    let db = TestDb::new();
    db.kanban(["new", "  Build a house \t"])
        .success()
        .stdout_is("Task Build a house added.\n");
    assert_eq!(
        db.value("SELECT name FROM kanban_task").as_deref(),
        Some("Build a house")
    );
    db.kanban(["start", " Build a house "]).success();
    db.kanban(["elapsed", "Build a house  "]).success();
}

#[test]
fn blank_multiline_and_overlong_names_are_usage_errors() {
    let db = TestDb::new();
    let too_long = "x".repeat(201);
    for bad in [
        "",
        "   ",
        "two\nlines",
        "tab\there",
        "bell\u{7}",
        too_long.as_str(),
    ] {
        db.kanban(["new", bad]).fails(2);
    }
    db.kanban(["new", "ok", "  "]).fails(2);
    db.kanban(["new", "twice", "twice"])
        .fails(2)
        .stderr_contains("more than once");
    assert_eq!(
        db.value("SELECT count(*) FROM kanban_task").as_deref(),
        Some("0")
    );
    // 200 characters is the limit, counted in characters rather than bytes.
    db.kanban(["new", &"é".repeat(200)]).success();
}

#[test]
fn anything_else_is_stored_exactly() {
    let db = TestDb::new();
    let names = [
        "'); DROP TABLE kanban_task; --",
        "\"double\" and 'single' quotes",
        "back\\slash % _ $1 ${HOME}",
        "🏠 build a house 👷‍♀️",
        "Дом строить",
        "建房子",
        "بناء منزل",
        "a",
        "A",
    ];
    for name in names {
        db.kanban(["new", name])
            .success()
            .stdout_is(&format!("Task {name} added.\n"));
    }
    for name in names {
        db.kanban(["start", name]).success();
        db.kanban(["resolve", name]).success();
        db.kanban(["cost", name]).success();
    }
    let stored: Vec<String> = db
        .rows("SELECT name FROM kanban_task ORDER BY id")
        .into_iter()
        .map(|row| row[0].clone().unwrap())
        .collect();
    assert_eq!(stored, names);
}

#[test]
fn a_name_starting_with_a_dash_goes_after_double_dash() {
    let db = TestDb::new();
    db.kanban(["new", "-x"]).run().code(2);
    db.kanban(["new", "--", "-x", "--force"])
        .success()
        .stdout_is("Task -x added.\nTask --force added.\n");
    db.kanban(["start", "--", "-x"]).success();
}

// A command line with a word like `help` or `-V` in it is parsed by the fully described
// command line (the one help and errors come from): a task may still have such a name.
#[test]
fn names_that_look_like_help_requests_are_names() {
    let db = TestDb::new();
    db.kanban(["new", "help", "--", "-h", "--help", "-V", "--version"])
        .success()
        .stdout_is(
            "Task help added.\nTask -h added.\nTask --help added.\nTask -V added.\nTask --version added.\n",
        );
    db.kanban(["start", "help"]).success();
    db.kanban(["elapsed", "help"]).success();
    db.kanban(["new", "-h"])
        .success()
        .stdout_contains("Add tasks to To Do");
}

#[test]
fn separators_and_bidi_controls_are_refused_here_and_by_the_database() {
    let db = TestDb::new();
    for bad in [
        "line\u{2028}separator",
        "paragraph\u{2029}separator",
        "evil\u{202e}txt.exe",
        "isolate\u{2066}me\u{2069}",
    ] {
        db.kanban(["new", bad])
            .fails(2)
            .stderr_contains("line separator or bidi control");
        let refused = db.sql_error(&format!("INSERT INTO kanban_task (name) VALUES ('{bad}')"));
        assert!(
            refused.contains("task_name_has_no_separators_or_bidi_controls"),
            "{refused}"
        );
    }
    // Other scripts and marks that are not controls stay welcome.
    db.kanban(["new", "بناء منزل", "עברית", "emoji 👷‍♀️"])
        .success();
}

#[test]
fn unicode_spaces_around_a_name_are_trimmed_here_and_refused_by_the_database() {
    let db = TestDb::new();
    db.kanban(["new", "\u{a0}nbsp\u{3000}"])
        .success()
        .stdout_is("Task nbsp added.\n");
    for padded in ["nb\u{a0}", "\u{3000}ideo", "thin\u{2009}", "\u{202f}narrow"] {
        let refused = db.sql_error(&format!(
            "INSERT INTO kanban_task (name) VALUES ('{padded}')"
        ));
        assert!(
            refused.contains("task_name_has_no_surrounding_spaces"),
            "{refused}"
        );
    }
    // Inside a name they are fine.
    db.kanban(["new", "a\u{a0}b"]).success();
}

#[test]
fn a_dash_reads_the_names_from_stdin_all_or_none() {
    let db = TestDb::new();
    let piped = |args: &[&str], input: &str| {
        let mut command = db.kanban(args).std_command();
        command
            .stdin(std::process::Stdio::piped())
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped());
        let mut child = command.spawn().unwrap();
        std::io::Write::write_all(&mut child.stdin.take().unwrap(), input.as_bytes()).unwrap();
        child.wait_with_output().unwrap()
    };
    // Blank lines are skipped, CRLF line ends taken off, spaces inside a name kept.
    let added = piped(&["new", "-"], "Build a house\r\n\nLay bricks\n");
    assert!(added.status.success(), "{added:?}");
    assert_eq!(
        String::from_utf8_lossy(&added.stdout),
        "Task Build a house added.\nTask Lay bricks added.\n"
    );
    // All or none: one taken name adds nothing.
    let refused = piped(&["new", "-"], "Fit windows\nLay bricks\n");
    assert_eq!(refused.status.code(), Some(4));
    let started = piped(&["start", "-"], "Build a house\nLay bricks\n");
    assert!(started.status.success(), "{started:?}");
    assert_eq!(piped(&["new", "-"], "").status.code(), Some(2));
    assert_eq!(piped(&["new", "-"], "a\na\n").status.code(), Some(2));
    assert_eq!(
        db.rows("SELECT name, status::text FROM kanban_task ORDER BY id"),
        [
            [
                Some("Build a house".to_owned()),
                Some("in_progress".to_owned())
            ],
            [
                Some("Lay bricks".to_owned()),
                Some("in_progress".to_owned())
            ],
        ]
    );
}

#[test]
fn a_name_not_found_suggests_the_closest_and_a_batch_reports_every_problem() {
    let db = TestDb::new();
    db.kanban([
        "new",
        "Fix login bug on Safari",
        "Rotate AWS keys",
        "Plan team offsite 🎉",
    ])
    .success();
    // Wrong case, one letter short, the emoji left out: each named, with the task meant.
    let out = db
        .kanban([
            "start",
            "Fix login bug on safari",
            "Rotate AWS key",
            "Plan team offsite",
            "Buy milk",
        ])
        .fails(3);
    for said in [
        "`Fix login bug on safari` (did you mean `Fix login bug on Safari`?)",
        "`Rotate AWS key` (did you mean `Rotate AWS keys`?)",
        "`Plan team offsite` (did you mean `Plan team offsite 🎉`?)",
        "nor `Buy milk` (see",
    ] {
        assert!(out.stderr.contains(said), "{said}: {}", out.stderr);
    }
    // Reads and the other changes say the same.
    db.kanban(["elapsed", "Rotate AWS kes"])
        .fails(3)
        .stderr_contains("did you mean `Rotate AWS keys`?");
    db.kanban(["rm", "Rotate AWS kes"])
        .fails(3)
        .stderr_contains("did you mean `Rotate AWS keys`?");
    // Every task in the wrong column is named too, and nothing moved.
    db.kanban(["start", "Rotate AWS keys"]).success();
    let out = db
        .kanban([
            "resolve",
            "Fix login bug on Safari",
            "Rotate AWS keys",
            "Plan team offsite 🎉",
        ])
        .fails(4);
    assert!(
        out.stderr.contains("`Fix login bug on Safari` is in To Do")
            && out.stderr.contains("`Plan team offsite 🎉` is in To Do"),
        "{}",
        out.stderr
    );
    assert_eq!(
        db.value("SELECT count(*) FROM kanban_task WHERE status = 'done'")
            .as_deref(),
        Some("0")
    );
}

#[test]
fn a_handle_stands_for_its_task_and_an_exact_name_wins() {
    let db = TestDb::new();
    db.kanban(["new", "Build a house", "#1", "Lay bricks"])
        .success();
    let id = |name: &str| {
        db.value(&format!("SELECT id FROM kanban_task WHERE name = '{name}'"))
            .unwrap()
    };
    let bricks = format!("#{}", id("Lay bricks"));
    // Handles in changes, reads and the history; shown in the table and the records.
    db.kanban(["start", &bricks])
        .success()
        .stdout_is("Task Lay bricks started.\n");
    db.kanban(["elapsed", &bricks]).success();
    db.kanban(["tasks"]).success().stdout_contains(&bricks);
    let listed = db.kanban(["tasks", "-o", "json"]).success().json();
    assert_eq!(listed[2]["id"].to_string(), id("Lay bricks"));
    // A task named like a handle is found by its name first.
    db.kanban(["start", "#1"])
        .success()
        .stdout_is("Task #1 started.\n");
    // One task by its name and its handle is one task named twice.
    db.kanban(["stop", "Lay bricks", &bricks]).fails(2);
    db.kanban(["stop", "#99999"])
        .fails(3)
        .stderr_contains("no task named `#99999`");
    db.kanban(["rename", &bricks, "Lay the bricks"]).success();
    db.kanban(["rm", "--force", &bricks]).success();
    // Gone, its handle still finds its history.
    let events = db.kanban(["log", &bricks, "-o", "json"]).success().json();
    assert_eq!(events[0]["action"], "removed");
    assert_eq!(events.as_array().unwrap().len(), 4);
}

#[test]
fn reads_take_a_unique_case_insensitive_match_or_prefix_and_say_so() {
    let db = TestDb::new();
    db.kanban([
        "new",
        "Fix login bug on Safari",
        "Fix the roof",
        "Rotate AWS keys",
    ])
    .success();
    db.kanban(["start", "Fix login bug on Safari", "Rotate AWS keys"])
        .success();
    db.kanban(["elapsed", "fix login bug on safari"])
        .warns("using task `Fix login bug on Safari` for `fix login bug on safari`");
    db.kanban(["elapsed", "rotate"])
        .warns("using task `Rotate AWS keys` for `rotate`");
    // Ambiguous: every candidate named, with its handle; nothing guessed.
    db.kanban(["elapsed", "fix"]).fails(3).stderr_contains(
        "`fix` matches several tasks: `Fix login bug on Safari` (#1), `Fix the roof` (#2)",
    );
    // Changes take exact names only, as git does without autocorrect.
    db.kanban(["stop", "rotate aws keys"])
        .fails(3)
        .stderr_contains("did you mean `Rotate AWS keys`?");
    // An exact name is one round trip and no note.
    db.kanban(["elapsed", "Rotate AWS keys"]).success();
}
