//! `kanban report`: work time and money over a window, checked against hand-computed values
//! for fixtures with exact times (sessions across midnight, the window's edges, DST changes,
//! odd offsets, several rates, billing rounding at and just past a step, running and reopened
//! work), and against `kanban cost` itself.

use serde_json::Value;

use crate::support::TestDb;

fn report(db: &TestDb, args: &[&str]) -> Value {
    let mut words = vec!["report", "-o", "json"];
    words.extend_from_slice(args);
    db.kanban(&words).success().json()
}

/// A task with these work sessions (`[start, end)`, RFC 3339), Done at `rate` when given.
fn task(db: &TestDb, name: &str, sessions: &[(&str, &str)], rate: Option<&str>) {
    db.sql(&format!("INSERT INTO kanban_task (name) VALUES ('{name}')"));
    for (start, end) in sessions {
        db.sql(&format!(
            "INSERT INTO task_work (task_id, started, ended) \
             SELECT id, '{start}', '{end}' FROM kanban_task WHERE name = '{name}'"
        ));
    }
    if let Some(rate) = rate {
        db.sql(&format!(
            "UPDATE kanban_task SET status = 'done', hourly_rate = {rate} WHERE name = '{name}'"
        ));
    }
}

/// A row as (key, worked_seconds, cost).
type Line = (String, String, String);

/// (key, worked_seconds, cost) of each row, then the total's (worked_seconds, cost).
fn summary(report: &Value, key: &str) -> (Vec<Line>, (String, String)) {
    let rows = report["rows"]
        .as_array()
        .unwrap()
        .iter()
        .map(|row| {
            (
                row[key].as_str().unwrap().to_owned(),
                row["worked_seconds"].to_string(),
                row["cost"].as_str().unwrap().to_owned(),
            )
        })
        .collect();
    let total = &report["total"];
    (
        rows,
        (
            total["worked_seconds"].to_string(),
            total["cost"].as_str().unwrap().to_owned(),
        ),
    )
}

/// (day, worked_seconds) of each row of `--by day` over [since, until) in `zone`.
fn hours_by_day(db: &TestDb, zone: &str, since: &str, until: &str) -> Vec<(String, String)> {
    let days = report(
        db,
        &[
            "--since", since, "--until", until, "--tz", zone, "--by", "day",
        ],
    );
    summary(&days, "day")
        .0
        .into_iter()
        .map(|(day, seconds, _)| (day, seconds))
        .collect()
}

/// Days as `hours_by_day` gives them.
fn days(expected: &[(&str, i64)]) -> Vec<(String, String)> {
    expected
        .iter()
        .map(|(day, hours)| ((*day).to_owned(), (hours * 3600).to_string()))
        .collect()
}

fn row(key: &str, seconds: &str, cost: &str) -> Line {
    (key.to_owned(), seconds.to_owned(), cost.to_owned())
}

