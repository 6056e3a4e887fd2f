//! The command-line surface: help, version, usage errors, completions, closed pipes.

use std::fs;
use std::path::Path;

use crate::support::{COMMAND_LIMIT, Cmd, TestDb, finish};

fn kanban_without_db<const N: usize>(args: [&str; N]) -> Cmd {
    Cmd::new(&std::env::temp_dir(), args)
}

#[test]
fn help_lists_commands_examples_and_exit_codes() {
    let out = kanban_without_db(["--help"]).success();
    insta::assert_snapshot!("help", out.stdout);
    let short = kanban_without_db(["-h"]).success();
    assert!(short.stdout.contains("Examples:"));
}

#[test]
fn every_subcommand_has_help_with_an_example() {
    for command in [
        "new",
        "start",
        "resolve",
        "stop",
        "reopen",
        "rename",
        "rm",
        "log",
        "tasks",
        "elapsed",
        "cost",
        "init",
        "completions",
        "board",
        "doctor",
        "man",
        "grant",
    ] {
        let out = kanban_without_db([command, "--help"]).success();
        assert!(out.stdout.contains("Example"), "{command}: {}", out.stdout);
        insta::assert_snapshot!(format!("help_{command}"), out.stdout);
    }
}

#[test]
fn version_prints_the_package_version_and_the_commit_it_was_built_from() {
    let out = kanban_without_db(["--version"]).success().stdout;
    let prefix = format!("kanban {} (", env!("CARGO_PKG_VERSION"));
    let commit = out
        .strip_prefix(&prefix)
        .and_then(|rest| rest.strip_suffix(")\n"))
        .unwrap_or_else(|| panic!("{out:?}"));
    let head = std::process::Command::new("git")
        .args(["rev-parse", "--short=12", "HEAD"])
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .ok()
        .filter(|output| output.status.success())
        .map(|output| String::from_utf8_lossy(&output.stdout).trim().to_owned());
    match head {
        Some(head) => assert_eq!(commit.trim_end_matches("-dirty"), head, "{out:?}"),
        None => assert_eq!(commit, "unknown"),
    }
}

#[test]
fn usage_errors_are_exit_2_with_one_line_and_nothing_on_stdout() {
    // No command at all is a person asking what there is: the help, on stderr, as git does.
    let bare = Cmd::new(&std::env::temp_dir(), [""; 0]).run().code(2);
    assert!(bare.stdout.is_empty() && bare.stderr.contains("Usage: kanban"));
    for args in [
        vec!["frobnicate"],
        vec!["new"],
        vec!["elapsed", "a", "b"],
        vec!["tasks", "--bogus"],
        vec!["tasks", "--status", "someday"],
        vec!["completions", "tcsh"],
        vec!["board", "--limit", "0"],
        vec!["--output", "yaml", "tasks"],
    ] {
        Cmd::new(&std::env::temp_dir(), &args).fails(2);
    }
    // The one line says what is missing, and what would be valid.
    for (args, said) in [
        (vec!["new"], "not provided: <NAME>..."),
        (vec!["rename", "a"], "not provided: <NEW>"),
        (vec!["rm"], "not provided: <NAME>..."),
        (
            vec!["tasks", "--status", "someday"],
            "[possible values: todo, in_progress, done]",
        ),
    ] {
        Cmd::new(&std::env::temp_dir(), &args)
            .fails(2)
            .stderr_contains(said);
    }
}

#[test]
fn name_errors_come_before_any_configuration_is_needed() {
    // No env file anywhere: the bad name is still reported as the usage error it is.
    kanban_without_db(["new", " "]).fails(2);
}

#[test]
fn the_checked_in_completions_match_the_cli() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("completions");
    for (shell, file) in [
        ("bash", "kanban.bash"),
        ("zsh", "_kanban"),
        ("fish", "kanban.fish"),
        ("elvish", "kanban.elv"),
        ("powershell", "_kanban.ps1"),
    ] {
        let generated = kanban_without_db(["completions", shell]).success().stdout;
        let checked_in = fs::read_to_string(dir.join(file)).unwrap_or_default();
        assert!(
            generated == checked_in,
            "completions/{file} is out of date with the CLI: run\n  cargo run -q -- completions {shell} > completions/{file}"
        );
    }
}

#[test]
fn a_closed_pipe_ends_quietly_in_every_format() {
    let db = TestDb::new();
    db.sql("INSERT INTO kanban_task (name) SELECT 'task ' || n FROM generate_series(1, 3000) AS n");
    for format in ["table", "json", "csv", "tsv"] {
        let script = format!(
            "set -o pipefail; '{}' tasks -o {format} | head -1",
            env!("CARGO_BIN_EXE_kanban")
        );
        let out = db.kanban(["unused"]).std_command();
        let mut bash = std::process::Command::new("bash");
        bash.arg("-c")
            .arg(&script)
            .current_dir(db.dir())
            .env_clear()
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped());
        for (key, value) in out.get_envs() {
            if let Some(value) = value {
                bash.env(key, value);
            }
        }
        let output = finish(bash.spawn().unwrap(), COMMAND_LIMIT, &script);
        assert_eq!(output.status.code(), Some(0), "{format}: {output:?}");
        assert_eq!(String::from_utf8_lossy(&output.stderr), "", "{format}");
        assert_eq!(
            String::from_utf8_lossy(&output.stdout).lines().count(),
            1,
            "{format}"
        );
    }
}

#[test]
fn a_commands_help_shows_its_own_options_before_the_global_ones() {
    let help = kanban_without_db(["rm", "--help"]).success().stdout;
    let own = help.find("--force").unwrap();
    let heading = help.find("Global options:").unwrap();
    let global = help.find("--env-file").unwrap();
    assert!(own < heading && heading < global, "{help}");
    assert_eq!(help.matches("Global options:").count(), 1);
}
