//! `kanban`: parse the command line, run one command, turn the outcome into an exit code.

mod cli;
mod config;
mod error;
mod output;
mod repository;
mod task;

use std::io::{self, BufWriter, Write};
use std::process;

use anyhow::Result;
use clap::Parser;

use crate::cli::{Cli, Command};
use crate::error::{ExitCode, Failure};
use crate::repository::Repository;
use crate::task::{parse_name, parse_names};

fn main() {
    let cli = Cli::parse();
    let exit_code = match run(cli) {
        Ok(()) => ExitCode::Success,
        Err(error) => report(&error),
    };
    process::exit(exit_code.code());
}

fn run(cli: Cli) -> Result<()> {
    let mut out = BufWriter::new(io::stdout().lock());
    let settings = || config::load(&cli.stage, cli.env_file.as_deref());
    match &cli.command {
        Command::New { names } => {
            let names = parse_names(names)?;
            let tasks = Repository::connect(&settings()?)?.add(&names)?;
            output::confirmations(&mut out, &tasks, "added")?;
        }
        Command::Start { names } => {
            let names = parse_names(names)?;
            let tasks = Repository::connect(&settings()?)?.start(&names)?;
            output::confirmations(&mut out, &tasks, "started")?;
        }
        Command::Resolve { names } => {
            let names = parse_names(names)?;
            let settings = settings()?;
            let tasks = Repository::connect(&settings)?.resolve(&names, settings.hourly_rate)?;
            output::confirmations(&mut out, &tasks, "resolved")?;
        }
        Command::Tasks { status } => {
            let tasks = Repository::connect(&settings()?)?.list(status.map(Into::into))?;
            output::task_table(&mut out, &tasks)?;
        }
        Command::Elapsed { name } => {
            let name = parse_name(name)?;
            let task = Repository::connect(&settings()?)?.find(&name)?;
            output::elapsed(&mut out, task.require_elapsed()?)?;
        }
        Command::Cost { name } => {
            let name = parse_name(name)?;
            let task = Repository::connect(&settings()?)?.find(&name)?;
            output::cost(&mut out, task.require_cost()?)?;
        }
        Command::Init => {
            let settings = settings()?;
            Repository::connect(&settings)?.init()?;
            writeln!(out, "Schema ready in {}.", settings.target())?;
        }
        Command::Completions { shell } => out.write_all(&cli::completion_script(*shell))?,
    }
    out.flush()?;
    Ok(())
}

/// Prints the one-line message for a failure and picks its exit code. A reader that went away
/// (`kanban tasks | head -1`) is not a failure: like ripgrep, end quietly.
fn report(error: &anyhow::Error) -> ExitCode {
    let broken_pipe = error.chain().any(|cause| {
        cause
            .downcast_ref::<io::Error>()
            .is_some_and(|io| io.kind() == io::ErrorKind::BrokenPipe)
    });
    if broken_pipe {
        return ExitCode::Success;
    }
    let (exit_code, message) = match error.downcast_ref::<Failure>() {
        Some(failure) => (failure.exit_code, failure.message.clone()),
        None => (ExitCode::Internal, format!("{error:#}")),
    };
    let one_line: String = message
        .chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect();
    // Nothing useful is left to do if stderr is closed too.
    let _ = writeln!(io::stderr(), "kanban: {one_line}");
    exit_code
}
