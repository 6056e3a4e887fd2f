//! The six board commands and what they print.

use crate::support::TestDb;

/// Puts a task in Done with exact times and a frozen rate, as if resolved back then.
fn done_at(db: &TestDb, name: &str, started: &str, finished: &str, rate: &str) {
    db.kanban(["new", name]).success();
    db.sql(&format!(
        "UPDATE kanban_task SET status = 'done', start_datetime = '{started}', \
         end_datetime = '{finished}', hourly_rate = {rate} WHERE name = '{name}'"
    ));
}

#[test]
fn a_task_moves_across_the_board() {
    let db = TestDb::new();
    db.kanban(["new", "Build a house"])
        .success()
        .stdout_is("Task Build a house added.\n");
    assert_eq!(
        db.value("SELECT status FROM kanban_task").as_deref(),
        Some("todo")
    );
    db.kanban(["start", "Build a house"])
        .success()
        .stdout_is("Task Build a house started.\n");
    assert_eq!(
        db.value("SELECT status FROM kanban_task").as_deref(),
        Some("in_progress")
    );
    db.kanban(["resolve", "Build a house"])
        .success()
        .stdout_is("Task Build a house resolved.\n");
    let row =
        &db.rows("SELECT status, hourly_rate, end_datetime >= start_datetime FROM kanban_task")[0];
    assert_eq!(row[0].as_deref(), Some("done"));
    assert_eq!(
        row[1].as_deref(),
        Some("10"),
        "the default rate is frozen on the task"
    );
    assert_eq!(row[2].as_deref(), Some("t"));
}

#[test]
fn the_assignments_example_costs_two_dollars_sixty_three() {
    let db = TestDb::new();
    done_at(
        &db,
        "x",
        "2026-03-01 14:00:00+00",
        "2026-03-01 14:15:45+00",
        "10",
    );
    db.kanban(["cost", "x"]).success().stdout_is("$2.63\n");
    db.kanban(["elapsed", "x"])
        .success()
        .stdout_is("00:15:45\n");
}

#[test]
fn whole_days_count_in_time_and_money() {
    let db = TestDb::new();
    done_at(
        &db,
        "x",
        "2026-03-01 14:00:00+00",
        "2026-03-03 14:15:45.5+00",
        "10",
    );
    db.kanban(["elapsed", "x"])
        .success()
        .stdout_is("48:15:45\n");
    // 48.2626388... h x $10 = $482.626... -> $482.63
    db.kanban(["cost", "x"]).success().stdout_is("$482.63\n");
}

#[test]
fn elapsed_of_a_running_task_counts_up_to_the_servers_now() {
    let db = TestDb::new();
    db.kanban(["new", "x"]).success();
    db.kanban(["start", "x"]).success();
    db.sql("UPDATE kanban_task SET start_datetime = now() - interval '2 days'");
    let out = db.kanban(["elapsed", "x"]).success();
    assert!(
        out.stdout == "48:00:00\n" || out.stdout == "48:00:01\n",
        "{:?}",
        out.stdout
    );
}

#[test]
fn a_task_not_started_has_no_elapsed_time_and_no_cost() {
    let db = TestDb::new();
    db.kanban(["new", "x"]).success();
    db.kanban(["elapsed", "x"])
        .fails(4)
        .stderr_contains("not been started");
    db.kanban(["cost", "x"]).fails(4).stderr_contains("To Do");
    db.kanban(["start", "x"]).success();
    db.kanban(["cost", "x"])
        .fails(4)
        .stderr_contains("still In Progress");
}

#[test]
fn the_rate_in_force_at_resolve_is_frozen() {
    let db = TestDb::new();
    db.kanban(["new", "x"]).success();
    db.kanban(["start", "x"]).success();
    db.kanban(["resolve", "x"])
        .env("KANBAN_HOURLY_RATE", "12.50")
        .success();
    db.sql(
        "UPDATE kanban_task SET start_datetime = '2026-03-01 14:00:00+00', \
         end_datetime = '2026-03-01 14:15:45+00'",
    );
    // 945 s x $12.50/h = $3.28125
    db.kanban(["cost", "x"]).success().stdout_is("$3.28\n");
    db.kanban(["cost", "x"])
        .env("KANBAN_HOURLY_RATE", "1000")
        .success()
        .stdout_is("$3.28\n");
}

