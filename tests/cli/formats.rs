//! The scripting contract: every command in table, json, csv and tsv, parsed as scripts would.

use serde_json::{Value, json};

use crate::support::TestDb;

const FIELDS: [&str; 11] = [
    "name",
    "status",
    "start_datetime",
    "end_datetime",
    "elapsed_time",
    "cost",
    "elapsed_seconds",
    "hourly_rate",
    "sessions",
    "paused",
    "id",
];

/// A board with one task in each column; the done one is the assignment's example.
fn board() -> TestDb {
    let db = TestDb::new();
    db.kanban(["new", "waiting", "working", "finished, \"quoted\""])
        .success();
    db.kanban(["start", "working", "finished, \"quoted\""])
        .success();
    db.kanban(["resolve", "finished, \"quoted\""]).success();
    db.sql(
        "UPDATE kanban_task SET start_datetime = '2026-03-01 14:00:00+00', \
         end_datetime = '2026-03-01 14:15:45.25+00' WHERE status = 'done'",
    );
    db.sql(
        "UPDATE kanban_task SET start_datetime = now() - interval '2 hours' WHERE status = 'in_progress'",
    );
    db
}

#[test]
fn tasks_as_json_use_the_old_field_names_and_strings_for_money() {
    let db = board();
    let tasks = db.kanban(["tasks", "-o", "json"]).success().json();
    let tasks = tasks.as_array().unwrap();
    assert_eq!(tasks.len(), 3);
    for task in tasks {
        let keys: Vec<&str> = task
            .as_object()
            .unwrap()
            .keys()
            .map(String::as_str)
            .collect();
        let mut expected = FIELDS.to_vec();
        expected.sort_unstable();
        let mut keys_sorted = keys.clone();
        keys_sorted.sort_unstable();
        assert_eq!(keys_sorted, expected);
    }
    assert_eq!(
        tasks[0],
        json!({"name": "waiting", "status": "todo", "start_datetime": null, "end_datetime": null,
               "elapsed_time": null, "cost": null, "elapsed_seconds": null, "hourly_rate": null,
               "sessions": 0, "paused": false, "id": 1})
    );
    assert_eq!(tasks[1]["status"], "in_progress");
    assert!(
        tasks[1]["elapsed_time"]
            .as_str()
            .unwrap()
            .starts_with("02:00:0")
    );
    assert!((7200..7210).contains(&tasks[1]["elapsed_seconds"].as_i64().unwrap()));
    assert_eq!(tasks[1]["cost"], Value::Null);
    assert_eq!(
        tasks[2],
        json!({"name": "finished, \"quoted\"", "status": "done",
               "start_datetime": "2026-03-01T14:00:00.000000+00:00",
               "end_datetime": "2026-03-01T14:15:45.250000+00:00",
               "elapsed_time": "00:15:45", "cost": "2.63", "elapsed_seconds": 945,
               "hourly_rate": "10", "sessions": 1, "paused": false, "id": 3})
    );
}

#[test]
fn times_in_machine_formats_do_not_depend_on_the_time_zone() {
    let db = board();
    let utc = db.kanban(["tasks", "-o", "json"]).success().stdout;
    let elsewhere = db
        .kanban(["tasks", "-o", "json"])
        .env("TZ", "IST-5:30")
        .success()
        .stdout;
    let done = |text: &str| serde_json::from_str::<Value>(text).unwrap()[2].clone();
    assert_eq!(done(&utc), done(&elsewhere));
}

