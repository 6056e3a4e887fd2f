//! The whole command-line surface: every subcommand, flag and help text (the `///` comments).

use clap::{Args, Parser, Subcommand, ValueEnum};
use clap_complete::Shell;
use clap_complete::engine::ArgValueCompleter;

use crate::completion;

mod deferred;
mod global;
pub use deferred::Deferred;
pub use global::{GLOBAL_OPTIONS, GlobalArgs, parse};

use crate::task::{Order, Status};

const EXIT_CODES: &str = "\
Exit codes:
  0  success
  1  unexpected internal error
  2  usage error or invalid input (a bad name, an unknown flag)
  3  no such task
  4  conflict: the name exists, or the task is not in the column the action needs
  5  configuration or authentication problem (no settings, a bad value, password
     rejected, TLS failure, schema missing or of another version: run `kanban init`)
  6  database unreachable (refused, no answer within the connect timeout, or the
     connection lost: the message says whether a change may have been made)
  7  busy: a lock held by another session, or a statement cancelled (too slow,
     or by an administrator); nothing was changed, safe to retry
  130, 143, 129  interrupted (SIGINT, SIGTERM, SIGHUP); the running statement is
     cancelled first";

const EXAMPLES: &str = "\
Examples:
  kanban init                        create the schema in the stage's database
  kanban new \"Build a house\"         add a task to To Do
  kanban start \"Build a house\"       move it to In Progress; its timer starts
  kanban elapsed \"Build a house\"     print its time in work, like 00:15:45
  kanban resolve \"Build a house\"     move it to Done; its cost is fixed
  kanban cost \"Build a house\"        print its cost, like $2.63
  kanban report --round 15m          this week's time and money, by task
  kanban tasks --status done         list the Done column
  kanban board --watch               the board, live, until q
  kanban tasks -o json | jq .        the tasks as JSON (also csv, tsv)
  kanban doctor                      check the settings, the server and the schema";

/// A kanban board in the terminal, kept in PostgreSQL.
///
/// Tasks move To Do -> In Progress -> Done. Tasks in progress have a running timer; done tasks
/// have a cost: time in work x hourly rate ($10/h unless KANBAN_HOURLY_RATE says otherwise).
/// Connection settings come from <STAGE>_postgres_config.env in the current directory or in
/// $XDG_CONFIG_HOME/kanban/ (~/.config/kanban/); variables set in the environment win.
#[derive(Debug, Parser)]
#[command(name = "kanban", version = crate::VERSION)]
pub struct Cli {
    #[command(flatten)]
    pub global: GlobalArgs,

    #[command(subcommand)]
    pub command: Command,
}

/// The whole command line, every command described: for help, errors, the manual and
/// completion. A parse that succeeds needs only the command it runs (`Deferred`).
pub fn described() -> clap::Command {
    deferred::described(<Cli as clap::CommandFactory>::command)
        .after_help(EXAMPLES)
        .after_long_help(format!("{EXAMPLES}\n\n{EXIT_CODES}"))
}

// Each command is described by its arguments struct below (the doc comment is its help, the
// attributes its examples): `Deferred` builds that only for the command being run.
#[derive(Debug, Subcommand)]
pub enum Command {
    New(Deferred<NewArgs>),

    Start(Deferred<StartArgs>),

    Resolve(Deferred<ResolveArgs>),

    // A hidden alias: completion would offer it in place of the command's own name.
    #[command(alias = "pause")]
    Stop(Deferred<StopArgs>),

    Reopen(Deferred<ReopenArgs>),

    Rename(Deferred<RenameArgs>),

    #[command(alias = "remove")]
    Rm(Deferred<RmArgs>),

    Log(Deferred<LogArgs>),

    Tasks(Deferred<TasksArgs>),

    Elapsed(Deferred<ElapsedArgs>),

    Cost(Deferred<CostArgs>),

    Report(Deferred<ReportArgs>),

    Init(Deferred<InitArgs>),

    Board(Deferred<BoardArgs>),

    Doctor(Deferred<DoctorArgs>),

    Grant(Deferred<GrantArgs>),

    Man(Deferred<ManArgs>),

    Completions(Deferred<CompletionsArgs>),
}

// Each command's arguments, built by clap only when it parses or describes that command.