#[test]
fn the_hourly_rate_can_come_from_the_env_file() {
    let db = TestDb::new();
    db.write_env_file(
        &db.dir().join("test_postgres_config.env"),
        "KANBAN_HOURLY_RATE=99.99\n",
    );
    db.kanban(["new", "x"]).success();
    db.kanban(["start", "x"]).success();
    db.kanban(["resolve", "x"]).success();
    assert_eq!(
        db.value("SELECT hourly_rate FROM kanban_task").as_deref(),
        Some("99.99")
    );
}

#[test]
fn missing_tasks_are_exit_3() {
    let db = TestDb::new();
    for command in ["start", "resolve", "elapsed", "cost"] {
        db.kanban([command, "ghost"])
            .fails(3)
            .stderr_contains("no task named `ghost`");
    }
}

#[test]
fn moves_out_of_the_wrong_column_are_exit_4() {
    let db = TestDb::new();
    db.kanban(["new", "x"]).success();
    db.kanban(["new", "x"])
        .fails(4)
        .stderr_contains("already exists");
    db.kanban(["resolve", "x"])
        .fails(4)
        .stderr_contains("not been started");
    db.kanban(["start", "x"]).success();
    db.kanban(["start", "x"])
        .fails(4)
        .stderr_contains("already In Progress");
    db.kanban(["resolve", "x"]).success();
    db.kanban(["start", "x"])
        .fails(4)
        .stderr_contains("already Done");
    db.kanban(["resolve", "x"])
        .fails(4)
        .stderr_contains("already Done");
    assert_eq!(
        db.value("SELECT count(*) FROM kanban_task").as_deref(),
        Some("1")
    );
}

#[test]
fn several_names_go_in_all_or_none() {
    let db = TestDb::new();
    db.kanban(["new", "a", "b", "c"])
        .success()
        .stdout_is("Task a added.\nTask b added.\nTask c added.\n");
    db.kanban(["new", "d", "b", "e"])
        .fails(4)
        .stderr_contains("`b` already exists");
    assert_eq!(
        db.value("SELECT count(*) FROM kanban_task").as_deref(),
        Some("3")
    );

    db.kanban(["start", "a", "ghost", "c"])
        .fails(3)
        .stderr_contains("`ghost`");
    db.kanban(["start", "c"]).success();
    db.kanban(["start", "a", "b", "c"])
        .fails(4)
        .stderr_contains("`c`");
    assert_eq!(
        db.value("SELECT string_agg(name || ':' || status, ',' ORDER BY name) FROM kanban_task")
            .as_deref(),
        Some("a:todo,b:todo,c:in_progress")
    );
    db.kanban(["start", "b", "a"])
        .success()
        .stdout_is("Task b started.\nTask a started.\n");
    db.kanban(["resolve", "a", "b", "c"])
        .success()
        .stdout_is("Task a resolved.\nTask b resolved.\nTask c resolved.\n");
}

#[test]
fn the_table_lists_every_column_in_board_order() {
    let db = TestDb::new();
    db.kanban(["new", "first", "second", "third", "fourth"])
        .success();
    db.kanban(["start", "third"]).success();
    db.sql(
        "UPDATE kanban_task SET status = 'done', start_datetime = '2026-03-01 14:00:00+00', \
         end_datetime = '2026-03-01 14:15:45+00', hourly_rate = 10 WHERE name = 'second'",
    );
    db.sql("UPDATE kanban_task SET start_datetime = '2026-03-01 09:00:00+00' WHERE name = 'third'");
    let out = db.kanban(["tasks"]).success();
    let lines: Vec<&str> = out.stdout.lines().collect();
    assert!(
        lines[1].contains("Name") && lines[1].contains("Cost"),
        "{}",
        out.stdout
    );
    let order: Vec<&str> = lines
        .iter()
        .filter_map(|line| {
            ["first", "second", "third", "fourth"]
                .into_iter()
                .find(|n| line.contains(&format!(" {n} ")))
        })
        .collect();
    assert_eq!(order, ["first", "fourth", "third", "second"]);
    let done = lines.iter().find(|line| line.contains(" second ")).unwrap();
    for cell in [
        "Done",
        "2026-03-01 14:00:00",
        "2026-03-01 14:15:45",
        "00:15:45",
        "$2.63",
    ] {
        assert!(done.contains(cell), "{cell} missing from {done}");
    }
    let running = lines.iter().find(|line| line.contains(" third ")).unwrap();
    assert!(running.contains("In Progress") && running.contains("2026-03-01 09:00:00"));
}