#[test]
fn csv_and_tsv_have_a_header_and_the_json_fields_in_order() {
    let db = board();
    for (format, delimiter) in [("csv", b','), ("tsv", b'\t')] {
        let (header, rows) = db
            .kanban(["tasks", "-o", format])
            .success()
            .records(delimiter);
        assert_eq!(header, FIELDS);
        assert_eq!(rows.len(), 3);
        assert_eq!(
            rows[0],
            ["waiting", "todo", "", "", "", "", "", "", "0", "false", "1"],
            "{format}"
        );
        assert_eq!(&rows[1][..2], ["working", "in_progress"], "{format}");
        assert!(rows[1][4].starts_with("02:00:0"), "{format}: {:?}", rows[1]);
        assert_eq!(rows[1][5], "", "{format}: no cost before Done");
        // The assignment's example, spelled out: every field of a Done row.
        assert_eq!(
            rows[2],
            [
                "finished, \"quoted\"",
                "done",
                "2026-03-01T14:00:00.000000+00:00",
                "2026-03-01T14:15:45.250000+00:00",
                "00:15:45",
                "2.63",
                "945",
                "10",
                "1",
                "false",
                "3"
            ],
            "{format}"
        );
    }
    // The raw bytes too: CSV quotes as RFC 4180 says; TSV has no quoting at all.
    let csv = db.kanban(["tasks", "-o", "csv"]).success().stdout;
    assert!(
        csv.contains("\"finished, \"\"quoted\"\"\",done,2026-03-01T14:00:00.000000+00:00,2026-03-01T14:15:45.250000+00:00,00:15:45,2.63,945,10,1,false,3\n"),
        "{csv}"
    );
    let tsv = db.kanban(["tasks", "-o", "tsv"]).success().stdout;
    assert!(
        tsv.contains("finished, \"quoted\"\tdone\t2026-03-01T14:00:00.000000+00:00\t2026-03-01T14:15:45.250000+00:00\t00:15:45\t2.63\t945\t10\t1\tfalse\t3\n"),
        "{tsv}"
    );
}

#[test]
fn an_empty_listing_is_still_well_formed() {
    let db = TestDb::new();
    assert_eq!(
        db.kanban(["tasks", "-o", "json"]).success().json(),
        json!([])
    );
    let (header, rows) = db.kanban(["tasks", "-o", "csv"]).success().records(b',');
    assert_eq!((header.len(), rows.len()), (11, 0));
}

#[test]
fn transitions_print_the_tasks_they_moved() {
    let db = TestDb::new();
    let added = db.kanban(["new", "a", "b", "-o", "json"]).success().json();
    assert_eq!(added.as_array().unwrap().len(), 2);
    assert_eq!(added[0]["name"], "a");
    assert_eq!(added[1]["status"], "todo");
    let started = db.kanban(["-o", "json", "start", "b"]).success().json();
    assert_eq!(started[0]["status"], "in_progress");
    assert!(started[0]["start_datetime"].is_string());
    let resolved = db.kanban(["resolve", "b", "--output=csv"]).success();
    let (_, rows) = resolved.records(b',');
    assert_eq!(rows[0][1], "done");
    assert_eq!(rows[0][7], "10");
}

#[test]
fn elapsed_and_cost_print_one_task_object() {
    let db = board();
    let elapsed = db
        .kanban(["elapsed", "working", "-o", "json"])
        .success()
        .json();
    assert_eq!(elapsed["name"], "working");
    assert!(
        elapsed["elapsed_time"]
            .as_str()
            .unwrap()
            .starts_with("02:00:0")
    );
    let cost = db
        .kanban(["cost", "finished, \"quoted\"", "-o", "json"])
        .success()
        .json();
    assert_eq!(cost["cost"], "2.63");
    let (header, rows) = db
        .kanban(["cost", "finished, \"quoted\"", "-o", "tsv"])
        .success()
        .records(b'\t');
    assert_eq!((header.len(), rows.len()), (11, 1));
    assert_eq!(rows[0][5], "2.63");
}

#[test]
fn kanban_output_sets_the_default_and_the_flag_wins() {
    let db = board();
    db.kanban(["tasks"])
        .env("KANBAN_OUTPUT", "json")
        .success()
        .json();
    let out = db
        .kanban(["tasks", "-o", "table"])
        .env("KANBAN_OUTPUT", "json")
        .success();
    assert!(out.stdout.contains("Name"));
    db.kanban(["tasks", "-o", "yaml"]).run().code(2);
    // Any letter case; empty counts as unset.
    db.kanban(["tasks"])
        .env("KANBAN_OUTPUT", "JSON")
        .success()
        .json();
    assert!(
        db.kanban(["tasks"])
            .env("KANBAN_OUTPUT", "")
            .success()
            .stdout
            .contains("Name")
    );
    // An invalid variable is an error only where it is used: `-o` on either side wins over
    // it, and the manual and the completion scripts do not read it.
    for args in [&["tasks", "-o", "json"][..], &["-o", "json", "tasks"]] {
        db.kanban(args)
            .env("KANBAN_OUTPUT", "yaml")
            .success()
            .json();
    }
    db.kanban(["tasks"])
        .env("KANBAN_OUTPUT", "yaml")
        .fails(2)
        .stderr_contains("invalid value \"yaml\" for KANBAN_OUTPUT");
    // A newline or an escape in it shows.
    db.kanban(["tasks"])
        .env("KANBAN_OUTPUT", "json\n")
        .fails(2)
        .stderr_contains("invalid value \"json\\n\" for KANBAN_OUTPUT");
    for args in [&["man"][..], &["completions", "bash"]] {
        db.kanban(args).env("KANBAN_OUTPUT", "yaml").success();
    }
}