/// Add tasks to To Do
///
/// Several names are added together: all of them, or none if one is taken.
#[derive(Debug, Args)]
#[command(
    after_help = "Examples:\n  kanban new \"Build a house\"\n  kanban new \"Lay bricks\" \"Fit windows\"\n  kanban new -- \"-dash first\"\n  grep -v '^#' todo.txt | kanban new -"
)]
pub struct NewArgs {
    /// Task names: trimmed, one line, at most 200 characters, unique (case-sensitive); or -
    /// to read them from stdin, one per line
    #[arg(required = true, value_name = "NAME")]
    pub names: Vec<String>,
}

/// Move tasks from To Do to In Progress, starting their timers
///
/// Several names move together: all of them, or none if one cannot move.
#[derive(Debug, Args)]
#[command(after_help = "Example:\n  kanban start \"Build a house\"")]
pub struct StartArgs {
    /// Names of tasks in To Do (or their handles, #42), or - to read them
    /// from stdin, one per line
    #[arg(required = true, value_name = "NAME", add = ArgValueCompleter::new(completion::TO_START))]
    pub names: Vec<String>,
}

/// Move tasks from In Progress to Done, fixing their cost
///
/// The timer stops and the hourly rate in force (KANBAN_HOURLY_RATE, default 10) is stored
/// with the task, so a later change of rate does not change its cost. Several names move
/// together: all of them, or none if one cannot move.
#[derive(Debug, Args)]
#[command(
    after_help = "Examples:\n  kanban resolve \"Build a house\"\n  KANBAN_HOURLY_RATE=12.50 kanban resolve \"Lay bricks\""
)]
pub struct ResolveArgs {
    /// Names of tasks in progress (or their handles, #42), or - to read them
    /// from stdin, one per line
    #[arg(required = true, value_name = "NAME", add = ArgValueCompleter::new(completion::TO_RESOLVE))]
    pub names: Vec<String>,
}

/// Move tasks from In Progress back to To Do, pausing their timers (alias: pause)
///
/// The work session ends; the time so far is kept, and `kanban start` resumes the task
/// with a new session. Several names move together: all of them, or none.
#[derive(Debug, Args)]
#[command(after_help = "Example:\n  kanban stop \"Build a house\"")]
pub struct StopArgs {
    /// Names of tasks in progress (or their handles, #42), or - to read them
    /// from stdin, one per line
    #[arg(required = true, value_name = "NAME", add = ArgValueCompleter::new(completion::TO_RESOLVE))]
    pub names: Vec<String>,
}

/// Move tasks from Done back to In Progress
///
/// The end time and the frozen rate are cleared and a new work session starts; the next
/// `kanban resolve` freezes the rate then in force. Several names move together: all of
/// them, or none.
#[derive(Debug, Args)]
#[command(after_help = "Example:\n  kanban reopen \"Build a house\"")]
pub struct ReopenArgs {
    /// Names of done tasks (or their handles, #42), or - to read them
    /// from stdin, one per line
    #[arg(required = true, value_name = "NAME", add = ArgValueCompleter::new(completion::WITH_COST))]
    pub names: Vec<String>,
}

/// Give a task a new name; its sessions and history follow it
#[derive(Debug, Args)]
#[command(after_help = "Example:\n  kanban rename \"Bulid a house\" \"Build a house\"")]
pub struct RenameArgs {
    /// The task's name now, or its handle (#42)
    #[arg(value_name = "OLD", add = ArgValueCompleter::new(completion::ANY))]
    pub old: String,
    /// The new name, under the same rules as `kanban new`
    #[arg(value_name = "NEW")]
    pub new: String,
}

/// Delete tasks, all or none (alias: remove)
///
/// A task in To Do goes as it is. A task In Progress, Done (its cost is billing data) or
/// stopped with time in work recorded goes only with --force. The history keeps each
/// removed task's last state.
#[derive(Debug, Args)]
#[command(
    after_help = "Examples:\n  kanban rm \"Build a hose\"\n  kanban rm --force \"Old invoice item\""
)]
pub struct RmArgs {
    /// Names of tasks to delete (or their handles, #42), or - to read them
    /// from stdin, one per line
    #[arg(required = true, value_name = "NAME", add = ArgValueCompleter::new(completion::ANY))]
    pub names: Vec<String>,
    /// Delete tasks In Progress, Done, or stopped with time in work recorded, too
    #[arg(long, short)]
    pub force: bool,
}

