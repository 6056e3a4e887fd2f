//! Rendering for people, and the choice of format: confirmation lines, tables and the board
//! for people; the machine formats go through `records`; and the bare `HH:MM:SS` and `$D.CC`
//! values that `$(kanban ...)` captures.

use std::env;
use std::io::{self, IsTerminal, Write};

use chrono::TimeDelta;
use comfy_table::{Attribute, Cell, Color, ContentArrangement, Table, presets};

use crate::cli::{ColorChoice, Format};
use crate::config::Settings;
use crate::records::{self, Records, TASK_FIELDS, Value, task_values, write_json_object};
use crate::repository::{BoardColumn, BoardRow};
use crate::schema::{self, Plan};
use crate::task::{Status, Task, format_cost, format_elapsed};
use crate::task_table;

/// Whether tables get colour: `always` and `never` are obeyed; `auto` colours a terminal
/// unless NO_COLOR is set (https://no-color.org) or the terminal is dumb.
pub fn use_color(choice: ColorChoice) -> bool {
    match choice {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto => {
            io::stdout().is_terminal()
                && env::var_os("NO_COLOR").is_none_or(|value| value.is_empty())
                && env::var_os("TERM").is_none_or(|term| term != "dumb")
        }
    }
}

/// Writes every command's results in the chosen format.
pub struct Printer<W: Write> {
    out: W,
    format: Format,
    color: bool,
    quiet: bool,
}

impl<W: Write> Printer<W> {
    pub fn new(out: W, format: Format, color: bool, quiet: bool) -> Self {
        Printer {
            out,
            format,
            color,
            quiet,
        }
    }

    pub fn into_inner(self) -> W {
        self.out
    }

    /// Bytes as they are, whatever the format (completion scripts).
    pub fn raw(&mut self, bytes: &[u8]) -> io::Result<()> {
        self.out.write_all(bytes)
    }

    /// The tasks a transition moved: `Task NAME added.` lines for people (as the old
    /// endpoints answered), the tasks themselves for scripts; nothing at all with `--quiet`.
    pub fn transitions(&mut self, tasks: &[Task], verb: &str) -> io::Result<()> {
        if self.quiet {
            return Ok(());
        }
        if self.format == Format::Table {
            for task in tasks {
                writeln!(self.out, "Task {} {verb}.", task.name)?;
            }
            return Ok(());
        }
        let mut records = self.records(&TASK_FIELDS)?;
        for task in tasks {
            records.task(task)?;
        }
        records.finish()
    }

    /// A task's time in work: `HH:MM:SS` alone for people, the task for scripts.
    pub fn elapsed(&mut self, task: &Task, elapsed: TimeDelta) -> io::Result<()> {
        match self.format {
            Format::Table => writeln!(self.out, "{}", format_elapsed(elapsed)),
            _ => self.one_task(task),
        }
    }

    /// A task's cost: `$D.CC` alone for people, the task for scripts.
    pub fn cost(&mut self, task: &Task, cost: rust_decimal::Decimal) -> io::Result<()> {
        match self.format {
            Format::Table => writeln!(self.out, "{}", format_cost(cost)),
            _ => self.one_task(task),
        }
    }

    fn one_task(&mut self, task: &Task) -> io::Result<()> {
        self.record(&TASK_FIELDS, &task_values(task))
    }