#[test]
fn work_is_clipped_to_the_window_and_split_at_midnight() {
    let db = TestDb::new();
    // a: an hour before the window and one inside; then half an hour either side of midnight.
    task(
        &db,
        "a",
        &[
            ("2026-02-28T23:00:00Z", "2026-03-01T01:00:00Z"),
            ("2026-03-01T23:30:00Z", "2026-03-02T00:30:00Z"),
        ],
        Some("10"),
    );
    // b: at another rate, across the window's end.
    task(
        &db,
        "b",
        &[("2026-03-02T23:00:00Z", "2026-03-03T02:00:00Z")],
        Some("12.50"),
    );
    // c: outside the window.
    task(
        &db,
        "c",
        &[("2026-03-03T00:00:00Z", "2026-03-03T05:00:00Z")],
        Some("10"),
    );
    let window = [
        "--since",
        "2026-03-01",
        "--until",
        "2026-03-03",
        "--tz",
        "UTC",
    ];
    let by_task = report(&db, &window);
    assert_eq!(by_task["since"], "2026-03-01T00:00:00.000000+00:00");
    assert_eq!(by_task["until"], "2026-03-03T00:00:00.000000+00:00");
    assert_eq!(by_task["group_by"], "task");
    assert_eq!(
        summary(&by_task, "task"),
        (
            vec![row("a", "7200", "20.00"), row("b", "3600", "12.50")],
            ("10800".to_owned(), "32.50".to_owned())
        )
    );
    assert_eq!(by_task["rows"][0]["status"], "done");
    assert_eq!(by_task["rows"][0]["final"], true);
    let by_day = report(&db, &[&window[..], &["--by", "day"]].concat());
    assert_eq!(
        summary(&by_day, "day"),
        (
            vec![
                row("2026-03-01", "5400", "15.00"),
                row("2026-03-02", "5400", "17.50"),
            ],
            ("10800".to_owned(), "32.50".to_owned())
        )
    );
    // A window's edge inside a session, by RFC 3339 time.
    let edge = report(
        &db,
        &[
            "--since",
            "2026-03-01T00:15:00+00:00",
            "--until",
            "2026-03-01T23:45:00Z",
            "--tz",
            "UTC",
        ],
    );
    assert_eq!(summary(&edge, "task").0, vec![row("a", "3600", "10.00")]);
    // CSV: one header line, the rows only.
    let (header, rows) = db
        .kanban([
            "report",
            "--by",
            "month",
            "-o",
            "csv",
            "--since",
            "2026-03-01",
            "--until",
            "2026-03-03",
            "--tz",
            "UTC",
        ])
        .success()
        .records(b',');
    assert_eq!(
        header,
        [
            "month",
            "status",
            "worked",
            "worked_seconds",
            "billed",
            "billed_seconds",
            "cost",
            "final",
            "running"
        ]
    );
    assert_eq!(
        rows,
        [[
            "2026-03", "", "03:00:00", "10800", "03:00:00", "10800", "32.50", "true", "false"
        ]]
    );
}

#[test]
fn days_across_dst_changes_have_23_or_25_hours() {
    let db = TestDb::new();
    // New York: clocks go forward on 2026-03-08 and back on 2026-11-01 (at 02:00 local).
    task(
        &db,
        "spring",
        &[("2026-03-07T12:00:00-05:00", "2026-03-09T12:00:00-04:00")],
        Some("10"),
    );
    task(
        &db,
        "autumn",
        &[("2026-10-31T12:00:00-04:00", "2026-11-02T12:00:00-05:00")],
        Some("10"),
    );
    assert_eq!(
        hours_by_day(&db, "America/New_York", "2026-03-01", "2026-12-01"),
        days(&[
            ("2026-03-07", 12),
            ("2026-03-08", 23),
            ("2026-03-09", 12),
            ("2026-10-31", 12),
            ("2026-11-01", 25),
            ("2026-11-02", 12),
        ])
    );
    // Berlin: forward on 2026-03-29, back on 2026-10-25 (at 01:00 UTC).
    let db = TestDb::new();
    task(
        &db,
        "spring",
        &[("2026-03-28T22:00:00+01:00", "2026-03-30T02:00:00+02:00")],
        Some("10"),
    );
    task(
        &db,
        "autumn",
        &[("2026-10-25T00:00:00+02:00", "2026-10-26T00:00:00+01:00")],
        Some("10"),
    );
    assert_eq!(
        hours_by_day(&db, "Europe/Berlin", "2026-03-01", "2026-11-01"),
        days(&[
            ("2026-03-28", 2),
            ("2026-03-29", 23),
            ("2026-03-30", 2),
            ("2026-10-25", 25),
        ])
    );
}