/// Show the history of changes, newest first
///
/// Every change is recorded by the database in the same transaction: created, started,
/// stopped, resolved, reopened, renamed, edited (times changed by hand), removed, and
/// imported (by `kanban init` from an older schema); with who made it (KANBAN_ACTOR, else
/// user@host; outside kanban, the client's application_name) and the database role.
/// A name finds a task by any name it ever had, even once removed.
#[derive(Debug, Args)]
#[command(
    after_help = "Examples:\n  kanban log\n  kanban log \"Build a house\"\n  kanban log --since 2d --limit 50\n  kanban log -o json | jq -r '.[] | \"\\(.at) \\(.action) \\(.name)\"'"
)]
pub struct LogArgs {
    /// Only these tasks (by any name they had, or their handles, #42)
    #[arg(value_name = "NAME", add = ArgValueCompleter::new(completion::ANY))]
    pub names: Vec<String>,
    /// Only changes since WHEN: 30m, 36h, 7d, 2w ago; today, yesterday; YYYY-MM-DD (local
    /// midnight); or an RFC 3339 time
    #[arg(long, value_name = "WHEN", value_parser = crate::when::parse_since)]
    pub since: Option<crate::when::Since>,
    /// Show at most N changes
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u64).range(1..))]
    pub limit: Option<u64>,
}

/// List tasks: a table, or JSON, CSV or TSV with --output
///
/// To Do first, then In Progress, then Done; within a column, oldest first. Tables show
/// times in the local time zone; the other formats in UTC (RFC 3339), streamed row by row.
#[derive(Debug, Args)]
#[command(
    after_help = "Examples:\n  kanban tasks\n  kanban tasks --status in-progress\n  kanban tasks --grep login --sort finished --reverse --limit 5\n  kanban tasks -o json | jq -r '.[] | select(.cost != null) | .cost'"
)]
pub struct TasksArgs {
    /// Only the tasks in this column
    #[arg(long, short, value_enum, ignore_case = true, value_name = "STATUS")]
    pub status: Option<StatusArg>,

    /// Only tasks whose name contains TEXT, ignoring letter case (matched in the database)
    #[arg(long, value_name = "TEXT")]
    pub grep: Option<String>,

    /// Order: board (the default: To Do, In Progress, Done, oldest first in each), name,
    /// created, started or finished (tasks without that time last)
    #[arg(long, value_enum, default_value_t = SortArg::Board, value_name = "ORDER")]
    pub sort: SortArg,

    /// Reverse the order
    #[arg(long, short)]
    pub reverse: bool,

    /// Show at most N tasks
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u64).range(1..))]
    pub limit: Option<u64>,
}

/// Print a task's time in work as HH:MM:SS
///
/// The sum of its work sessions: In Progress, up to now by the database server's clock;
/// Done, or stopped in To Do, the time worked. Hours do not wrap at a day: two days is
/// 48:00:00.
#[derive(Debug, Args)]
#[command(after_help = "Example:\n  t=$(kanban elapsed \"Build a house\")")]
pub struct ElapsedArgs {
    /// A task that has worked: its name, its handle (#42), or a unique case-insensitive
    /// match or start of its name
    #[arg(add = ArgValueCompleter::new(completion::WITH_ELAPSED))]
    pub name: String,
}

/// Print a done task's cost as $D.CC
///
/// Time in work (the sum of its work sessions) x the hourly rate stored when it was
/// resolved, rounded half away from zero to cents.
#[derive(Debug, Args)]
#[command(after_help = "Example:\n  kanban cost \"Build a house\"    # $2.63")]
pub struct CostArgs {
    /// A done task: its name, its handle (#42), or a unique case-insensitive match or
    /// start of its name
    #[arg(add = ArgValueCompleter::new(completion::WITH_COST))]
    pub name: String,
}