    /// One record of named fields: a two-column table, a JSON object, or a header and a row.
    pub fn record(&mut self, names: &[&str], values: &[Value<'_>]) -> io::Result<()> {
        match self.format {
            Format::Table => {
                let mut table = self.table(&["Check", "Result"]);
                for (name, value) in names.iter().zip(values) {
                    table.add_row([name.replace('_', " "), display(value)]);
                }
                writeln!(self.out, "{table}")
            }
            Format::Json => {
                write_json_object(&mut self.out, names, values)?;
                writeln!(self.out)
            }
            Format::Csv | Format::Tsv => {
                let mut records = self.records(names)?;
                records.record(values)?;
                records.finish()
            }
        }
    }

    /// What `kanban init` did (or, with `--dry-run`, would do).
    pub fn migration(&mut self, plan: &Plan, dry_run: bool, settings: &Settings) -> io::Result<()> {
        let versions: Vec<i64> = plan
            .pending
            .iter()
            .map(|step| step.version.into())
            .collect();
        let listed = versions
            .iter()
            .map(ToString::to_string)
            .collect::<Vec<_>>()
            .join(", ");
        if self.format == Format::Table {
            if let Some(adopted) = plan.adopted {
                writeln!(
                    self.out,
                    "Found {adopted} in {}: it is at schema version {}.",
                    settings.target(),
                    plan.from
                )?;
            }
            return match (dry_run, versions.is_empty()) {
                (_, true) => writeln!(self.out, "Schema already at version {}.", plan.from),
                (true, false) => {
                    writeln!(
                        self.out,
                        "Schema at version {}; kanban init would apply:",
                        plan.from
                    )?;
                    for step in &plan.pending {
                        writeln!(self.out, "  {}  {}", step.version, step.description)?;
                    }
                    Ok(())
                }
                (false, false) => writeln!(
                    self.out,
                    "Schema at version {}: applied {listed}.",
                    schema::VERSION
                ),
            };
        }
        let (version, applied, pending) = if dry_run {
            (plan.from, Vec::new(), versions)
        } else {
            (schema::VERSION, versions, Vec::new())
        };
        self.record(
            &[
                "database", "host", "port", "version", "applied", "pending", "adopted", "dry_run",
            ],
            &[
                Value::text(&settings.dbname),
                Value::text(&settings.host),
                Value::Integer(settings.port.into()),
                Value::Integer(version.into()),
                Value::Integers(applied),
                Value::Integers(pending),
                plan.adopted.map_or(Value::Null, Value::text),
                Value::Bool(dry_run),
            ],
        )
    }

    /// The board for people: three columns side by side.
    pub fn board(&mut self, columns: &[BoardColumn]) -> io::Result<()> {
        let width = io::stdout()
            .is_terminal()
            .then(|| crossterm::terminal::size().ok().map(|(width, _)| width))
            .flatten();
        let table = board_table(columns, self.color, width);
        writeln!(self.out, "{table}")
    }

    /// The board for scripts (JSON: the columns with their counts and tasks; CSV, TSV: the
    /// shown tasks as records), written as the board statement's rows arrive.
    pub fn board_stream(&mut self, limit: i64) -> io::Result<BoardStream<'_, W>> {
        Ok(if self.format == Format::Json {
            BoardStream::Json(JsonBoard {
                out: &mut self.out,
                limit,
                totals: [None; 3],
                held: Default::default(),
                begun: false,
                cards: 0,
            })
        } else {
            BoardStream::Records {
                records: self.records(&TASK_FIELDS)?,
                held: Default::default(),
            }
        })
    }

    /// Starts a stream of task records in a machine format; rows go out as they are given,
    /// through the caller's bounded buffer, so a million tasks need no more memory than one.
    pub fn task_stream(&mut self) -> io::Result<Records<'_, W>> {
        self.records(&TASK_FIELDS)
    }

    fn records<'a>(&'a mut self, names: &'a [&'a str]) -> io::Result<Records<'a, W>> {
        Records::start(&mut self.out, self.format, names)
    }

    /// The task table (see `task_table`).
    pub fn task_table(&mut self, tasks: &[Task]) -> io::Result<()> {
        task_table::write(&mut self.out, tasks, self.color)
    }

    fn table(&self, header: &[&str]) -> Table {
        table(self.color, Some(header))
    }
}

