//! `kanban`: parse the command line, run one command, turn the outcome into an exit code.

// Rust's own start-up is replaced by `entry::main` (see there why) where the C library hands
// `std::env::args` the arguments by itself (glibc); tests keep the harness's.
#![cfg_attr(all(not(test), target_os = "linux", target_env = "gnu"), no_main)]

mod billing;
mod cli;
mod closest;
mod completion;
mod config;
mod connection;
mod conninfo;
mod doctor;
mod entry;
mod error;
mod guard;
mod history;
mod man;
mod output;
mod pager;
mod pgpass;
mod records;
mod report;
mod repository;
mod schema;
mod sqlstate;
mod stderr;
mod stdout;
mod task;
mod task_table;
mod time_zone;
mod tls;
mod watch;
mod when;

use std::ffi::OsString;
use std::io::{self, BufRead, IsTerminal, Write};

use anyhow::Result;

use crate::cli::{
    BoardArgs, Cli, Command, CompletionsArgs, CostArgs, Deferred, DoctorArgs, ElapsedArgs, Format,
    GrantArgs, InitArgs, LogArgs, NewArgs, RenameArgs, ReopenArgs, ReportArgs, ResolveArgs, RmArgs,
    StartArgs, StopArgs, TasksArgs,
};
use crate::error::{ExitCode, Failure};
use crate::output::Printer;
use crate::records::Value;
use crate::repository::Repository;
use crate::task::{Listing, parse_name, parse_names};

/// `kanban --version`: the package version and the git commit it was built from (see
/// build.rs; `unknown` outside a git checkout, as from a crate tarball).
const VERSION: &str = concat!(
    env!("CARGO_PKG_VERSION"),
    " (",
    env!("KANBAN_GIT_COMMIT"),
    ")"
);

/// Elsewhere (musl, BSDs, macOS) Rust's start-up stays: there it is what passes the
/// arguments on to `std::env::args`.
#[cfg(not(any(test, all(target_os = "linux", target_env = "gnu"))))]
fn main() {
    std::process::exit(run_command_line());
}

/// The command line's run, from `entry::main` or `main`: the exit code.
pub fn run_command_line() -> i32 {
    completion::answer_if_asked();
    let args: Vec<OsString> = std::env::args_os().collect();
    let exit_code = match cli::parse(&args) {
        Ok(cli) => {
            let format = cli.global.output;
            guard::install(move |code, message| stderr::print_error(code, message, format));
            let outcome = run(cli);
            // A signal the guard has not acted on yet decides the end.
            guard::settle();
            match outcome {
                Ok(()) => ExitCode::Success,
                Err(error) => stderr::report(&error, format),
            }
        }
        Err(error) => stderr::usage_error(&error, &args),
    };
    exit_code.code()
}

