//! The README's console examples, run: every ```console block is a shell session against a
//! real database whose output must match the README's, with clock times, dates and durations
//! normalized (their digits become `#`). Blocks run in order on one board; hidden comments
//! just before a block set it up:
//!
//! - `<!-- readme-test: fresh -->` a new board (`fresh empty`: a database with no schema)
//! - `<!-- readme-test: $ COMMAND -->` a shell command run first, its output not shown
//! - `<!-- readme-test: sql STATEMENT -->` SQL run first (times set by hand, say)
//! - `<!-- readme-test: terminal COLUMNS -->` the block runs on a pseudo-terminal that wide
//! - `<!-- readme-test: skip REASON -->` not run (output that depends on the machine)
//!
//! The examples' user works at stage `local` as `alice@laptop` (KANBAN_ACTOR).

use std::process::Command;

use crate::support::TestDb;

/// One console block and the directives just before it.
#[derive(Debug)]
struct Block {
    line: usize,
    directives: Vec<String>,
    text: String,
}

fn blocks(readme: &str) -> Vec<Block> {
    let mut blocks = Vec::new();
    let mut directives = Vec::new();
    let mut current: Option<Block> = None;
    for (index, line) in readme.lines().enumerate() {
        if let Some(block) = current.as_mut() {
            if line.starts_with("```") {
                blocks.extend(current.take());
            } else {
                block.text.push_str(line);
                block.text.push('\n');
            }
        } else if let Some(directive) = line
            .strip_prefix("<!-- readme-test: ")
            .and_then(|rest| rest.strip_suffix(" -->"))
        {
            directives.push(directive.to_owned());
        } else if line == "```console" {
            current = Some(Block {
                line: index + 1,
                directives: std::mem::take(&mut directives),
                text: String::new(),
            });
        } else if !line.trim().is_empty() {
            directives.clear();
        }
    }
    blocks
}

/// Replaces the digits of clock times, dates, durations and fractional seconds with `#`:
/// what moves from run to run, keeping every width (tables line up the same).
fn normalized(text: &str) -> String {
    let chars: Vec<char> = text.chars().collect();
    let mut out = chars.clone();
    let mut index = 0;
    while index < chars.len() {
        if !chars[index].is_ascii_digit() {
            index += 1;
            continue;
        }
        let start = index;
        let mut end = index;
        while end < chars.len() && (chars[end].is_ascii_digit() || chars[end] == ':') {
            end += 1;
        }
        let run = &chars[start..end];
        let date = end - start == 4
            && chars.get(end..end + 6).is_some_and(|rest| {
                rest[0] == '-'
                    && rest[3] == '-'
                    && [1, 2, 4, 5].iter().all(|&at| rest[at].is_ascii_digit())
            });
        let time = run.contains(&':') && run.last() != Some(&':');
        if date {
            end += 6;
        } else if time && chars.get(end) == Some(&'.') {
            end += 1;
            while end < chars.len() && chars[end].is_ascii_digit() {
                end += 1;
            }
        } else if !time {
            index = end;
            continue;
        }
        for slot in &mut out[start..end] {
            if slot.is_ascii_digit() {
                *slot = '#';
            }
        }
        index = end;
    }
    out.into_iter().collect()
}

/// The block as a script that prints each command line, then its output (stderr included),
/// with `$?` kept for the next line, as a terminal session shows it.
fn script(block: &str) -> String {
    let mut script = String::new();
    for line in block.lines() {
        if let Some(command) = line.strip_prefix("$ ") {
            let shown = format!("$ {command}").replace('\'', r"'\''");
            script.push_str(&format!(
                "__status=$?; printf '%s\\n' '{shown}'; (exit $__status); {command} 2>&1\n"
            ));
        }
    }
    script
}

/// Runs `script` in `db`'s directory as the examples' user, on a pipe or (`columns`) on a
/// pseudo-terminal that wide.
fn run(db: &TestDb, script: &str, columns: Option<u16>) -> (bool, String) {
    // The examples' stage is `local`: its env file is the test's own.
    let local = db.dir().join("local_postgres_config.env");
    if !local.exists() {
        db.write_env_file(&local, "");
    }
    let base = db.kanban(["unused"]).std_command();
    let mut bash = Command::new("bash");
    bash.current_dir(db.dir()).env_clear();
    for (key, value) in base.get_envs() {
        if let Some(value) = value {
            bash.env(key, value);
        }
    }
    let bin = std::path::Path::new(env!("CARGO_BIN_EXE_kanban"))
        .parent()
        .unwrap()
        .display()
        .to_string();
    let path = format!("{bin}:{}", std::env::var("PATH").unwrap_or_default());
    bash.env("PATH", path)
        .env("LANG", "C.UTF-8")
        .env("KANBAN_BOARD_STAGE", "local")
        .env("KANBAN_ACTOR", "alice@laptop");
    let output = match columns {
        None => bash.arg("-c").arg(script).output().unwrap(),
        Some(columns) => {
            let quoted = script.replace('\'', r"'\''");
            let line = format!("stty cols {columns} rows 50; exec bash -c '{quoted}'");
            let mut on_terminal = Command::new("script");
            on_terminal.args(["-qec", &line, "/dev/null"]);
            on_terminal.current_dir(db.dir()).env_clear();
            for (key, value) in bash.get_envs() {
                if let Some(value) = value {
                    on_terminal.env(key, value);
                }
            }
            on_terminal
                .env("TERM", "xterm-256color")
                .env("NO_COLOR", "1")
                .env("PAGER", "cat")
                .output()
                .unwrap()
        }
    };
    (
        output.status.success(),
        String::from_utf8_lossy(&output.stdout).replace("\r\n", "\n"),
    )
}