#[test]
fn days_in_a_zone_with_a_45_minute_offset() {
    let db = TestDb::new();
    // Kathmandu is UTC+05:45: 18:00-19:00 UTC is 23:45-00:45 there.
    task(
        &db,
        "late",
        &[("2026-05-01T18:00:00Z", "2026-05-01T19:00:00Z")],
        Some("10"),
    );
    let kathmandu = report(
        &db,
        &[
            "--since",
            "2026-05-01",
            "--until",
            "2026-05-03",
            "--tz",
            "Asia/Kathmandu",
            "--by",
            "day",
        ],
    );
    assert_eq!(kathmandu["since"], "2026-04-30T18:15:00.000000+00:00");
    assert_eq!(
        summary(&kathmandu, "day"),
        (
            vec![
                row("2026-05-01", "900", "2.50"),
                row("2026-05-02", "2700", "7.50")
            ],
            ("3600".to_owned(), "10.00".to_owned())
        )
    );
    // TZ is the zone when --tz is not given.
    let by_tz = db
        .kanban([
            "report",
            "-o",
            "json",
            "--since",
            "2026-05-01",
            "--until",
            "2026-05-03",
            "--by",
            "day",
        ])
        .env("TZ", "Asia/Kolkata")
        .success()
        .json();
    assert_eq!(by_tz["time_zone"], "Asia/Kolkata");
    assert_eq!(by_tz["since"], "2026-04-30T18:30:00.000000+00:00");
    assert_eq!(
        summary(&by_tz, "day").0,
        vec![
            row("2026-05-01", "1800", "5.00"),
            row("2026-05-02", "1800", "5.00")
        ]
    );
}

#[test]
fn billing_rounds_each_row_at_and_just_past_a_step() {
    let db = TestDb::new();
    let at = "2026-04-01T09:00:00Z";
    task(&db, "exact", &[(at, "2026-04-01T09:30:00Z")], Some("10"));
    task(
        &db,
        "past",
        &[(at, "2026-04-01T09:30:00.000001Z")],
        Some("10"),
    );
    task(&db, "half", &[(at, "2026-04-01T09:07:30Z")], Some("10"));
    task(
        &db,
        "under half",
        &[(at, "2026-04-01T09:07:29.999999Z")],
        Some("10"),
    );
    let window = [
        "--since",
        "2026-04-01",
        "--until",
        "2026-04-02",
        "--tz",
        "UTC",
        "--round",
        "15m",
    ];
    let billed = |rounding: &str| -> Vec<Line> {
        let report = report(&db, &[&window[..], &["--rounding", rounding]].concat());
        let rows: Vec<_> = report["rows"]
            .as_array()
            .unwrap()
            .iter()
            .map(|row| {
                (
                    row["task"].as_str().unwrap().to_owned(),
                    row["billed_seconds"].to_string(),
                    row["cost"].as_str().unwrap().to_owned(),
                )
            })
            .collect();
        // The total adds up the billed rows.
        let sum: f64 = rows
            .iter()
            .map(|(_, _, cost)| cost.parse::<f64>().unwrap())
            .sum();
        assert_eq!(
            format!("{sum:.2}"),
            report["total"]["cost"].as_str().unwrap(),
            "{report}"
        );
        rows
    };
    assert_eq!(
        billed("up"),
        [
            row("exact", "1800", "5.00"),
            row("past", "2700", "7.50"),
            row("half", "900", "2.50"),
            row("under half", "900", "2.50"),
        ]
    );
    assert_eq!(
        billed("nearest"),
        [
            row("exact", "1800", "5.00"),
            row("past", "1800", "5.00"),
            row("half", "900", "2.50"),
            row("under half", "0", "0.00"),
        ]
    );
    assert_eq!(
        billed("down"),
        [
            row("exact", "1800", "5.00"),
            row("past", "1800", "5.00"),
            row("half", "0", "0.00"),
            row("under half", "0", "0.00"),
        ]
    );
    // The actual time stays beside the billed one.
    let up = report(&db, &window);
    assert_eq!(up["rows"][1]["worked_seconds"].to_string(), "1800.000001");
    assert_eq!(up["rows"][1]["worked"], "00:30:00");
    assert_eq!(up["rows"][1]["billed"], "00:45:00");
    // The table shows both columns.
    db.kanban([&["report"][..], &window[..]].concat())
        .success()
        .stdout_contains("Billed");
}