/// Time and money over a period, by task, day, week, month or actor
///
/// Counts the work that falls inside the window [--since, --until): work sessions are
/// clipped to it, so a task worked across an edge counts only its part inside; work still
/// running counts up to the server's now and is marked running. Cost is work time x the
/// task's rate: the rate frozen on a Done task, else the rate in force now
/// (KANBAN_HOURLY_RATE, default 10) and the row says the cost is not final. Each row's cost
/// is rounded half away from zero to cents once; the total is the sum of the rows. Days,
/// weeks (ISO, from Monday) and months start at local midnight in --tz, else TZ, else the
/// system's zone; a day across a DST change has 23 or 25 hours.
///
/// WHEN is a span back from now (30m, 36h, 7d, 2w), today, yesterday, a weekday (the most
/// recent, today included), a date (YYYY-MM-DD: local midnight) or an RFC 3339 time.
#[derive(Debug, Args)]
#[command(
    after_help = "Examples:\n  kanban report                                   this week, by task\n  kanban report --since 2026-11-01 --until 2026-12-01 --by task --round 15m\n  kanban report --since 4w --by week --tz Europe/Berlin\n  kanban report --by day -o csv > hours.csv"
)]
pub struct ReportArgs {
    /// Start of the window (default: this week's Monday, 00:00 local time)
    #[arg(long, value_name = "WHEN", allow_hyphen_values = true, value_parser = crate::when::parse)]
    pub since: Option<crate::when::When>,

    /// End of the window, not included (default: now)
    #[arg(long, value_name = "WHEN", allow_hyphen_values = true, value_parser = crate::when::parse)]
    pub until: Option<crate::when::When>,

    /// One row per task, local day, ISO week, month, or actor (who started the work)
    #[arg(long, value_enum, ignore_case = true, default_value_t = GroupBy::Task, value_name = "GROUP")]
    pub by: GroupBy,

    /// Only the work of tasks now in these columns (repeat it, or separate with commas)
    #[arg(
        long,
        short,
        value_enum,
        ignore_case = true,
        value_delimiter = ',',
        value_name = "STATUS"
    )]
    pub status: Vec<StatusArg>,

    /// Bill each row's work time in whole steps of DURATION (6m, 15m, 30m, 1h) before
    /// pricing it; the actual time is shown beside the billed time
    #[arg(long, value_name = "DURATION", allow_hyphen_values = true, value_parser = crate::billing::parse_step)]
    pub round: Option<chrono::TimeDelta>,

    /// Which way --round goes
    #[arg(long, value_enum, ignore_case = true, default_value_t = Rounding::Up, requires = "round", value_name = "WAY")]
    pub rounding: Rounding,

    /// The time zone of days, weeks, months and dates: a name like Europe/Berlin, or an
    /// offset like +05:30 (east of UTC)
    #[arg(long, value_name = "ZONE", allow_hyphen_values = true)]
    pub tz: Option<String>,
}

/// Create or upgrade the schema in the stage's database
///
/// Applies the numbered migration steps the database has not had yet, in one transaction,
/// and records them; a database made by the old Python system is recognised and upgraded
/// in place, keeping every row. Safe to run again, and from many places at once.
#[derive(Debug, Args)]
#[command(after_help = "Examples:\n  kanban init\n  KANBAN_BOARD_STAGE=prod kanban init --dry-run")]
pub struct InitArgs {
    /// Show the steps that would be applied, and change nothing
    #[arg(long)]
    pub dry_run: bool,
}

/// Show the board: To Do, In Progress and Done side by side
///
/// Each column shows its count and its first tasks (up to --limit, then "+N more"): To Do
/// and In Progress the oldest, Done the most recently finished; so even a huge board
/// prints at once. Cards in progress show their running timer, done cards their cost. On a terminal the board fits its width. With --watch it stays on screen,
/// ticking every second and redrawn the moment anyone, anywhere, changes a task.
#[derive(Debug, Args)]
#[command(
    after_help = "Examples:\n  kanban board\n  kanban board --watch\n  kanban board -o json | jq -r '.columns[] | \"\\(.title): \\(.count)\"'"
)]
pub struct BoardArgs {
    /// Show at most this many tasks per column
    #[arg(long, default_value_t = 20, value_name = "N", value_parser = clap::value_parser!(u32).range(1..=100_000))]
    pub limit: u32,

    /// Stay on screen and redraw as the board changes (q or Ctrl-C quits)
    #[arg(long, short)]
    pub watch: bool,

    /// How --watch learns of changes: listen (LISTEN/NOTIFY), poll (a change counter once a
    /// second, for transaction-pooling PgBouncer), or auto (listen unless pooling is detected)
    #[arg(long, value_enum, env = "KANBAN_WATCH_MODE", hide_env_values = true, default_value_t = WatchMode::Auto, value_name = "MODE")]
    pub watch_mode: WatchMode,
}