#[test]
fn the_table_can_show_one_column() {
    let db = TestDb::new();
    db.kanban(["new", "waiting", "working"]).success();
    db.kanban(["start", "working"]).success();
    // The stored label, or the title the table prints, in any letter case.
    for status in [
        "in_progress",
        "in-progress",
        "IN-PROGRESS",
        "In Progress",
        "in progress",
    ] {
        let out = db.kanban(["tasks", "--status", status]).success();
        assert!(
            out.stdout.contains("working") && !out.stdout.contains("waiting"),
            "{}",
            out.stdout
        );
    }
    for status in ["todo", "To Do", "TO-DO"] {
        let out = db.kanban(["tasks", "-s", status]).success();
        assert!(out.stdout.contains("waiting") && !out.stdout.contains("working"));
    }
    let out = db.kanban(["tasks", "--status", "done"]).success();
    assert!(!out.stdout.contains("waiting") && !out.stdout.contains("working"));
    db.kanban(["tasks", "--status", "doing"]).run().code(2);
}

#[test]
fn times_show_in_the_local_time_zone() {
    let db = TestDb::new();
    done_at(
        &db,
        "x",
        "2026-03-01 14:00:00+00",
        "2026-03-01 14:15:45+00",
        "10",
    );
    let out = db.kanban(["tasks"]).env("TZ", "IST-5:30").success();
    assert!(out.stdout.contains("2026-03-01 19:30:00"), "{}", out.stdout);
    assert!(out.stdout.contains("2026-03-01 19:45:45"), "{}", out.stdout);
}

#[test]
fn tables_are_plain_ascii_unless_the_locale_is_utf8() {
    let db = TestDb::new();
    db.kanban(["new", "x"]).success();
    let plain = db.kanban(["tasks"]).env("LANG", "C").success();
    assert!(plain.stdout.is_ascii(), "{}", plain.stdout);
    let fancy = db.kanban(["tasks"]).env("LANG", "en_US.UTF-8").success();
    assert!(fancy.stdout.contains('│'), "{}", fancy.stdout);
}

#[test]
fn a_failing_resolve_batch_changes_none_of_its_tasks() {
    let db = TestDb::new();
    db.kanban(["new", "a", "waiting"]).success();
    db.kanban(["start", "a"]).success();
    let before = db.rows("SELECT name, status::text, start_datetime, end_datetime, hourly_rate FROM kanban_task ORDER BY name");
    db.kanban(["resolve", "a", "ghost"])
        .fails(3)
        .stderr_contains("`ghost`");
    db.kanban(["resolve", "a", "waiting"])
        .fails(4)
        .stderr_contains("`waiting`");
    let after = db.rows("SELECT name, status::text, start_datetime, end_datetime, hourly_rate FROM kanban_task ORDER BY name");
    assert_eq!(before, after);
    assert_eq!(
        db.rows("SELECT status::text, end_datetime, hourly_rate FROM kanban_task WHERE name = 'a'"),
        [[Some("in_progress".to_owned()), None, None]]
    );
}