#[test]
fn running_and_reopened_work_is_priced_at_the_rate_in_force_and_not_final() {
    let db = TestDb::new();
    // Running since 10:00; the window ends at 12:00.
    db.sql(
        "INSERT INTO kanban_task (name, status, start_datetime) \
         VALUES ('running', 'in_progress', '2026-01-01T10:00:00Z')",
    );
    // Done at $10 an hour, then reopened: its cost is open again.
    task(
        &db,
        "reopened",
        &[("2026-01-01T08:00:00Z", "2026-01-01T09:00:00Z")],
        Some("10"),
    );
    db.kanban(["reopen", "reopened"]).success();
    let window = [
        "--since",
        "2026-01-01",
        "--until",
        "2026-01-01T12:00:00Z",
        "--tz",
        "UTC",
    ];
    let json = db
        .kanban([&["report", "-o", "json"][..], &window[..]].concat())
        .env("KANBAN_HOURLY_RATE", "15")
        .success()
        .json();
    assert_eq!(
        summary(&json, "task"),
        (
            vec![
                row("reopened", "3600", "15.00"),
                row("running", "7200", "30.00")
            ],
            ("10800".to_owned(), "45.00".to_owned())
        )
    );
    assert_eq!(json["rows"][1]["running"], true);
    assert_eq!(json["rows"][1]["final"], false);
    assert_eq!(json["rows"][0]["running"], false);
    assert_eq!(json["rows"][0]["final"], false);
    assert_eq!(json["total"]["final"], false);
    assert_eq!(json["total"]["running"], true);
    db.kanban([&["report"][..], &window[..]].concat())
        .success()
        .stdout_contains("running, not final");
    // Running work with no end given counts up to the server's now.
    let now = report(
        &db,
        &[
            "--since",
            "2026-01-01",
            "--tz",
            "UTC",
            "--status",
            "in-progress",
        ],
    );
    let running = now["rows"]
        .as_array()
        .unwrap()
        .iter()
        .find(|row| row["task"] == "running")
        .unwrap();
    let seconds: f64 = running["worked_seconds"].as_f64().unwrap();
    let expected: f64 = db
        .value("SELECT extract(epoch FROM now() - '2026-01-01T10:00:00Z')")
        .unwrap()
        .parse()
        .unwrap();
    assert!(
        seconds <= expected && expected - seconds < 60.0,
        "{seconds} vs {expected}"
    );
}

#[test]
fn a_done_task_costs_in_the_report_what_kanban_cost_says() {
    let db = TestDb::new();
    let sessions = [
        ("2026-02-02T09:00:00Z", "2026-02-02T10:07:13.123457Z"),
        ("2026-02-03T14:00:00.5Z", "2026-02-03T14:00:18.5Z"),
        ("2026-02-05T23:59:59.999999Z", "2026-02-06T03:17:42.654321Z"),
    ];
    for (name, rate) in [("odd", "12.34"), ("cheap", "0.01"), ("dear", "987.65")] {
        task(&db, name, &sessions, Some(rate));
        let cost = db.kanban(["cost", name]).success().stdout.trim().to_owned();
        let json = report(
            &db,
            &[
                "--since",
                "2026-02-01",
                "--until",
                "2026-03-01",
                "--tz",
                "UTC",
                "--status",
                "done",
            ],
        );
        let reported = json["rows"]
            .as_array()
            .unwrap()
            .iter()
            .find(|row| row["task"] == name)
            .unwrap()["cost"]
            .as_str()
            .unwrap()
            .to_owned();
        assert_eq!(cost, format!("${reported}"), "{name}");
    }
}

