//! The options every command takes, before its name or after it, and the parse that lets the
//! ones after the name win.

use std::ffi::OsString;
use std::path::PathBuf;

use clap::error::ErrorKind;
use clap::parser::ValueSource;
use clap::{ArgMatches, Args, CommandFactory, FromArgMatches, ValueEnum};
use clap_complete::engine::ArgValueCompleter;

use super::{Cli, ColorChoice, Command, Format};
use crate::completion;

/// The heading of the options every command takes, in every command's help.
pub const GLOBAL_OPTIONS: &str = "Global options";

// The options every command takes, before its name or after it (a plain comment: a doc
// comment would become each command's about). Not clap's `global`, which copies each into
// every command at every start (126 copies, a tenth of a failed connect's time,
// benches/latency.py): `Deferred` adds them to the command being parsed, and `parse` lets
// the ones given after the command's name win.
#[derive(Debug, Clone, Args)]
// Every command's help shows its own options first, the global ones after, under this heading.
#[command(next_help_heading = GLOBAL_OPTIONS)]
pub struct GlobalArgs {
    /// Stage whose settings to use: reads <STAGE>_postgres_config.env
    #[arg(
        long,
        env = "KANBAN_BOARD_STAGE",
        hide_env_values = true,
        default_value = crate::config::DEFAULT_STAGE,
        value_name = "STAGE",
        add = ArgValueCompleter::new(completion::stages)
    )]
    pub stage: String,

    /// Read connection settings from this file instead of the stage's env file
    #[arg(long, value_name = "PATH")]
    pub env_file: Option<PathBuf>,

    /// Connect with this postgres:// URL or key=value string (wins over every other source)
    #[arg(
        long,
        env = "KANBAN_DATABASE_URL",
        hide_env_values = true,
        value_name = "URL"
    )]
    pub database_url: Option<String>,

    /// Output format: table for people; json, csv (RFC 4180) or tsv for scripts, with a header
    /// row in csv and tsv; KANBAN_OUTPUT sets it too
    // Not clap's `env`: clap validates the variable at both levels the option is taken, so
    // an invalid KANBAN_OUTPUT would beat a valid `-o` and break `man` (see `parse`).
    #[arg(
        short,
        long,
        value_enum,
        ignore_case = true,
        default_value_t = Format::Table,
        value_name = "FORMAT"
    )]
    pub output: Format,

    /// When to colour tables: auto colours only a terminal (and honours NO_COLOR)
    #[arg(
        long,
        value_enum,
        default_value_t = ColorChoice::Auto,
        value_name = "WHEN"
    )]
    pub color: ColorChoice,

    /// Print nothing when a change (new, start, stop, resolve, reopen, rename, rm) or init succeeds
    #[arg(short, long)]
    pub quiet: bool,

    /// Never page long tables (tasks, log, board) on a terminal; KANBAN_PAGER or PAGER names
    /// the pager (default less with LESS=FRX), empty or cat for none
    #[arg(long)]
    pub no_pager: bool,
}

/// The global options given after the command's name: each wins over the one before the
/// name, its environment variable or its default. Read value by value, so that a command
/// line without any (the usual one) costs nothing.
struct GivenAfter {
    stage: Option<String>,
    env_file: Option<PathBuf>,
    database_url: Option<String>,
    output: Option<Format>,
    color: Option<ColorChoice>,
    quiet: Option<bool>,
    no_pager: Option<bool>,
}

impl GivenAfter {
    /// From the command's matches (`given`).
    fn read(given: &ArgMatches) -> GivenAfter {
        fn value<T: Clone + Send + Sync + 'static>(given: &ArgMatches, id: &str) -> Option<T> {
            if given.value_source(id) != Some(ValueSource::CommandLine) {
                return None;
            }
            given.try_get_one::<T>(id).ok().flatten().cloned()
        }
        GivenAfter {
            stage: value(given, "stage"),
            env_file: value(given, "env_file"),
            database_url: value(given, "database_url"),
            output: value(given, "output"),
            color: value(given, "color"),
            quiet: value(given, "quiet"),
            no_pager: value(given, "no_pager"),
        }
    }

    fn apply(self, global: &mut GlobalArgs) {
        global.stage = self
            .stage
            .unwrap_or_else(|| std::mem::take(&mut global.stage));
        global.env_file = self.env_file.or_else(|| global.env_file.take());
        global.database_url = self.database_url.or_else(|| global.database_url.take());
        global.output = self.output.unwrap_or(global.output);
        global.color = self.color.unwrap_or(global.color);
        global.quiet = self.quiet.unwrap_or(global.quiet);
        global.no_pager = self.no_pager.unwrap_or(global.no_pager);
    }
}

/// Parses the command line (as `Cli::try_parse_from` would, with the global options given
/// after the command's name winning, and KANBAN_OUTPUT read when `-o` is not given).
pub fn parse(args: &[OsString]) -> Result<Cli, clap::Error> {
    let mut matches = matches(args)?;
    let mut parsed = || {
        let after = matches
            .subcommand()
            .map(|(_, given)| GivenAfter::read(given));
        let output_given = matches.value_source("output") == Some(ValueSource::CommandLine)
            || after.as_ref().is_some_and(|after| after.output.is_some());
        let mut cli = Cli::from_arg_matches_mut(&mut matches)?;
        if let Some(after) = after {
            after.apply(&mut cli.global);
        }
        // The manual and the completion scripts print no records: a variable set for the
        // other commands must not stop them.
        let prints_records = !matches!(cli.command, Command::Man(_) | Command::Completions(_));
        if !output_given
            && prints_records
            && let Some(output) = output_from_environment()?
        {
            cli.global.output = output;
        }
        Ok(cli)
    };
    parsed().map_err(|error: clap::Error| error.format(&mut super::described()))
}

/// The parse, first with only the command being run built: help, the version and every
/// error come from the whole described command line instead, as does a command line that
/// asks for them (a task named `help` takes that way too, only slower).
fn matches(args: &[OsString]) -> Result<ArgMatches, clap::Error> {
    let asks_for_help = args
        .iter()
        .skip(1)
        .any(|arg| ["-h", "--help", "help", "-V", "--version"].contains(&&*arg.to_string_lossy()));
    if !asks_for_help && let Ok(matches) = Cli::command().try_get_matches_from(args) {
        return Ok(matches);
    }
    super::described().try_get_matches_from(args)
}

/// KANBAN_OUTPUT, which sets the format when `-o` is not given (empty counts as unset).
fn output_from_environment() -> Result<Option<Format>, clap::Error> {
    let Some(value) = std::env::var_os("KANBAN_OUTPUT").filter(|value| !value.is_empty()) else {
        return Ok(None);
    };
    let text = value.to_string_lossy();
    Format::from_str(&text, true).map(Some).map_err(|_| {
        // Escaped and cut short: a newline or a terminal escape in it must show, and a
        // runaway value must not flood the one line.
        let mut shown: String = text.chars().take(40).flat_map(char::escape_debug).collect();
        if text.chars().count() > 40 {
            shown.push_str("...");
        }
        clap::Error::raw(
            ErrorKind::InvalidValue,
            format!(
                "invalid value \"{shown}\" for KANBAN_OUTPUT: expected table, json, csv or tsv (or -o FORMAT)\n"
            ),
        )
    })
}