/// Check the settings, the connection, the schema and this user's rights
///
/// Shows which stage and env file were used, where the database is (never the password),
/// whether the server answers and how fast, its version, whether the schema is present and
/// current, whether this user may read and change tasks, and whether another session
/// locks the task table. Exits 0 when all is well, otherwise with the matching exit code
/// (5 configuration or authentication, 6 unreachable, 7 a lock on the task table).
#[derive(Debug, Args)]
#[command(
    after_help = "Examples:\n  kanban doctor\n  kanban doctor -o json | jq .ok\n  kanban doctor --read-only      # a CI job with read-only credentials"
)]
pub struct DoctorArgs {
    /// Only reading is needed: a role or database that may not change tasks passes
    #[arg(long)]
    pub read_only: bool,
}

/// Let a role read the board, or change it too (run as the kanban_task table's owner)
///
/// --read grants what every reading command needs: USAGE on the schema, SELECT on
/// kanban_task and the old service's task view, task_work and task_event (for `log`), on
/// kanban_schema_version (to explain a version mismatch) and on the kanban_board_changes
/// counter (for `board --watch`). --write adds INSERT, UPDATE and DELETE on kanban_task and
/// task (the sessions and the history are written by the database's triggers). Grants are idempotent; the role must exist (CREATE ROLE ...
/// LOGIN).
#[derive(Debug, Args)]
#[command(after_help = "Examples:\n  kanban grant --read ci_reader\n  kanban grant --write alice")]
pub struct GrantArgs {
    /// The role to grant to
    pub role: String,

    /// Reading only
    #[arg(long, conflicts_with = "write", required_unless_present = "write")]
    pub read: bool,

    /// Reading and changing tasks
    #[arg(long)]
    pub write: bool,
}

/// Print the manual page (roff)
#[derive(Debug, Args)]
#[command(
    after_help = "Examples:\n  kanban man | man -l -\n  kanban man > ~/.local/share/man/man1/kanban.1"
)]
pub struct ManArgs {}

/// Print a shell completion script
#[derive(Debug, Args)]
#[command(
    after_help = "Examples:\n  kanban completions bash > ~/.local/share/bash-completion/completions/kanban\n  kanban completions zsh > ~/.zfunc/_kanban\n  kanban completions fish > ~/.config/fish/completions/kanban.fish"
)]
pub struct CompletionsArgs {
    /// The shell to complete in
    pub shell: Shell,
}

/// How results are written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    // No doc comments: a one-line list of values keeps every command's help short.
    Table,
    Json,
    Csv,
    Tsv,
}

/// The rows of `kanban report`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum GroupBy {
    Task,
    Day,
    Week,
    Month,
    Actor,
}

/// Which way `report --round` rounds work time.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Rounding {
    Up,
    Nearest,
    Down,
}

/// How `board --watch` learns that the board changed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum WatchMode {
    Auto,
    Listen,
    Poll,
}

/// Whether tables are coloured.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ColorChoice {
    Auto,
    Always,
    Never,
}

/// A board column as typed on the command line: the stored label, or the title the table
/// prints ("To Do", "In Progress"), in any letter case.
#[derive(Debug, Clone, Copy, ValueEnum)]
#[value(rename_all = "snake_case")]
pub enum StatusArg {
    #[value(aliases = ["to do", "to-do"])]
    Todo,
    #[value(aliases = ["in-progress", "in progress"])]
    InProgress,
    Done,
}

/// The order of `kanban tasks`.
#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum SortArg {
    Board,
    Name,
    Created,
    Started,
    Finished,
}

impl From<SortArg> for Order {
    fn from(sort: SortArg) -> Order {
        match sort {
            SortArg::Board => Order::Board,
            SortArg::Name => Order::Name,
            SortArg::Created => Order::Created,
            SortArg::Started => Order::Started,
            SortArg::Finished => Order::Finished,
        }
    }
}

impl From<StatusArg> for Status {
    fn from(status: StatusArg) -> Status {
        match status {
            StatusArg::Todo => Status::Todo,
            StatusArg::InProgress => Status::InProgress,
            StatusArg::Done => Status::Done,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_cli_is_well_formed() {
        <Cli as clap::CommandFactory>::command().debug_assert();
        described().debug_assert();
    }
}