/// A table in kanban's style, fitted to the terminal; `header` in bold when coloured.
pub fn table(color: bool, header: Option<&[&str]>) -> Table {
    let mut table = Table::new();
    table
        .load_style(if locale_is_utf8() {
            presets::UTF8_FULL_CONDENSED
        } else {
            presets::ASCII_FULL_CONDENSED
        })
        .set_content_arrangement(ContentArrangement::Dynamic);
    if color {
        // We decided on colour ourselves (a terminal, or --color always).
        table.enforce_styling();
    }
    match header {
        Some(header) if color => {
            table.set_header(
                header
                    .iter()
                    .map(|title| Cell::new(title).add_attribute(Attribute::Bold)),
            );
        }
        Some(header) => {
            table.set_header(header.iter().copied());
        }
        None => {}
    }
    table
}

/// Box-drawing characters only where the locale says the terminal can show them.
fn locale_is_utf8() -> bool {
    ["LC_ALL", "LC_CTYPE", "LANG"]
        .iter()
        .filter_map(|key| env::var(key).ok())
        .find(|value| !value.is_empty())
        .is_some_and(|value| {
            let value = value.to_ascii_lowercase();
            value.contains("utf-8") || value.contains("utf8")
        })
}

/// The board as three columns side by side: a count in each header; cards with the name, the
/// running timer (In Progress) or the cost (Done); "+N more" under a capped column. Given a
/// width (a terminal's), it fits it, wrapping long names; otherwise nothing wraps.
pub fn board_table(columns: &[BoardColumn], color: bool, width: Option<u16>) -> Table {
    let mut table = Table::new();
    table.load_style(if locale_is_utf8() {
        presets::UTF8_FULL
    } else {
        presets::ASCII_FULL
    });
    if let Some(width) = width {
        table
            .set_width(width)
            .set_content_arrangement(ContentArrangement::DynamicFullWidth);
    } else {
        table.set_content_arrangement(ContentArrangement::Disabled);
    }
    let colour_of = |status: Status| match status {
        Status::Todo => Color::Cyan,
        Status::InProgress => Color::Yellow,
        Status::Done => Color::Green,
    };
    let header: Vec<Cell> = columns
        .iter()
        .map(|column| {
            let title = format!("{} ({})", column.status.title(), column.total);
            if color {
                Cell::new(title)
                    .fg(colour_of(column.status))
                    .add_attribute(Attribute::Bold)
            } else {
                Cell::new(title)
            }
        })
        .collect();
    if color {
        table.enforce_styling();
    }
    table.set_header(header);
    let card = |task: &Task| match (task.status, task.elapsed(), task.cost()) {
        (Status::Done, _, Some(cost)) => format!("{}\n{}", task.name, format_cost(cost)),
        (Status::InProgress, Some(elapsed), _) => {
            format!("{}\n{}", task.name, format_elapsed(elapsed))
        }
        // Stopped: the time so far, marked as not running.
        (Status::Todo, Some(elapsed), _) => {
            format!("{}\npaused {}", task.name, format_elapsed(elapsed))
        }
        _ => task.name.clone(),
    };
    let more = |column: &BoardColumn| {
        let hidden = column.total - i64::try_from(column.tasks.len()).unwrap_or(i64::MAX);
        (hidden > 0).then(|| format!("+{hidden} more"))
    };
    let rows = columns
        .iter()
        .map(|column| column.tasks.len() + usize::from(more(column).is_some()))
        .max()
        .unwrap_or(0);
    for index in 0..rows {
        table.add_row(columns.iter().map(|column| match column.tasks.get(index) {
            Some(task) => card(task),
            None if index == column.tasks.len() => more(column).unwrap_or_default(),
            None => String::new(),
        }));
    }
    table
}

/// A value for a person reading a table.
fn display(value: &Value<'_>) -> String {
    match value {
        Value::Null => "-".to_owned(),
        Value::Bool(true) => "yes".to_owned(),
        Value::Bool(false) => "no".to_owned(),
        other => {
            let mut text = Vec::new();
            // Writing to a Vec cannot fail.
            let _ = records::write_plain(&mut text, other, records::verbatim);
            String::from_utf8_lossy(&text).into_owned()
        }
    }
}