fn run(cli: Cli) -> Result<()> {
    let color = output::use_color(cli.global.color);
    // Tables that can run long go through a pager on a terminal, as git's and psql's do.
    let pageable = cli.global.output == Format::Table
        && !cli.global.no_pager
        && matches!(
            cli.command,
            Command::Tasks(_)
                | Command::Log(_)
                | Command::Board(Deferred(BoardArgs { watch: false, .. }))
        );
    let out = stdout::LineBuffered::new(pager::Destination::for_output(pageable));
    let mut printer = Printer::new(out, cli.global.output, color, cli.global.quiet);
    let settings = |changes: bool| {
        let mut settings = config::load(
            &cli.global.stage,
            cli.global.env_file.as_deref(),
            cli.global.database_url.as_deref(),
        )?;
        for warning in &settings.warnings {
            stderr::print_warning(warning, cli.global.output);
        }
        settings.changes = changes;
        settings.connect_ends_process = true;
        Ok::<_, anyhow::Error>(settings)
    };
    match &cli.command {
        Command::New(Deferred(NewArgs { names })) => {
            let given = given_names(names)?;
            if let Some(hint) = quoting_hint(names) {
                stderr::print_hint(&hint, cli.global.output);
            }
            let mut repository = connect(&settings(true)?)?;
            let tasks = guard::waiting(true, || repository.add(&given))?;
            made(printer.transitions(&tasks, "added"), "added")?;
        }
        Command::Start(Deferred(StartArgs { names })) => {
            let names = given_names(names)?;
            let mut repository = connect(&settings(true)?)?;
            let tasks = guard::waiting(true, || repository.start(&names))?;
            made(printer.transitions(&tasks, "started"), "started")?;
        }
        Command::Resolve(Deferred(ResolveArgs { names })) => {
            let names = given_names(names)?;
            let settings = settings(true)?;
            let mut repository = connect(&settings)?;
            let tasks = guard::waiting(true, || repository.resolve(&names, settings.hourly_rate))?;
            made(printer.transitions(&tasks, "resolved"), "resolved")?;
        }
        Command::Tasks(Deferred(TasksArgs {
            status,
            grep,
            sort,
            reverse,
            limit,
        })) => {
            let mut repository = connect(&settings(false)?)?;
            let listing = Listing {
                status: status.map(Into::into),
                grep: grep.clone().filter(|text| !text.is_empty()),
                order: (*sort).into(),
                reverse: *reverse,
                limit: *limit,
            };
            if cli.global.output == Format::Table {
                let tasks = guard::waiting(false, || repository.list(&listing))?;
                printer.task_table(&tasks)?;
            } else {
                let mut stream = printer.task_stream()?;
                let mut written = 0_u64;
                guard::waiting(false, || {
                    repository.each_task(&listing, |task| {
                        stream.task(&task)?;
                        written += 1;
                        Ok(())
                    })
                })
                .map_err(|error| match error.downcast_ref::<Failure>() {
                    // A stream cut off midway: say how much of it the reader has.
                    Some(failure) if written > 0 => anyhow::Error::from(Failure::new(
                        failure.exit_code,
                        format!(
                            "{}; {written} task(s) were written before that",
                            failure.message
                        ),
                    )),
                    _ => error,
                })?;
                stream.finish()?;
            }
        }
        Command::Stop(Deferred(StopArgs { names })) => {
            let names = given_names(names)?;
            let mut repository = connect(&settings(true)?)?;
            let tasks = guard::waiting(true, || repository.stop(&names))?;
            made(printer.transitions(&tasks, "stopped"), "stopped")?;
        }
        Command::Reopen(Deferred(ReopenArgs { names })) => {
            let names = given_names(names)?;
            let mut repository = connect(&settings(true)?)?;
            let tasks = guard::waiting(true, || repository.reopen(&names))?;
            made(printer.transitions(&tasks, "reopened"), "reopened")?;
        }
        Command::Rename(Deferred(RenameArgs { old, new })) => {
            let old = parse_name(old)?;
            let new = parse_name(new)?;
            let mut repository = connect(&settings(true)?)?;
            let task = guard::waiting(true, || repository.rename(&old, &new))?;
            made(
                printer.transitions(std::slice::from_ref(&task), "renamed"),
                "renamed",
            )?;
        }
        Command::Rm(Deferred(RmArgs { names, force })) => {
            let names = given_names(names)?;
            let mut repository = connect(&settings(true)?)?;
            let tasks = guard::waiting(true, || repository.remove(&names, *force))?;
            made(printer.transitions(&tasks, "removed"), "removed")?;
        }
        Command::Log(Deferred(LogArgs {
            names,
            since,
            limit,
        })) => {
            let names = names
                .iter()
                .map(|name| parse_name(name))
                .collect::<Result<Vec<_>, _>>()?;
            let mut repository = connect(&settings(false)?)?;
            let mut out = printer.into_inner();
            let mut events = history::EventWriter::start(&mut out, cli.global.output, color)?;
            guard::waiting(false, || {
                repository.each_event(&names, *since, *limit, |event| events.event(event))
            })?;
            events.finish()?;
            printer = Printer::new(out, cli.global.output, color, cli.global.quiet);
        }
        Command::Elapsed(Deferred(ElapsedArgs { name })) => {
            let name = parse_name(name)?;
            let mut repository = connect(&settings(false)?)?;
            let (task, note) = guard::waiting(false, || repository.find(&name))?;
            if let Some(note) = note {
                stderr::print_warning(&note, cli.global.output);
            }
            printer.elapsed(&task, task.require_elapsed()?)?;
        }
        Command::Cost(Deferred(CostArgs { name })) => {
            let name = parse_name(name)?;
            let mut repository = connect(&settings(false)?)?;
            let (task, note) = guard::waiting(false, || repository.find(&name))?;
            if let Some(note) = note {
                stderr::print_warning(&note, cli.global.output);
            }
            printer.cost(&task, task.require_cost()?)?;
        }
        Command::Report(Deferred(ReportArgs {
            since,
            until,
            by,
            status,
            round,
            rounding,
            tz,
        })) => {
            let zone = time_zone::report_zone(tz.as_deref())?;
            let statuses: Vec<task::Status> = status.iter().map(|&status| status.into()).collect();
            let settings = settings(false)?;
            let query = repository::ReportQuery {
                since: *since,
                until: *until,
                group_by: *by,
                statuses: &statuses,
                zone: &zone,
                rate_now: settings.hourly_rate,
            };
            let billing = report::Billing {
                step: *round,
                rounding: *rounding,
            };
            let mut repository = connect(&settings)?;
            let mut out = printer.into_inner();
            let mut writer = report::ReportWriter::new(
                &mut out,
                cli.global.output,
                color,
                *by,
                billing,
                &zone.name,
            )?;
            guard::waiting(false, || {
                repository.each_report_line(&query, |line| writer.line(line))
            })?;
            writer.finish()?;
            printer = Printer::new(out, cli.global.output, color, cli.global.quiet);
        }
        Command::Init(Deferred(InitArgs { dry_run })) => {
            let settings = settings(true)?;
            let mut repository = connect(&settings)?;
            let plan = guard::waiting(true, || repository.migrate(*dry_run))?;
            if !cli.global.quiet {
                printer.migration(&plan, *dry_run, &settings)?;
            }
        }
        Command::Board(Deferred(BoardArgs {
            limit,
            watch,
            watch_mode,
        })) => {
            let limit = i64::from(*limit);
            if *watch {
                if cli.global.output != Format::Table || !io::stdout().is_terminal() {
                    return Err(Failure::usage(
                        "--watch draws on a terminal: run it in one, without --output",
                    )
                    .into());
                }
                let settings = settings(false)?;
                time_zone::check_time_zone()?;
                return watch::run(&settings, limit, *watch_mode, color);
            }
            let mut repository = connect(&settings(false)?)?;
            if cli.global.output == Format::Table {
                let columns = guard::waiting(false, || repository.board(limit))?;
                printer.board(&columns)?;
            } else {
                let mut stream = printer.board_stream(limit)?;
                let counts = stream.needs_counts();
                guard::waiting(false, || {
                    repository.board_rows(limit, counts, |row| stream.row(row))
                })?;
                stream.finish()?;
            }
        }
        Command::Doctor(Deferred(DoctorArgs { read_only })) => {
            let report = doctor::examine(
                &cli.global.stage,
                cli.global.env_file.as_deref(),
                cli.global.database_url.as_deref(),
                *read_only,
            );
            printer.record(&report.names, &report.values)?;
            if let Some(problem) = report.problem {
                printer.into_inner().flush()?;
                return Err(problem);
            }
        }
        Command::Grant(Deferred(GrantArgs { role, write, .. })) => {
            if role.trim().is_empty() {
                return Err(Failure::usage("a role name cannot be empty").into());
            }
            let mut repository = connect(&settings(true)?)?;
            guard::waiting(true, || repository.grant(role, *write))?;
            let access = if *write { "write" } else { "read" };
            if cli.global.output == Format::Table {
                let what = if *write { "read and change" } else { "read" };
                if !cli.global.quiet {
                    printer.raw(format!("Role {role} may now {what} the board.\n").as_bytes())?;
                }
            } else if !cli.global.quiet {
                printer.record(
                    &["role", "access"],
                    &[Value::text(role), Value::text(access)],
                )?;
            }
        }
        Command::Completions(Deferred(CompletionsArgs { shell })) => {
            printer.raw(&completion::completion_script(*shell))?
        }
        Command::Man(_) => printer.raw(&man::man_page()?)?,
    }
    let flushed = printer.into_inner().flush();
    match cli.command {
        Command::New(_) => made(flushed, "added")?,
        Command::Start(_) => made(flushed, "started")?,
        Command::Resolve(_) => made(flushed, "resolved")?,
        _ => flushed?,
    }
    Ok(())
}