#[test]
fn global_options_go_before_or_after_the_command_and_the_later_wins() {
    let db = board();
    let json_lines = |out: &str| serde_json::from_str::<serde_json::Value>(out).is_ok();
    // Before the name, after it, and both: the one after the name wins, as the last given.
    assert!(json_lines(
        &db.kanban(["-o", "json", "tasks"]).success().stdout
    ));
    assert!(json_lines(
        &db.kanban(["tasks", "-o", "json"]).success().stdout
    ));
    let out = db.kanban(["-o", "json", "tasks", "-o", "csv"]).success();
    assert!(out.stdout.starts_with("name,status,"), "{}", out.stdout);
    // An option before the name wins over the variable; the variable over the default.
    let out = db
        .kanban(["-o", "tsv", "tasks"])
        .env("KANBAN_OUTPUT", "json")
        .success();
    assert!(out.stdout.starts_with("name\tstatus\t"), "{}", out.stdout);
    let out = db
        .kanban(["-o", "tsv", "tasks", "--quiet"])
        .env("KANBAN_OUTPUT", "json")
        .success();
    assert!(out.stdout.starts_with("name\tstatus\t"), "{}", out.stdout);
    // Flags too, on either side, with every command (`man` included).
    db.kanban(["-q", "new", "quiet before"])
        .success()
        .stdout_is("");
    db.kanban(["new", "quiet after", "-q"])
        .success()
        .stdout_is("");
    db.kanban(["-q", "start", "quiet before", "--no-pager"])
        .success()
        .stdout_is("");
    assert!(
        db.kanban(["man", "--no-pager"])
            .success()
            .stdout
            .contains(".TH")
    );
    // A settings option after the name is the one used: a stage with no settings fails.
    db.kanban(["--stage", "local", "tasks", "--stage", "nowhere"])
        .fails(5)
        .stderr_contains("stage `nowhere`");
}

#[test]
fn errors_under_json_are_json_on_stderr_with_the_same_exit_code() {
    let db = board();
    for (args, code, kind) in [
        (vec!["start", "ghost"], 3, "not_found"),
        (vec!["start", "working"], 4, "conflict"),
        (vec!["new", " "], 2, "usage"),
        (vec!["frobnicate"], 2, "usage"),
        (vec!["tasks", "--stage", "nowhere"], 5, "config"),
    ] {
        let out = db
            .kanban(&args)
            .env("KANBAN_OUTPUT", "json")
            .run()
            .code(code);
        assert_eq!(out.stdout, "");
        let error = out.stderr_json();
        assert_eq!(error["error"]["kind"], kind, "{args:?}");
        assert_eq!(error["error"]["exit_code"], code);
        assert!(error["error"]["message"].as_str().unwrap().len() > 5);
    }
    let refused = db
        .kanban(["tasks", "-o", "json"])
        .env("POSTGRES_PORT", "1")
        .env("POSTGRES_HOST", "127.0.0.1")
        .run()
        .code(6);
    assert_eq!(refused.stderr_json()["error"]["kind"], "unreachable");
    // A usage error is in the format the command line asks for last, before any `--`.
    db.kanban(["-o", "table", "tasks", "-o", "json", "--bogus"])
        .run()
        .code(2)
        .stderr_json();
    let out = db
        .kanban(["rename", "--", "-ojson"])
        .env("KANBAN_OUTPUT", "table")
        .fails(2);
    assert!(!out.stderr.starts_with('{'), "{}", out.stderr);
}

#[test]
fn quiet_transitions_print_nothing() {
    let db = TestDb::new();
    db.kanban(["new", "-q", "a"]).success().stdout_is("");
    db.kanban(["--quiet", "start", "a"]).success().stdout_is("");
    db.kanban(["resolve", "a", "-q", "-o", "json"])
        .success()
        .stdout_is("");
    db.kanban(["init", "-q"]).success().stdout_is("");
    assert_eq!(
        db.value("SELECT status FROM kanban_task").as_deref(),
        Some("done")
    );
    // Errors still speak.
    db.kanban(["start", "a", "-q"]).fails(4);
}