/// The board for scripts, written as its rows arrive. The To Do column goes out at once
/// (in JSON once its count is known); the later columns are held until the statement ends:
/// the server may interleave the columns (never reorder one), so only the first is sure to
/// come whole and in order. A board whose To Do column is long thus streams.
pub enum BoardStream<'a, W: Write> {
    Records {
        records: Records<'a, W>,
        /// In Progress and Done cards, until the end.
        held: [Vec<Task>; 2],
    },
    Json(JsonBoard<'a, W>),
}

impl<W: Write> BoardStream<'_, W> {
    /// Whether the rows must include each column's count (only JSON shows them).
    pub fn needs_counts(&self) -> bool {
        matches!(self, BoardStream::Json(_))
    }

    pub fn row(&mut self, row: BoardRow) -> io::Result<()> {
        match (self, row) {
            (BoardStream::Records { records, held }, BoardRow::Card(status, task)) => {
                match status {
                    Status::Todo => records.task(&task)?,
                    Status::InProgress => held[0].push(task),
                    Status::Done => held[1].push(task),
                }
            }
            (BoardStream::Records { .. }, BoardRow::Count(..)) => {}
            (BoardStream::Json(board), row) => board.row(row)?,
        }
        Ok(())
    }

    pub fn finish(self) -> io::Result<()> {
        match self {
            BoardStream::Records { mut records, held } => {
                for task in held.iter().flatten() {
                    records.task(task)?;
                }
                records.finish()
            }
            BoardStream::Json(board) => board.finish(),
        }
    }
}

/// The board as one JSON document: `{"columns":[{status, title, count, more, tasks}]}`.
pub struct JsonBoard<'a, W: Write> {
    out: &'a mut W,
    limit: i64,
    totals: [Option<i64>; 3],
    held: [Vec<Task>; 3],
    /// The document and the first column's head are written.
    begun: bool,
    /// Cards written in the column being written.
    cards: usize,
}

impl<W: Write> JsonBoard<'_, W> {
    fn row(&mut self, row: BoardRow) -> io::Result<()> {
        match row {
            BoardRow::Count(status, total) => self.totals[status.index()] = Some(total),
            BoardRow::Card(Status::Todo, task) if self.totals[0].is_some() => {
                self.begin()?;
                self.card(&task)?;
            }
            BoardRow::Card(status, task) => self.held[status.index()].push(task),
        }
        Ok(())
    }

    /// The document's start and the first column's head, once, with its held cards.
    fn begin(&mut self) -> io::Result<()> {
        if self.begun {
            return Ok(());
        }
        self.begun = true;
        self.out.write_all(b"{\"columns\":[")?;
        self.head(Status::Todo)?;
        for task in std::mem::take(&mut self.held[0]) {
            self.card(&task)?;
        }
        Ok(())
    }

    fn finish(mut self) -> io::Result<()> {
        self.begin()?;
        self.out.write_all(b"]}")?;
        for status in [Status::InProgress, Status::Done] {
            self.head(status)?;
            for task in std::mem::take(&mut self.held[status.index()]) {
                self.card(&task)?;
            }
            self.out.write_all(b"]}")?;
        }
        self.out.write_all(b"\n]}\n")
    }

    /// A column's head: its status, count and how many more it holds than it shows.
    fn head(&mut self, status: Status) -> io::Result<()> {
        let total = self.totals[status.index()].unwrap_or(0);
        self.cards = 0;
        self.out.write_all(if status == Status::Todo {
            b"\n  {"
        } else {
            b",\n  {"
        })?;
        records::write_json_fields(
            &mut self.out,
            &["status", "title", "count", "more"],
            &[
                Value::text(status.label()),
                Value::text(status.title()),
                Value::Integer(total),
                Value::Integer(total - total.min(self.limit)),
            ],
        )?;
        self.out.write_all(b",\"tasks\":[")
    }

    fn card(&mut self, task: &Task) -> io::Result<()> {
        self.out.write_all(if self.cards == 0 {
            b"\n    "
        } else {
            b",\n    "
        })?;
        self.cards += 1;
        write_json_object(&mut self.out, &TASK_FIELDS, &task_values(task))
    }
}