/// Output of a change that the database has already committed: a failure to write it must
/// not read as a failed change (a script would retry and get exit 4).
fn made(written: io::Result<()>, verb: &str) -> Result<()> {
    written.map_err(|error| {
        if error.kind() == io::ErrorKind::BrokenPipe {
            return error.into();
        }
        Failure::new(
            ExitCode::Internal,
            format!(
                "writing output: {error}; the tasks were {verb} all the same (see `kanban tasks`)"
            ),
        )
        .into()
    })
}

/// The names a command acts on: as given, or with `-` alone, one per line from stdin (blank
/// lines skipped), so `grep ... | kanban new -` works for any number of names. All are checked
/// before anything is sent.
fn given_names(args: &[String]) -> Result<Vec<String>> {
    if args != ["-"] {
        return Ok(parse_names(args)?);
    }
    let mut lines = Vec::new();
    for line in io::stdin().lock().lines() {
        let line = line.map_err(|error| {
            Failure::usage(format!(
                "cannot read task names from stdin: {error} (one name per line, UTF-8)"
            ))
        })?;
        let line = line.strip_suffix('\r').unwrap_or(&line);
        if !line.trim().is_empty() {
            lines.push(line.to_owned());
        }
    }
    if lines.is_empty() {
        return Err(Failure::usage("no task names on stdin (one name per line)").into());
    }
    Ok(parse_names(&lines)?)
}

/// Connects for a command. The time zone its tables and reports use is checked once the
/// server is reached, before the first statement: a failed connection reads no zone file
/// (1% of its time, benches/latency.py), and an invalid TZ still stops a change before it
/// is made.
fn connect(settings: &config::Settings) -> Result<Repository> {
    let repository = Repository::connect(settings)?;
    time_zone::check_time_zone()?;
    Ok(repository)
}

/// When a person at a terminal adds several one-word names, they may have meant one name
/// with spaces: say how to quote it (after the fact: the tasks are still added, as asked).
/// `KANBAN_HINTS=0` silences it, as git's advice settings do.
fn quoting_hint(names: &[String]) -> Option<String> {
    let one_word = |name: &String| !name.is_empty() && !name.contains(char::is_whitespace);
    let person = io::stdin().is_terminal() && io::stderr().is_terminal();
    let silenced = std::env::var("KANBAN_HINTS").is_ok_and(|value| value == "0");
    (person && !silenced && names.len() > 1 && names.len() <= 8 && names.iter().all(one_word))
        .then(|| {
            format!(
                "this adds {} tasks; for one task named \"{}\", quote it: kanban new \"{}\" (KANBAN_HINTS=0 silences hints)",
                names.len(),
                names.join(" "),
                names.join(" ")
            )
        })
}