#[test]
fn normalizing_hides_times_and_keeps_everything_else() {
    assert_eq!(
        normalized("2026-11-28 02:14:47 00:15:45 $2.63 #12 v15"),
        "####-##-## ##:##:## ##:##:## $2.63 #12 v15"
    );
    assert_eq!(
        normalized("\"at\":\"2026-11-29T09:16:48.157832+00:00\",\"id\":4"),
        "\"at\":\"####-##-##T##:##:##.######+##:##\",\"id\":4"
    );
    assert_eq!(
        normalized("Schema at version 7: applied 7."),
        "Schema at version 7: applied 7."
    );
}

#[test]
fn the_readme_console_examples_are_real_output() {
    let readme = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/README.md"))
        .expect("read README.md");
    let mut db = TestDb::new();
    let mut ran = 0;
    let mut drifted = Vec::new();
    for block in blocks(&readme) {
        if block.directives.iter().any(|d| d.starts_with("skip")) {
            continue;
        }
        let mut columns = None;
        for directive in &block.directives {
            if let Some(width) = directive.strip_prefix("terminal ") {
                columns = Some(width.parse().expect("terminal COLUMNS"));
            } else if directive == "fresh" {
                db = TestDb::new();
            } else if directive == "fresh empty" {
                db = TestDb::empty();
            } else if let Some(sql) = directive.strip_prefix("sql ") {
                db.sql(sql);
            } else if let Some(command) = directive.strip_prefix("$ ") {
                let (ok, output) = run(&db, command, None);
                assert!(
                    ok,
                    "README line {}: setup `{command}` failed: {output}",
                    block.line
                );
            } else {
                panic!(
                    "README line {}: unknown directive `{directive}`",
                    block.line
                );
            }
        }
        let (_, output) = run(&db, &script(&block.text), columns);
        if normalized(&output) != normalized(&block.text) {
            drifted.push(format!(
                "README line {}: the README shows\n{}kanban prints today\n{output}",
                block.line, block.text
            ));
        }
        ran += 1;
    }
    assert!(drifted.is_empty(), "{}", drifted.join("\n"));
    assert!(ran >= 10, "only {ran} console examples ran");
}

#[test]
fn the_ci_smoke_check_recipe_passes_against_a_real_board() {
    let db = TestDb::empty();
    let script = concat!(env!("CARGO_MANIFEST_DIR"), "/examples/ci-smoke.sh");
    let (ok, output) = run(&db, &format!("bash '{script}'"), None);
    assert!(ok, "{output}");
    assert!(output.contains("kanban smoke check passed"), "{output}");
    // It cleans up after itself: the board it found is the board it leaves, also when a step
    // after `new` fails (here the check of the cost, through a jq that fails on it).
    assert_eq!(
        db.value("SELECT count(*) FROM kanban_task").as_deref(),
        Some("0")
    );
    let failing_jq = "mkdir -p fake && printf '%s\\n' '#!/bin/sh' \\
        'case \"$*\" in *.ok*) exec /usr/bin/jq \"$@\";; *) exit 3;; esac' > fake/jq \\
        && chmod +x fake/jq && PATH=\"$PWD/fake:$PATH\"";
    let (ok, output) = run(&db, &format!("{failing_jq} && bash '{script}'"), None);
    assert!(!ok, "{output}");
    assert_eq!(
        db.value("SELECT count(*) FROM kanban_task").as_deref(),
        Some("0"),
        "{output}"
    );
    // And it fails, by its exit code, when kanban cannot do its job.
    db.sql("REVOKE ALL ON kanban_task FROM PUBLIC; DROP DOMAIN kanban_schema_9");
    db.sql("CREATE DOMAIN kanban_schema_10 AS boolean; INSERT INTO kanban_schema_version VALUES (10, 'from the future', now())");
    let (ok, output) = run(&db, &format!("bash '{script}'"), None);
    assert!(!ok, "{output}");
}