/// Client and server share this machine, so a kanban that read its own clock would pass
/// every other test: here the database refuses any time but its own `now()`, and the binary
/// runs with its clock a day off.
#[test]
fn times_come_from_the_servers_clock_not_this_machines() {
    let db = TestDb::new();
    db.sql(
        "CREATE FUNCTION only_server_now() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN \
           IF (TG_OP = 'INSERT' OR NEW.start_datetime IS DISTINCT FROM OLD.start_datetime) \
              AND NEW.start_datetime <> now() THEN \
             RAISE EXCEPTION 'start_datetime % is not the server''s now() %', NEW.start_datetime, now(); \
           END IF; \
           IF (TG_OP = 'INSERT' OR NEW.end_datetime IS DISTINCT FROM OLD.end_datetime) \
              AND NEW.end_datetime <> now() THEN \
             RAISE EXCEPTION 'end_datetime % is not the server''s now() %', NEW.end_datetime, now(); \
           END IF; \
           RETURN NEW; END $$;
         CREATE TRIGGER only_server_now BEFORE INSERT OR UPDATE ON kanban_task \
           FOR EACH ROW EXECUTE FUNCTION only_server_now();",
    );
    for skew in ["+1d", "-1d"] {
        let skewed = |args: &[&str]| db.kanban(args).under(&["faketime", "-f", skew]);
        let name = format!("skewed {skew}");
        skewed(&["new", &name]).success();
        skewed(&["start", &name]).success();
        skewed(&["resolve", &name]).success();
        assert_eq!(
            db.value(&format!(
                "SELECT abs(extract(epoch FROM now() - end_datetime)) < 60 FROM kanban_task WHERE name = '{name}'"
            ))
            .as_deref(),
            Some("t")
        );
        // Reads: a task started an hour ago by the server's clock has run an hour.
        let running = format!("running {skew}");
        db.kanban(["new", &running]).success();
        db.sql(&format!(
            "ALTER TABLE kanban_task DISABLE TRIGGER only_server_now; \
             UPDATE kanban_task SET status = 'in_progress', start_datetime = now() - interval '1 hour' \
              WHERE name = '{running}'; \
             ALTER TABLE kanban_task ENABLE TRIGGER only_server_now;"
        ));
        let elapsed = skewed(&["elapsed", &running]).success().stdout;
        assert!(elapsed.starts_with("01:00:0"), "{skew}: {elapsed}");
        let listed = skewed(&["tasks", "-o", "json", "--status", "in_progress"])
            .success()
            .json();
        let seconds = listed[0]["elapsed_seconds"].as_i64().unwrap();
        assert!((3600..3660).contains(&seconds), "{skew}: {listed}");
        let board = skewed(&["board"]).success().stdout;
        assert!(board.contains("01:00:0"), "{skew}: {board}");
        db.kanban(["resolve", &running]).run();
        db.sql(&format!("DELETE FROM kanban_task WHERE name = '{running}'"));
    }
}

#[test]
fn rates_are_whole_cents_up_to_a_million_here_and_in_the_database() {
    let db = TestDb::new();
    db.kanban(["new", "a"]).success();
    db.kanban(["start", "a"]).success();
    for bad in [
        "0",
        "0.001",
        "12.345",
        "1000000.01",
        "1e40",
        "99999999999999999999",
    ] {
        db.kanban(["resolve", "a"])
            .env("KANBAN_HOURLY_RATE", bad)
            .fails(5)
            .stderr_contains("KANBAN_HOURLY_RATE");
    }
    db.kanban(["resolve", "a"])
        .env("KANBAN_HOURLY_RATE", "1000000")
        .success();
    for (rate, constraint) in [
        ("1e40", "task_rate_is_whole_cents_up_to_a_million"),
        ("0.001", "task_rate_is_whole_cents_up_to_a_million"),
    ] {
        let refused = db.sql_error(&format!("UPDATE kanban_task SET hourly_rate = {rate}"));
        assert!(refused.contains(constraint), "{refused}");
    }
    // Times the client could not read are refused at the source (by the task's bounds, or
    // by those of the work session the edit moves, whichever the database checks first).
    let refused = db.sql_error(
        "UPDATE kanban_task SET end_datetime = '294276-01-01 00:00:00+00', start_datetime = now()",
    );
    assert!(
        refused.contains("task_times_are_in_range")
            || refused.contains("task_work_times_are_in_range"),
        "{refused}"
    );
    db.kanban(["cost", "a"]).success();
}

#[test]
fn done_shows_the_most_recently_finished_first() {
    let db = TestDb::new();
    for (name, finished) in [
        ("old", "2026-03-01 10:00:00+00"),
        ("newest", "2026-03-03 10:00:00+00"),
        ("middle", "2026-03-02 10:00:00+00"),
    ] {
        done_at(&db, name, "2026-03-01 09:00:00+00", finished, "10");
    }
    db.kanban(["new", "first", "second"]).success();
    let board = db
        .kanban(["board", "-o", "json", "--limit", "2"])
        .success()
        .json();
    let names = |at: usize| -> Vec<String> {
        board["columns"][at]["tasks"]
            .as_array()
            .unwrap()
            .iter()
            .map(|task| task["name"].as_str().unwrap().to_owned())
            .collect()
    };
    assert_eq!(names(0), ["first", "second"], "To Do: oldest first");
    assert_eq!(
        names(2),
        ["newest", "middle"],
        "Done: most recently finished first"
    );
    assert_eq!(board["columns"][2]["more"], 1);
}

