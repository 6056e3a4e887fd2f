//! `kanban board` and `kanban board --watch`, the latter on a real pseudo-terminal (util-linux
//! `script`), changed from another process, quit with `q`, and cut off from its server.

use std::io::{Read, Write};
use std::process::{Child, ChildStdin, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use crate::support::{Cmd, TestDb};

/// A command running on a pseudo-terminal, with everything it drew collected as it comes.
pub struct Terminal {
    child: Child,
    input: ChildStdin,
    screen: Arc<Mutex<Vec<u8>>>,
}

impl Terminal {
    /// Runs `kanban ARGS` in the shell line `before; kanban ARGS; after` on a terminal
    /// `columns` wide, with `command`'s environment and directory.
    pub fn start(command: Cmd, columns: u16, before: &str, after: &str) -> Terminal {
        let base = command.std_command();
        let quote = |arg: &str| format!("'{}'", arg.replace('\'', r"'\''"));
        let args: Vec<String> = base
            .get_args()
            .map(|arg| quote(&arg.to_string_lossy()))
            .collect();
        let line = format!(
            "stty cols {columns} rows 40; {before}; {} {}; {after}",
            quote(env!("CARGO_BIN_EXE_kanban")),
            args.join(" ")
        );
        let mut script = Command::new("script");
        script.args(["-qfec", &line, "/dev/null"]).env_clear();
        if let Some(dir) = base.get_current_dir() {
            script.current_dir(dir);
        }
        for (key, value) in base.get_envs() {
            if let Some(value) = value {
                script.env(key, value);
            }
        }
        // A process group of its own, so that dropping the terminal ends everything in it.
        std::os::unix::process::CommandExt::process_group(&mut script, 0);
        let mut child = script
            .env("TERM", "xterm-256color")
            .env("LANG", "C.UTF-8")
            .env("PAGER", "cat")
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("run script(1) from util-linux");
        let input = child.stdin.take().expect("script's stdin");
        let mut output = child.stdout.take().expect("script's stdout");
        let screen = Arc::new(Mutex::new(Vec::new()));
        let collected = Arc::clone(&screen);
        std::thread::spawn(move || {
            let mut buffer = [0u8; 4096];
            while let Ok(read) = output.read(&mut buffer) {
                if read == 0 {
                    break;
                }
                collected.lock().unwrap().extend_from_slice(&buffer[..read]);
            }
        });
        Terminal {
            child,
            input,
            screen,
        }
    }

    pub fn shown(&self) -> String {
        String::from_utf8_lossy(&self.screen.lock().unwrap()).into_owned()
    }

    /// Waits up to `limit` for `needle` to appear after byte `from`; panics with the screen.
    pub fn wait_for(&self, needle: &str, from: usize, limit: Duration) -> usize {
        let started = Instant::now();
        loop {
            let shown = self.shown();
            if let Some(at) = shown.get(from..).and_then(|rest| rest.find(needle)) {
                return from + at;
            }
            assert!(
                started.elapsed() < limit,
                "{needle:?} did not appear within {limit:?}; the terminal showed:\n{shown}"
            );
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    pub fn len(&self) -> usize {
        self.screen.lock().unwrap().len()
    }

    pub fn type_keys(&mut self, keys: &str) {
        self.input.write_all(keys.as_bytes()).unwrap();
        self.input.flush().unwrap();
    }

    /// Waits (at most 10 s) for the program and its shell line to end; a watcher that
    /// ignores its quit key fails the test here rather than hanging it.
    pub fn wait(mut self) -> String {
        let started = Instant::now();
        while self.child.try_wait().unwrap().is_none() {
            if started.elapsed() > WAIT {
                panic!(
                    "the terminal's program did not end within {WAIT:?}; it showed:\n{}",
                    self.shown()
                );
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        std::thread::sleep(Duration::from_millis(100));
        self.shown()
    }
}

impl Drop for Terminal {
    fn drop(&mut self) {
        let _ = Command::new("kill")
            .args(["-KILL", "--", &format!("-{}", self.child.id())])
            .stderr(Stdio::null())
            .status();
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

const WAIT: Duration = Duration::from_secs(10);

/// Asserts that three changes made through `add` at different points of the watcher's 5 s
/// safety-check cycle each appear within 1.5 s.
pub fn assert_changes_show_within_1_5_s(terminal: &Terminal, add: impl Fn(&str)) {
    let delays = delays_of_three_changes(terminal, add);
    assert!(
        delays
            .iter()
            .all(|delay| *delay < Duration::from_millis(1500)),
        "every change should show within 1.5 s: {delays:?}"
    );
}

/// Makes three changes (new tasks, through `add`) at different points of the watcher's 5 s
/// safety-check cycle, and returns how long each took to appear on the terminal.
pub fn delays_of_three_changes(terminal: &Terminal, add: impl Fn(&str)) -> Vec<Duration> {
    (0..3)
        .map(|n| {
            std::thread::sleep(Duration::from_millis(1700));
            let name = format!("change number {n}");
            let from = terminal.len();
            let made = Instant::now();
            add(&name);
            terminal.wait_for(&name, from, WAIT);
            made.elapsed()
        })
        .collect()
}

#[test]
fn the_board_shows_three_columns_with_counts_timers_and_costs() {
    let db = TestDb::new();
    db.kanban(["new", "waiting", "running", "finished", "🏠 Дом 建房子"])
        .success();
    db.kanban(["start", "running", "finished"]).success();
    db.kanban(["resolve", "finished"]).success();
    db.sql(
        "UPDATE kanban_task SET start_datetime = '2026-03-01 14:00:00+00', \
         end_datetime = '2026-03-01 14:15:45+00' WHERE name = 'finished'",
    );
    db.sql(
        "UPDATE kanban_task SET start_datetime = now() - interval '2 days' WHERE name = 'running'",
    );
    let out = db.kanban(["board"]).success().stdout;
    for text in [
        "To Do (2)",
        "In Progress (1)",
        "Done (1)",
        "waiting",
        "running",
        "48:00:0",
        "finished",
        "$2.63",
    ] {
        assert!(out.contains(text), "{text} missing from\n{out}");
    }
    // Unicode names line up: every line of the table is as wide as the others.
    let widths: Vec<usize> = out
        .lines()
        .map(|line| {
            line.chars()
                .map(|c| {
                    if ('\u{2e80}'..='\u{9fff}').contains(&c) || c == '🏠' {
                        2
                    } else {
                        1
                    }
                })
                .sum()
        })
        .collect();
    assert!(widths.windows(2).all(|pair| pair[0] == pair[1]), "{out}");
    // Oldest first in each column.
    assert!(out.find("waiting").unwrap() < out.find("Дом").unwrap());
}

#[test]
fn the_board_caps_huge_columns_and_says_how_many_more() {
    let db = TestDb::new();
    db.sql(
        "INSERT INTO kanban_task (name) SELECT 'task ' || n FROM generate_series(1, 100000) AS n",
    );
    let out = db.kanban(["board", "--limit", "3"]).success().stdout;
    assert!(
        out.contains("To Do (100000)") && out.contains("+99997 more"),
        "{out}"
    );
    assert!(
        out.contains("task 1 ") && out.contains("task 3 ") && !out.contains("task 4 "),
        "{out}"
    );
    let json = db.kanban(["board", "-o", "json"]).success().json();
    let todo = &json["columns"][0];
    assert_eq!(todo["status"], "todo");
    assert_eq!(todo["count"], 100_000);
    assert_eq!(todo["tasks"].as_array().unwrap().len(), 20);
    assert_eq!(todo["more"], 100_000 - 20);
    assert_eq!(json["columns"][2]["title"], "Done");
    db.kanban(["board", "--limit", "0"]).run().code(2);
}

#[test]
fn the_board_fits_the_terminal_and_is_plain_in_a_pipe() {
    let db = TestDb::new();
    db.kanban([
        "new",
        "A task with a name long enough to need wrapping on a narrow screen",
    ])
    .success();
    let terminal = Terminal::start(db.kanban(["board"]), 60, "true", "true");
    let shown = terminal.wait();
    assert!(shown.contains('\x1b'), "colour on a terminal");
    let plain: String = strip_escapes(&shown);
    for line in plain.lines() {
        assert!(
            line.trim_end().chars().count() <= 60,
            "too wide: {line:?}\n{plain}"
        );
    }
    assert!(!db.kanban(["board"]).success().stdout.contains('\x1b'));
}

#[test]
fn watch_needs_a_terminal() {
    let db = TestDb::new();
    db.kanban(["board", "--watch"])
        .fails(2)
        .stderr_contains("terminal");
}

#[test]
fn watch_follows_changes_from_another_process_and_quits_cleanly() {
    let db = TestDb::new();
    db.kanban(["new", "first"]).success();
    db.kanban(["new", "clock"]).success();
    db.kanban(["start", "clock"]).success();
    db.sql(
        "UPDATE kanban_task SET start_datetime = now() - interval '1 hour' WHERE name = 'clock'",
    );
    let mut terminal = Terminal::start(
        db.kanban(["board", "--watch", "--watch-mode", "listen"]),
        100,
        "echo BEFORE-THE-BOARD",
        "echo \"exit=$?\"; stty -a",
    );
    let drawn = terminal.wait_for("To Do (1)", 0, WAIT);
    // Timers tick without anything changing.
    terminal.wait_for("01:00:0", 0, WAIT);
    terminal.wait_for("01:00:03", 0, WAIT);
    // A change anywhere shows at once: well before the 5 s safety check could find it.
    let from = terminal.len().max(drawn);
    db.kanban(["new", "arrived from elsewhere"]).success();
    terminal.wait_for("arrived from elsewhere", from, Duration::from_secs(4));
    terminal.wait_for("To Do (2)", from, Duration::from_secs(4));
    let from = terminal.len();
    db.kanban(["start", "first"]).success();
    terminal.wait_for("In Progress (2)", from, Duration::from_secs(4));
    terminal.type_keys("q");
    let shown = terminal.wait();
    assert!(shown.contains("exit=0"), "{shown}");
    // The terminal comes back as it was: main screen, cursor shown, line discipline restored.
    assert!(
        shown.contains("\x1b[?1049l") && shown.contains("\x1b[?25h"),
        "{shown:?}"
    );
    let settings = &shown[shown.find("exit=0").unwrap()..];
    assert!(
        settings.contains(" icanon") && settings.contains(" echo "),
        "{settings}"
    );
    assert!(!settings.contains("-icanon"), "{settings}");
}

#[test]
fn a_board_taller_than_the_terminal_scrolls_under_its_titles() {
    let db = TestDb::new();
    db.sql("INSERT INTO kanban_task (name) SELECT 'card ' || n FROM generate_series(1, 45) AS n");
    let mut terminal = Terminal::start(
        db.kanban(["board", "--watch", "--limit", "45"]),
        80,
        "true",
        "true",
    );
    // 40 rows: titles, 36 lines of cards, the status line saying what is off screen.
    terminal.wait_for("0 line(s) above", 0, WAIT);
    assert!(!strip_escapes(&terminal.shown()).contains("card 45"));
    let from = terminal.len();
    terminal.type_keys("j");
    terminal.wait_for("1 line(s) above", from, WAIT);
    let from = terminal.len();
    terminal.type_keys("G");
    terminal.wait_for(", 0 below", from, WAIT);
    terminal.wait_for("card 45", from, WAIT);
    let from = terminal.len();
    // PgUp, then Home: back to the top, the titles on screen all along.
    terminal.type_keys("\x1b[5~");
    terminal.wait_for("below", from, WAIT);
    let from = terminal.len();
    terminal.type_keys("g");
    terminal.wait_for("0 line(s) above", from, WAIT);
    let top = strip_escapes(&terminal.shown()[from..]);
    assert!(
        top.contains("To Do (45)") && top.contains("card 1 "),
        "{top}"
    );
    terminal.type_keys("q");
    terminal.wait();
}

#[test]
fn ctrl_c_quits_too() {
    let db = TestDb::new();
    let mut terminal = Terminal::start(db.kanban(["board", "-w"]), 100, "true", "echo \"exit=$?\"");
    terminal.wait_for("To Do (0)", 0, WAIT);
    terminal.type_keys("\u{3}");
    let shown = terminal.wait();
    assert!(shown.contains("exit=0"), "{shown}");
}

#[test]
fn watch_says_when_the_connection_drops_and_reconnects() {
    let db = TestDb::new();
    let mut terminal = Terminal::start(
        db.kanban(["board", "--watch"]),
        100,
        "true",
        "echo \"exit=$?\"",
    );
    terminal.wait_for("To Do (0)", 0, WAIT);
    db.sql(&format!(
        "SELECT pg_terminate_backend(pid) FROM pg_stat_activity \
          WHERE datname = '{}' AND application_name = 'kanban' AND pid <> pg_backend_pid()",
        db.name
    ));
    let from = terminal.wait_for("connection lost", 0, WAIT);
    db.kanban(["new", "after the drop"]).success();
    terminal.wait_for("after the drop", from, Duration::from_secs(15));
    terminal.type_keys("q");
    assert!(terminal.wait().contains("exit=0"));
}

/// The text of a terminal stream without its escape sequences.
fn strip_escapes(text: &str) -> String {
    let mut plain = String::new();
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '\x1b' {
            if chars.next_if_eq(&'[').is_some() {
                for next in chars.by_ref() {
                    if next.is_ascii_alphabetic() {
                        break;
                    }
                }
            }
        } else if c != '\r' {
            plain.push(c);
        }
    }
    plain
}

#[test]
fn watch_in_poll_mode_sees_the_very_first_change() {
    let db = TestDb::new();
    let mut terminal = Terminal::start(
        db.kanban(["board", "--watch"])
            .env("KANBAN_WATCH_MODE", "poll"),
        100,
        "true",
        "echo \"exit=$?\"",
    );
    terminal.wait_for("To Do (0)", 0, WAIT);
    let from = terminal.len();
    db.kanban(["new", "the first change ever"]).success();
    terminal.wait_for("the first change ever", from, WAIT);
    terminal.type_keys("q");
    assert!(terminal.wait().contains("exit=0"));
}

#[test]
fn watch_in_auto_mode_listens_on_a_direct_connection_and_shows_changes_at_once() {
    let db = TestDb::new();
    let mut terminal = Terminal::start(
        db.kanban(["board", "--watch"]),
        120,
        "true",
        "echo \"exit=$?\"",
    );
    terminal.wait_for("live: notifications", 0, WAIT);
    assert_changes_show_within_1_5_s(&terminal, |name| {
        db.kanban(["new", name]).success();
    });
    terminal.type_keys("q");
    assert!(terminal.wait().contains("exit=0"));
}

#[test]
fn a_poller_sees_a_change_whose_transaction_commits_late() {
    let db = TestDb::new();
    let mut terminal = Terminal::start(
        db.kanban(["board", "--watch", "--watch-mode", "poll"]),
        120,
        "true",
        "echo \"exit=$?\"",
    );
    terminal.wait_for("live: polling", 0, WAIT);
    // The trigger bumps the counter when the INSERT runs, long before the commit.
    let mut writer = db.client();
    let mut transaction = writer.transaction().unwrap();
    transaction
        .batch_execute("INSERT INTO kanban_task (name) VALUES ('committed late')")
        .unwrap();
    std::thread::sleep(Duration::from_millis(2500));
    let from = terminal.len();
    transaction.commit().unwrap();
    let committed = Instant::now();
    terminal.wait_for("committed late", from, WAIT);
    assert!(
        committed.elapsed() < Duration::from_millis(2500),
        "{:?}",
        committed.elapsed()
    );
    terminal.type_keys("q");
    assert!(terminal.wait().contains("exit=0"));
}

#[test]
fn auto_mode_polls_when_a_second_connection_cannot_be_had() {
    let db = TestDb::new();
    let single = db.role(
        "ALTER ROLE {role} CONNECTION LIMIT 1; \
         GRANT SELECT ON kanban_task, kanban_schema_version, kanban_board_changes TO {role}",
    );
    let mut terminal = Terminal::start(
        db.kanban_as(&single, ["board", "--watch"]),
        120,
        "true",
        "echo \"exit=$?\"",
    );
    terminal.wait_for("live: polling every 1 s", 0, Duration::from_secs(15));
    let from = terminal.len();
    db.kanban(["new", "seen with one connection"]).success();
    terminal.wait_for("seen with one connection", from, WAIT);
    terminal.type_keys("q");
    assert!(terminal.wait().contains("exit=0"));
}

#[test]
fn a_watch_that_can_never_connect_says_why_and_exits_5() {
    let db = TestDb::new();
    let terminal = Terminal::start(
        db.kanban(["board", "--watch"])
            .env("POSTGRES_PASSWORD", "Wr0ng-Pa55word"),
        120,
        "true",
        "echo \"exit=$?\"",
    );
    let shown = terminal.wait();
    assert!(shown.contains("exit=5"), "{shown}");
    assert!(shown.contains("password authentication failed"), "{shown}");
    assert!(!shown.contains("Wr0ng-Pa55word"));
}

#[test]
fn sigterm_gives_the_terminal_back_too() {
    let db = TestDb::new();
    let terminal = Terminal::start(
        db.kanban(["board", "--watch", "--limit", "7717"]),
        120,
        "true",
        "echo \"exit=$?\"; stty -a",
    );
    terminal.wait_for("live:", 0, WAIT);
    let status = std::process::Command::new("pkill")
        .args(["-TERM", "-f", "--", "board --watch --limit 7717"])
        .status()
        .unwrap();
    assert!(status.success());
    let shown = terminal.wait();
    assert!(shown.contains("exit=143"), "{shown}");
    let after = &shown[shown
        .rfind("\x1b[?1049l")
        .expect("left the alternate screen")..];
    assert!(after.contains("exit=143"));
    let settings = &shown[shown.find("exit=143").unwrap()..];
    assert!(
        settings.contains(" icanon") && !settings.contains("-icanon"),
        "{settings}"
    );
    assert!(shown.contains("\x1b[?25h"), "cursor shown again");
}