#[test]
fn init_reports_itself_in_every_format() {
    let db = TestDb::new();
    let report = db.kanban(["init", "-o", "json"]).success().json();
    assert_eq!(report["database"], db.name.as_str());
    assert_eq!(report["version"], 9);
    let (header, rows) = db.kanban(["init", "-o", "csv"]).success().records(b',');
    assert_eq!(header[0], "database");
    assert_eq!(rows[0][0], db.name);
}

#[test]
fn names_survive_every_format_exactly() {
    let db = TestDb::new();
    let names = [
        "comma, here",
        "quote \" here",
        "back\\slash",
        "🏠 Дом 建房子",
        "'; DROP TABLE kanban_task; --",
    ];
    db.kanban(["new"].into_iter().chain(names)).success();
    let from_json: Vec<String> = db
        .kanban(["tasks", "-o", "json"])
        .success()
        .json()
        .as_array()
        .unwrap()
        .iter()
        .map(|task| task["name"].as_str().unwrap().to_owned())
        .collect();
    assert_eq!(from_json, names);
    for (format, delimiter) in [("csv", b','), ("tsv", b'\t')] {
        let (_, rows) = db
            .kanban(["tasks", "-o", format])
            .success()
            .records(delimiter);
        let from_rows: Vec<&str> = rows.iter().map(|row| row[0].as_str()).collect();
        assert_eq!(from_rows, names, "{format}");
    }
}

#[test]
fn every_command_parses_in_every_machine_format() {
    let db = TestDb::new();
    for (round, (format, delimiter)) in [("json", b','), ("csv", b','), ("tsv", b'\t')]
        .into_iter()
        .enumerate()
    {
        let name = format!("task {round}");
        let commands: [Vec<&str>; 8] = [
            vec!["new", &name],
            vec!["start", &name],
            vec!["elapsed", &name],
            vec!["resolve", &name],
            vec!["cost", &name],
            vec!["tasks"],
            vec!["init"],
            vec!["doctor"],
        ];
        for args in commands {
            let out = db.kanban(&args).env("KANBAN_OUTPUT", format).success();
            if format == "json" {
                let value = out.json();
                assert!(value.is_array() || value.is_object(), "{args:?}: {value}");
            } else {
                let (header, rows) = out.records(delimiter);
                assert!(!header.is_empty() && !rows.is_empty(), "{format} {args:?}");
                assert!(
                    rows.iter().all(|row| row.len() == header.len()),
                    "{format} {args:?}"
                );
            }
        }
    }
}

#[test]
fn a_large_table_is_one_table_with_one_header_and_even_widths() {
    let db = TestDb::new();
    // More rows than one page of the table, names of varied length, every column used.
    db.sql(
        "INSERT INTO kanban_task (name) \
         SELECT 'task ' || n || repeat('x', (n * 7919) % 40) FROM generate_series(1, 2500) n",
    );
    db.sql(
        "UPDATE kanban_task SET status = 'in_progress', start_datetime = now() WHERE id % 3 = 0",
    );
    db.sql(
        "UPDATE kanban_task SET status = 'done', end_datetime = now(), hourly_rate = 10 WHERE id % 9 = 0",
    );
    let out = db
        .kanban(["--color", "never", "tasks"])
        .env("LC_ALL", "C.UTF-8")
        .success();
    let lines: Vec<&str> = out.stdout.lines().collect();
    let widths: std::collections::HashSet<usize> =
        lines.iter().map(|line| line.chars().count()).collect();
    assert_eq!(
        widths.len(),
        1,
        "every line of the table is as wide: {widths:?}"
    );
    assert_eq!(lines.iter().filter(|line| line.contains("Name")).count(), 1);
    assert!(lines[0].starts_with('┌'));
    let borders = lines
        .iter()
        .filter(|line| line.starts_with(['┌', '└']))
        .count();
    assert_eq!(borders, 2, "one top and one bottom border");
    // Every task's row, in board order.
    let names: Vec<&str> = lines[3..lines.len() - 1]
        .iter()
        .map(|line| line.split(['│', '┆']).nth(2).unwrap().trim())
        .collect();
    let expected = db.rows(
        "SELECT 'task ' || n || repeat('x', (n * 7919) % 40) FROM generate_series(1, 2500) n \
         JOIN kanban_task ON kanban_task.name = 'task ' || n || repeat('x', (n * 7919) % 40) \
         ORDER BY kanban_task.status, kanban_task.id",
    );
    let expected: Vec<&str> = expected
        .iter()
        .map(|row| row[0].as_deref().unwrap())
        .collect();
    assert_eq!(names, expected);
}