#[test]
fn tasks_filter_sort_reverse_and_limit_in_the_database() {
    let db = TestDb::new();
    db.kanban(["new", "b login", "a LOGIN", "c other", "100% done"])
        .success();
    done_at(
        &db,
        "early",
        "2026-03-01 09:00:00+00",
        "2026-03-01 10:00:00+00",
        "10",
    );
    done_at(
        &db,
        "late",
        "2026-03-02 09:00:00+00",
        "2026-03-02 10:00:00+00",
        "10",
    );
    let names = |args: &[&str]| -> Vec<String> {
        let mut words = vec!["tasks", "-o", "json"];
        words.extend_from_slice(args);
        db.kanban(&words)
            .success()
            .json()
            .as_array()
            .unwrap()
            .iter()
            .map(|task| task["name"].as_str().unwrap().to_owned())
            .collect()
    };
    assert_eq!(names(&["--grep", "login"]), ["b login", "a LOGIN"]);
    assert_eq!(
        names(&["--grep", "%"]),
        ["100% done"],
        "a literal, not a pattern"
    );
    assert_eq!(
        names(&["--grep", "login", "--sort", "name"]),
        ["a LOGIN", "b login"]
    );
    assert_eq!(
        names(&["--sort", "finished", "--reverse", "--limit", "2"]),
        ["late", "early"]
    );
    assert_eq!(
        names(&["--sort", "created", "-r", "--limit", "1"]),
        ["late"]
    );
    assert_eq!(
        names(&["--status", "todo", "--limit", "2"]),
        ["b login", "a LOGIN"]
    );
    db.kanban(["tasks", "--limit", "0"]).fails(2);
    db.kanban(["tasks", "--sort", "size"]).fails(2);
}

#[test]
fn the_board_for_scripts_gives_each_column_in_its_own_order_and_counts() {
    let db = TestDb::new();
    db.kanban([
        "new", "todo 1", "todo 2", "todo 3", "work 1", "work 2", "work 3",
    ])
    .success();
    db.kanban(["start", "work 1", "work 2", "work 3"]).success();
    for (name, finished) in [
        ("done old", "2026-03-01 10:00:00+00"),
        ("done newest", "2026-03-03 10:00:00+00"),
        ("done middle", "2026-03-02 10:00:00+00"),
    ] {
        done_at(&db, name, "2026-03-01 09:00:00+00", finished, "10");
    }
    let shown = [
        "todo 1",
        "todo 2",
        "work 1",
        "work 2",
        "done newest",
        "done middle",
    ];
    // CSV and TSV: the shown cards as records, column after column.
    for (format, delimiter) in [("csv", b','), ("tsv", b'\t')] {
        let (header, rows) = db
            .kanban(["board", "-o", format, "--limit", "2"])
            .success()
            .records(delimiter);
        assert_eq!(header[0], "name");
        let names: Vec<&str> = rows.iter().map(|row| row[0].as_str()).collect();
        assert_eq!(names, shown, "{format}");
    }
    // JSON: each column's count and how many more it holds, with the same cards.
    let board = db
        .kanban(["board", "-o", "json", "--limit", "2"])
        .success()
        .json();
    let mut names = Vec::new();
    for (at, status) in ["todo", "in_progress", "done"].iter().enumerate() {
        let column = &board["columns"][at];
        assert_eq!(column["status"], *status);
        assert_eq!(column["count"], 3);
        assert_eq!(column["more"], 1);
        for task in column["tasks"].as_array().unwrap() {
            names.push(task["name"].as_str().unwrap().to_owned());
        }
    }
    assert_eq!(names, shown);
    // A limit above every column shows all, with nothing more; an empty column is empty.
    db.kanban(["rm", "--force", "work 1", "work 2", "work 3"])
        .success();
    let board = db
        .kanban(["board", "-o", "json", "--limit", "10"])
        .success()
        .json();
    assert_eq!(board["columns"][0]["more"], 0);
    assert_eq!(board["columns"][1]["count"], 0);
    assert_eq!(board["columns"][1]["tasks"], serde_json::json!([]));
    assert_eq!(board["columns"][2]["tasks"].as_array().unwrap().len(), 3);
    let (_, rows) = db
        .kanban(["board", "-o", "csv", "--limit", "10"])
        .success()
        .records(b',');
    assert_eq!(rows.len(), 6);
}