#[test]
fn rows_by_week_month_and_actor() {
    let db = TestDb::new();
    db.kanban(["new", "a", "b"]).success();
    db.kanban(["start", "a"])
        .env("KANBAN_ACTOR", "alice")
        .success();
    db.kanban(["start", "b"])
        .env("KANBAN_ACTOR", "bob")
        .success();
    db.kanban(["resolve", "a", "b"])
        .env("KANBAN_ACTOR", "carol")
        .success();
    let by_actor = report(&db, &["--since", "1d", "--by", "actor"]);
    let actors: Vec<&str> = by_actor["rows"]
        .as_array()
        .unwrap()
        .iter()
        .map(|row| row["actor"].as_str().unwrap())
        .collect();
    assert_eq!(actors, ["alice", "bob"]);
    // Weeks are ISO weeks, from Monday.
    task(
        &db,
        "sunday to monday",
        &[("2026-11-22T23:00:00Z", "2026-11-23T01:00:00Z")],
        Some("10"),
    );
    let by_week = report(
        &db,
        &[
            "--since",
            "2026-11-01",
            "--until",
            "2026-11-25",
            "--tz",
            "UTC",
            "--by",
            "week",
        ],
    );
    assert_eq!(
        summary(&by_week, "week").0,
        vec![
            row("2026-W47", "3600", "10.00"),
            row("2026-W48", "3600", "10.00")
        ]
    );
    let by_month = report(
        &db,
        &[
            "--since",
            "2026-11-01",
            "--until",
            "2026-11-25",
            "--tz",
            "UTC",
            "--by",
            "month",
        ],
    );
    assert_eq!(
        summary(&by_month, "month").0,
        vec![row("2026-11", "7200", "20.00")]
    );
}

#[test]
fn named_days_are_local_midnights_on_the_server_clock() {
    let db = TestDb::new();
    let midnight = |sql: &str| {
        db.value(&format!(
            "SELECT to_char(({sql}) AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.US+00:00')"
        ))
        .unwrap()
    };
    let since = |when: &str| report(&db, &["--since", when, "--tz", "Asia/Tokyo"])["since"].clone();
    let today = "date_trunc('day', now() AT TIME ZONE 'Asia/Tokyo') AT TIME ZONE 'Asia/Tokyo'";
    assert_eq!(since("today"), midnight(today).as_str());
    assert_eq!(
        since("yesterday"),
        midnight(&format!("({today}) - interval '1 day'")).as_str()
    );
    // The default window starts this week's Monday.
    let monday = "date_trunc('week', now() AT TIME ZONE 'Asia/Tokyo') AT TIME ZONE 'Asia/Tokyo'";
    assert_eq!(
        report(&db, &["--tz", "Asia/Tokyo"])["since"],
        midnight(monday).as_str()
    );
    assert_eq!(since("monday"), midnight(monday).as_str());
}

#[test]
fn what_report_refuses() {
    let db = TestDb::new();
    for args in [
        &["report", "--since", "last tuesday"][..],
        &["report", "--until", "soon"],
        &["report", "--round", "0m"],
        &["report", "--round", "15"],
        &["report", "--rounding", "down"],
        &["report", "--by", "year"],
        &["report", "--status", "waiting"],
    ] {
        db.kanban(args).fails(2);
    }
    db.kanban(["report", "--since", "last tuesday"])
        .fails(2)
        .stderr_contains("36h");
    db.kanban(["report", "--tz", "Mars/Olympus_Mons"])
        .fails(2)
        .stderr_contains("time zone `Mars/Olympus_Mons`");
    db.kanban(["report", "--since", "2026-03-02", "--until", "2026-03-01"])
        .fails(2)
        .stderr_contains("window is empty");
    // Nothing worked: the window, no rows, a zero total.
    db.kanban(["report", "--tz", "UTC"])
        .success()
        .stdout_contains("No work from");
    let empty = report(&db, &["--tz", "UTC"]);
    assert_eq!(empty["rows"], Value::Array(vec![]));
    assert_eq!(empty["total"]["cost"], "0.00");
}

#[test]
fn a_midnight_shown_twice_starts_its_day_the_first_time() {
    let db = TestDb::new();
    // Havana sets clocks back from 01:00 to 00:00 on 2026-11-01: that day has 25 hours, from
    // the first midnight (04:00 UTC).
    task(
        &db,
        "all along",
        &[("2026-10-31T04:00:00Z", "2026-11-02T05:00:00Z")],
        Some("10"),
    );
    assert_eq!(
        hours_by_day(&db, "America/Havana", "2026-10-31", "2026-11-03"),
        days(&[("2026-10-31", 24), ("2026-11-01", 25)])
    );
    let since = report(
        &db,
        &[
            "--since",
            "2026-11-01",
            "--until",
            "2026-11-02",
            "--tz",
            "America/Havana",
        ],
    );
    assert_eq!(since["since"], "2026-11-01T04:00:00.000000+00:00");
}

#[test]
fn offsets_zone_files_and_huge_amounts() {
    let db = TestDb::new();
    // An ISO offset is east of UTC, as Asia/Kolkata is.
    let offset = report(
        &db,
        &[
            "--tz",
            "+05:30",
            "--since",
            "2026-03-01",
            "--until",
            "2026-03-02",
        ],
    );
    assert_eq!(offset["since"], "2026-02-28T18:30:00.000000+00:00");
    assert_eq!(offset["time_zone"], "+05:30");
    db.kanban(["report", "--tz", "+99:00"]).fails(2);
    // A negative offset needs no `=`; POSIX rules and leap-second zones are refused.
    let west = report(
        &db,
        &[
            "--tz",
            "-05:30",
            "--since",
            "2026-03-01",
            "--until",
            "2026-03-02",
        ],
    );
    assert_eq!(west["since"], "2026-03-01T05:30:00.000000+00:00");
    for refused in ["UTC+3", "right/Europe/Berlin", "Europe/Berlin\u{1b}[31m"] {
        db.kanban(["report", "--tz", refused]).fails(2);
        db.kanban(["report"]).env("TZ", refused).fails(5);
    }
    db.kanban(["report", "--since", "-7d"])
        .fails(2)
        .stderr_contains("not a time kanban understands");
    // A zone file outside a zoneinfo directory cannot be named to the server: configuration.
    let zone_file = db.dir().join("tokyo");
    std::fs::copy("/usr/share/zoneinfo/Asia/Tokyo", &zone_file).unwrap();
    db.kanban(["report"])
        .env("TZ", &zone_file)
        .fails(5)
        .stderr_contains("--tz");
    db.kanban(["report"]).env("TZ", "Nowhere/Special").fails(5);
    db.kanban(["report", "--tz", "Nowhere/Special"]).fails(2);
    // Eight thousand years at the greatest rate the schema allows, billed by the hour.
    task(
        &db,
        "forever",
        &[("1900-01-01T00:00:00Z", "9999-12-31T00:00:00Z")],
        Some("1000000"),
    );
    let cost = db
        .kanban(["cost", "forever"])
        .success()
        .stdout
        .trim()
        .to_owned();
    let window = [
        "--since",
        "1900-01-01T00:00:00Z",
        "--until",
        "9999-12-31T00:00:00Z",
        "--tz",
        "UTC",
    ];
    let whole = report(&db, &window);
    assert_eq!(
        format!("${}", whole["rows"][0]["cost"].as_str().unwrap()),
        cost
    );
    let billed = report(&db, &[&window[..], &["--round", "1h"]].concat());
    assert_eq!(billed["rows"][0]["cost"], whole["rows"][0]["cost"]);
    // Billed in whole weeks the ratio is not exact in 128 bits: still cents.
    let weeks = report(&db, &[&window[..], &["--round", "1w"]].concat());
    assert!(
        weeks["rows"][0]["cost"].as_str().unwrap().ends_with(".00"),
        "{weeks}"
    );
}
