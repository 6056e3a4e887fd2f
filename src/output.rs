//! Rendering for people and scripts: confirmation lines and tables for people; JSON, CSV and
//! TSV records for scripts (a stable contract: fields are only ever added, at the end); and
//! the bare `HH:MM:SS` and `$D.CC` values that `$(kanban ...)` captures.

use std::borrow::Cow;
use std::env;
use std::io::{self, IsTerminal, Write};

use chrono::{DateTime, Datelike, Local, SecondsFormat, TimeDelta, Timelike, Utc};
use comfy_table::{
    Attribute, Cell, CellAlignment, Color, ColumnConstraint, ContentArrangement, Table, Width,
    presets,
};

use rust_decimal::Decimal;

use crate::cli::{ColorChoice, Format};
use crate::config::Settings;
use crate::error::Failure;
use crate::repository::BoardColumn;
use crate::schema::{self, Plan};
use crate::task::{Status, Task, format_cost, format_elapsed};

/// One field of a record, typed so each format can write it faithfully. Task fields borrow
/// from the task, so streaming a listing allocates next to nothing per row.
#[derive(Debug, Clone, PartialEq)]
pub enum Value<'a> {
    Null,
    Text(Cow<'a, str>),
    Integer(i64),
    /// A number already formatted (never money: money is always `Text`).
    Number(String),
    Bool(bool),
    /// A moment, written as RFC 3339 in UTC with microseconds, whatever `TZ` says.
    Time(DateTime<Utc>),
    /// A duration, written as `HH:MM:SS`.
    Clock(TimeDelta),
    /// An exact decimal, written as a string (`"2.63"`): money and rates are never numbers.
    Decimal(Decimal),
    /// A list of whole numbers: a JSON array, space-separated in CSV and TSV.
    Integers(Vec<i64>),
}

impl Value<'_> {
    pub fn text(text: impl Into<String>) -> Value<'static> {
        Value::Text(Cow::Owned(text.into()))
    }
}

/// The fields of a task for scripts, in contract order (the old system's names first).
pub const TASK_FIELDS: [&str; 8] = [
    "name",
    "status",
    "start_datetime",
    "end_datetime",
    "elapsed_time",
    "cost",
    "elapsed_seconds",
    "hourly_rate",
];

fn task_values(task: &Task) -> [Value<'_>; 8] {
    let elapsed = task.elapsed();
    let or_null = |value: Option<Value<'static>>| value.unwrap_or(Value::Null);
    [
        Value::Text(Cow::Borrowed(&task.name)),
        Value::Text(Cow::Borrowed(task.status.label())),
        or_null(task.started.map(Value::Time)),
        or_null(task.finished.map(Value::Time)),
        or_null(elapsed.map(Value::Clock)),
        or_null(task.cost().map(Value::Decimal)),
        or_null(elapsed.map(|elapsed| Value::Integer(elapsed.num_seconds()))),
        or_null(task.hourly_rate.map(Value::Decimal)),
    ]
}

/// Writes `2026-03-01T14:15:45.250000+00:00`: RFC 3339, UTC, always six fractional digits.
/// By hand, because chrono's general formatter is a visible cost over a million rows.
fn write_rfc3339<W: Write + ?Sized>(out: &mut W, time: DateTime<Utc>) -> io::Result<()> {
    let naive = time.naive_utc();
    let year = naive.year();
    if !(0..=9999).contains(&year) {
        return out.write_all(
            time.to_rfc3339_opts(SecondsFormat::Micros, false)
                .as_bytes(),
        );
    }
    let mut buffer = *b"0000-00-00T00:00:00.000000+00:00";
    let mut put = |at: usize, width: usize, mut number: u32| {
        for index in (at..at + width).rev() {
            buffer[index] = b'0' + (number % 10) as u8;
            number /= 10;
        }
    };
    put(0, 4, year.unsigned_abs());
    put(5, 2, naive.month());
    put(8, 2, naive.day());
    put(11, 2, naive.hour());
    put(14, 2, naive.minute());
    put(17, 2, naive.second());
    // A leap second shows as nanoseconds past 1e9; keep the fraction to six digits.
    put(20, 6, naive.nanosecond() / 1000 % 1_000_000);
    out.write_all(&buffer)
}

/// Refuses a `TZ` that names something other than a time zone file: the time library would
/// read all of it (`TZ=/dev/zero` never ends). Names without a file (`UTC`, `IST-5:30`) pass.
pub fn check_time_zone() -> Result<(), Failure> {
    /// Real zone files are a few kilobytes.
    const MAX_ZONE_FILE: u64 = 1024 * 1024;
    let Some(tz) = env::var_os("TZ") else {
        return Ok(());
    };
    let tz = tz.to_string_lossy();
    let name = tz.strip_prefix(':').unwrap_or(&tz);
    if name.is_empty() {
        return Ok(());
    }
    let path = if name.starts_with('/') {
        std::path::PathBuf::from(name)
    } else {
        let dir = env::var_os("TZDIR").unwrap_or_else(|| "/usr/share/zoneinfo".into());
        std::path::Path::new(&dir).join(name)
    };
    // A zone file starts with the magic "TZif".
    let zone_file = |meta: &std::fs::Metadata| {
        meta.is_file()
            && meta.len() <= MAX_ZONE_FILE
            && std::fs::File::open(&path).is_ok_and(|mut file| {
                let mut magic = [0u8; 4];
                std::io::Read::read_exact(&mut file, &mut magic).is_ok() && &magic == b"TZif"
            })
    };
    match std::fs::metadata(&path) {
        Ok(meta) if !zone_file(&meta) => Err(Failure::config(format!(
            "TZ={tz} names {}, which is not a time zone file: use a zone name like Europe/Berlin, or unset TZ",
            path.display()
        ))),
        _ => Ok(()),
    }
}

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

    /// The board: three columns side by side for people, the columns with their tasks for
    /// scripts (JSON), or the shown tasks as records (CSV, TSV).
    pub fn board(&mut self, columns: &[BoardColumn]) -> io::Result<()> {
        match self.format {
            Format::Table => {
                let width = io::stdout()
                    .is_terminal()
                    .then(|| crossterm::terminal::size().ok().map(|(width, _)| width))
                    .flatten();
                let table = board_table(columns, self.color, width);
                writeln!(self.out, "{table}")
            }
            Format::Json => {
                self.out.write_all(b"{\"columns\":[")?;
                for (index, column) in columns.iter().enumerate() {
                    if index > 0 {
                        self.out.write_all(b",")?;
                    }
                    let shown = i64::try_from(column.tasks.len()).unwrap_or(i64::MAX);
                    self.out.write_all(b"\n  {")?;
                    write_json_fields(
                        &mut self.out,
                        &["status", "title", "count", "more"],
                        &[
                            Value::text(column.status.label()),
                            Value::text(column.status.title()),
                            Value::Integer(column.total),
                            Value::Integer(column.total - shown),
                        ],
                    )?;
                    self.out.write_all(b",\"tasks\":[")?;
                    for (index, task) in column.tasks.iter().enumerate() {
                        self.out
                            .write_all(if index == 0 { b"\n    " } else { b",\n    " })?;
                        write_json_object(&mut self.out, &TASK_FIELDS, &task_values(task))?;
                    }
                    self.out.write_all(b"]}")?;
                }
                self.out.write_all(b"\n]}\n")
            }
            Format::Csv | Format::Tsv => {
                let mut records = self.records(&TASK_FIELDS)?;
                for task in columns.iter().flat_map(|column| &column.tasks) {
                    records.task(task)?;
                }
                records.finish()
            }
        }
    }

    /// Starts a stream of task records in a machine format; rows go out as they are given,
    /// through the caller's bounded buffer, so a million tasks need no more memory than one.
    pub fn task_stream(&mut self) -> io::Result<Records<'_, W>> {
        self.records(&TASK_FIELDS)
    }

    fn records<'a>(&'a mut self, names: &'a [&'a str]) -> io::Result<Records<'a, W>> {
        Records::start(&mut self.out, self.format, names)
    }

    /// The task table; times in this machine's local time zone, empty cells where a value
    /// does not apply yet. It fits a terminal's width, wrapping long names.
    pub fn task_table(&mut self, tasks: &[Task]) -> io::Result<()> {
        let mut table = self.table(&["Name", "Status", "Started", "Finished", "Elapsed", "Cost"]);
        for task in tasks {
            let mut status = Cell::new(task.status.title());
            if self.color {
                status = status.fg(match task.status {
                    Status::Todo => Color::Cyan,
                    Status::InProgress => Color::Yellow,
                    Status::Done => Color::Green,
                });
            }
            table.add_row(vec![
                Cell::new(&task.name),
                status,
                Cell::new(task.started.map(local_time).unwrap_or_default()),
                Cell::new(task.finished.map(local_time).unwrap_or_default()),
                Cell::new(task.elapsed().map(format_elapsed).unwrap_or_default()),
                Cell::new(task.cost().map(format_cost).unwrap_or_default()),
            ]);
        }
        // On a narrow terminal the name keeps room to be read, dates break at their space,
        // and the status, timer and cost never break.
        let longest_name = tasks.iter().map(|task| task.name.chars().count()).max();
        // Widths count the cell's padding: one space either side.
        let name_room = longest_name.unwrap_or(0).clamp(4, 16) + 2;
        let constraints = [
            ColumnConstraint::LowerBoundary(Width::Fixed(u16::try_from(name_room).unwrap_or(22))),
            ColumnConstraint::ContentWidth,
            ColumnConstraint::LowerBoundary(Width::Fixed(12)),
            ColumnConstraint::LowerBoundary(Width::Fixed(12)),
            ColumnConstraint::ContentWidth,
            ColumnConstraint::ContentWidth,
        ];
        table.set_constraints(constraints);
        for numeric in [4, 5] {
            if let Some(column) = table.column_mut(numeric) {
                column.set_cell_alignment(CellAlignment::Right);
            }
        }
        writeln!(self.out, "{table}")
    }

    fn table(&self, header: &[&str]) -> Table {
        let mut table = Table::new();
        table
            .load_style(if locale_is_utf8() {
                presets::UTF8_FULL_CONDENSED
            } else {
                presets::ASCII_FULL_CONDENSED
            })
            .set_content_arrangement(ContentArrangement::Dynamic);
        if self.color {
            // We decided on colour ourselves (a terminal, or --color always).
            table.enforce_styling();
            table.set_header(
                header
                    .iter()
                    .map(|title| Cell::new(title).add_attribute(Attribute::Bold)),
            );
        } else {
            table.set_header(header.iter().copied());
        }
        table
    }
}

/// A stream of records: JSON array elements, or CSV/TSV rows under a header. The header (or
/// `[`) is written with the first record or at the end, never before: a listing whose query
/// fails leaves stdout empty.
pub struct Records<'a, W: Write> {
    out: &'a mut W,
    format: Format,
    names: &'a [&'a str],
    count: usize,
    begun: bool,
}

impl<'a, W: Write> Records<'a, W> {
    #[allow(clippy::unnecessary_wraps)]
    fn start(out: &'a mut W, format: Format, names: &'a [&'a str]) -> io::Result<Self> {
        Ok(Records {
            out,
            format,
            names,
            count: 0,
            begun: false,
        })
    }

    fn begin(&mut self) -> io::Result<()> {
        if self.begun {
            return Ok(());
        }
        self.begun = true;
        let header: Vec<Value<'_>> = self
            .names
            .iter()
            .map(|name| Value::Text(Cow::Borrowed(*name)))
            .collect();
        match self.format {
            Format::Json => self.out.write_all(b"["),
            Format::Csv => write_row(self.out, b',', &header, csv_field),
            Format::Tsv | Format::Table => write_row(self.out, b'\t', &header, tsv_field),
        }
    }

    pub fn task(&mut self, task: &Task) -> io::Result<()> {
        self.record(&task_values(task))
    }

    pub fn record(&mut self, values: &[Value<'_>]) -> io::Result<()> {
        self.begin()?;
        match self.format {
            Format::Json => {
                let separator: &[u8] = if self.count == 0 { b"\n  " } else { b",\n  " };
                self.out.write_all(separator)?;
                write_json_object(self.out, self.names, values)?;
            }
            Format::Csv => write_row(self.out, b',', values, csv_field)?,
            Format::Tsv | Format::Table => write_row(self.out, b'\t', values, tsv_field)?,
        }
        self.count += 1;
        Ok(())
    }

    pub fn finish(mut self) -> io::Result<()> {
        self.begin()?;
        if self.format == Format::Json {
            let end: &[u8] = if self.count == 0 { b"]\n" } else { b"\n]\n" };
            self.out.write_all(end)?;
        }
        Ok(())
    }
}

/// Writes a value as CSV/TSV text (nulls are empty fields); `field` applies the format's
/// quoting to free text.
fn write_plain<W: Write + ?Sized>(
    out: &mut W,
    value: &Value<'_>,
    field: fn(&mut W, &str) -> io::Result<()>,
) -> io::Result<()> {
    match value {
        Value::Null => Ok(()),
        Value::Text(text) => field(out, text),
        Value::Number(number) => out.write_all(number.as_bytes()),
        Value::Integer(number) => write_integer(out, i128::from(*number)),
        Value::Bool(flag) => write!(out, "{flag}"),
        Value::Time(time) => write_rfc3339(out, *time),
        Value::Clock(elapsed) => write_clock(out, *elapsed),
        Value::Decimal(number) => write_decimal(out, *number),
        Value::Integers(numbers) => {
            for (index, number) in numbers.iter().enumerate() {
                if index > 0 {
                    out.write_all(b" ")?;
                }
                write_integer(out, i128::from(*number))?;
            }
            Ok(())
        }
    }
}

/// Digits of an integer, without going through `fmt` (a listing writes millions of them).
fn write_integer<W: Write + ?Sized>(out: &mut W, number: i128) -> io::Result<()> {
    let mut buffer = [0u8; 40];
    let mut start = buffer.len();
    let mut rest = number.unsigned_abs();
    loop {
        start -= 1;
        buffer[start] = b'0' + (rest % 10) as u8;
        rest /= 10;
        if rest == 0 {
            break;
        }
    }
    if number < 0 {
        start -= 1;
        buffer[start] = b'-';
    }
    out.write_all(&buffer[start..])
}

/// `HH:MM:SS` as `format_elapsed` gives it, written straight out.
fn write_clock<W: Write + ?Sized>(out: &mut W, elapsed: TimeDelta) -> io::Result<()> {
    let seconds = elapsed.num_seconds().max(0);
    let hours = seconds / 3600;
    if hours < 10 {
        out.write_all(b"0")?;
    }
    write_integer(out, i128::from(hours))?;
    let minutes = seconds % 3600 / 60;
    let seconds = seconds % 60;
    out.write_all(&[
        b':',
        b'0' + (minutes / 10) as u8,
        b'0' + (minutes % 10) as u8,
        b':',
        b'0' + (seconds / 10) as u8,
        b'0' + (seconds % 10) as u8,
    ])
}

/// A decimal as its plain digits, scale kept (`2.60` stays `2.60`), as `Decimal`'s `Display`.
fn write_decimal<W: Write + ?Sized>(out: &mut W, number: Decimal) -> io::Result<()> {
    let scale = number.scale();
    let mantissa = number.mantissa();
    if mantissa < 0 {
        out.write_all(b"-")?;
    }
    let magnitude = mantissa.unsigned_abs();
    let unit = 10u128.pow(scale);
    write_integer(out, i128::try_from(magnitude / unit).unwrap_or(i128::MAX))?;
    if scale > 0 {
        let fraction = magnitude % unit;
        let mut digits = [b'0'; 28];
        let mut rest = fraction;
        for index in (0..scale as usize).rev() {
            digits[index] = b'0' + (rest % 10) as u8;
            rest /= 10;
        }
        out.write_all(b".")?;
        out.write_all(&digits[..scale as usize])?;
    }
    Ok(())
}

fn verbatim<W: Write + ?Sized>(out: &mut W, text: &str) -> io::Result<()> {
    out.write_all(text.as_bytes())
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
            let _ = write_plain(&mut text, other, verbatim);
            String::from_utf8_lossy(&text).into_owned()
        }
    }
}

/// One line of fields between separators.
fn write_row<W: Write + ?Sized>(
    out: &mut W,
    separator: u8,
    values: &[Value<'_>],
    field: fn(&mut W, &str) -> io::Result<()>,
) -> io::Result<()> {
    for (index, value) in values.iter().enumerate() {
        if index > 0 {
            out.write_all(&[separator])?;
        }
        write_plain(out, value, field)?;
    }
    out.write_all(b"\n")
}

/// RFC 4180: quote a field holding a comma, quote or line break; double inner quotes.
fn csv_field<W: Write + ?Sized>(out: &mut W, field: &str) -> io::Result<()> {
    if field
        .bytes()
        .any(|byte| matches!(byte, b',' | b'"' | b'\n' | b'\r'))
    {
        write!(out, "\"{}\"", field.replace('"', "\"\""))
    } else {
        out.write_all(field.as_bytes())
    }
}

/// TSV has no quoting: a tab or line break inside a field would split it. Task names cannot
/// hold either (the schema forbids control characters), and no other field can; if one ever
/// did, it becomes a space rather than a broken row.
fn tsv_field<W: Write + ?Sized>(out: &mut W, field: &str) -> io::Result<()> {
    if field
        .bytes()
        .any(|byte| matches!(byte, b'\t' | b'\n' | b'\r'))
    {
        out.write_all(field.replace(['\t', '\n', '\r'], " ").as_bytes())
    } else {
        out.write_all(field.as_bytes())
    }
}

/// A JSON object of the named fields, on one line.
pub fn write_json_object<W: Write + ?Sized>(
    out: &mut W,
    names: &[&str],
    values: &[Value<'_>],
) -> io::Result<()> {
    out.write_all(b"{")?;
    write_json_fields(out, names, values)?;
    out.write_all(b"}")
}

/// The `"name":value` pairs of a JSON object, without its braces.
fn write_json_fields<W: Write + ?Sized>(
    out: &mut W,
    names: &[&str],
    values: &[Value<'_>],
) -> io::Result<()> {
    for (index, (name, value)) in names.iter().zip(values).enumerate() {
        if index > 0 {
            out.write_all(b",")?;
        }
        write_json_string(out, name)?;
        out.write_all(b":")?;
        match value {
            Value::Null => out.write_all(b"null")?,
            Value::Text(text) => write_json_string(out, text)?,
            Value::Integer(number) => write!(out, "{number}")?,
            Value::Number(number) => out.write_all(number.as_bytes())?,
            Value::Bool(flag) => write!(out, "{flag}")?,
            Value::Integers(numbers) => {
                out.write_all(b"[")?;
                for (index, number) in numbers.iter().enumerate() {
                    if index > 0 {
                        out.write_all(b",")?;
                    }
                    write_integer(out, i128::from(*number))?;
                }
                out.write_all(b"]")?;
            }
            // None of these forms holds a character JSON must escape.
            Value::Time(_) | Value::Clock(_) | Value::Decimal(_) => {
                out.write_all(b"\"")?;
                write_plain(out, value, verbatim)?;
                out.write_all(b"\"")?;
            }
        }
    }
    Ok(())
}

/// A JSON string (RFC 8259): quotes, backslashes and control characters escaped; everything
/// else, emoji included, written as UTF-8.
pub fn write_json_string<W: Write + ?Sized>(out: &mut W, text: &str) -> io::Result<()> {
    out.write_all(b"\"")?;
    let mut plain_from = 0;
    for (index, c) in text.char_indices() {
        let escape = match c {
            '"' => Some("\\\""),
            '\\' => Some("\\\\"),
            '\n' => Some("\\n"),
            '\r' => Some("\\r"),
            '\t' => Some("\\t"),
            c if u32::from(c) < 0x20 => None,
            _ => continue,
        };
        out.write_all(&text.as_bytes()[plain_from..index])?;
        match escape {
            Some(escape) => out.write_all(escape.as_bytes())?,
            None => write!(out, "\\u{:04x}", u32::from(c))?,
        }
        plain_from = index + c.len_utf8();
    }
    out.write_all(&text.as_bytes()[plain_from..])?;
    out.write_all(b"\"")
}

fn local_time(time: DateTime<Utc>) -> String {
    time.with_timezone(&Local)
        .format("%Y-%m-%d %H:%M:%S")
        .to_string()
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

#[cfg(test)]
mod tests {
    use super::*;

    fn json(text: &str) -> String {
        let mut out = Vec::new();
        write_json_string(&mut out, text).unwrap();
        String::from_utf8(out).unwrap()
    }

    fn csv(text: &str) -> String {
        let mut out = Vec::new();
        csv_field(&mut out, text).unwrap();
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn json_strings_escape_what_they_must() {
        assert_eq!(json("plain"), r#""plain""#);
        assert_eq!(json(r#"say "hi" \ bye"#), r#""say \"hi\" \\ bye""#);
        assert_eq!(json("a\nb\tc\u{1}"), r#""a\nb\tc\u0001""#);
        assert_eq!(json("🏠 Дом"), "\"🏠 Дом\"");
    }

    #[test]
    fn csv_fields_are_quoted_only_when_needed() {
        assert_eq!(csv("plain text"), "plain text");
        assert_eq!(csv("a,b"), "\"a,b\"");
        assert_eq!(csv(r#"say "hi""#), r#""say ""hi""""#);
    }

    #[test]
    fn times_are_rfc3339_utc_with_microseconds() {
        let write = |text: &str| {
            let time = DateTime::parse_from_rfc3339(text).unwrap().to_utc();
            let mut out = Vec::new();
            write_rfc3339(&mut out, time).unwrap();
            let fast = String::from_utf8(out).unwrap();
            assert_eq!(fast, time.to_rfc3339_opts(SecondsFormat::Micros, false));
            fast
        };
        assert_eq!(
            write("2026-03-01T14:15:45.25Z"),
            "2026-03-01T14:15:45.250000+00:00"
        );
        assert_eq!(
            write("2026-03-01T19:45:45+05:30"),
            "2026-03-01T14:15:45.000000+00:00"
        );
        assert_eq!(
            write("0001-01-01T00:00:00.000001Z"),
            "0001-01-01T00:00:00.000001+00:00"
        );
        assert_eq!(
            write("9999-12-31T23:59:59.999999Z"),
            "9999-12-31T23:59:59.999999+00:00"
        );
    }

    fn plain(value: Value<'_>) -> String {
        let mut out = Vec::new();
        write_plain(&mut out, &value, verbatim).unwrap();
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn numbers_are_written_as_their_display_forms() {
        for number in [0_i64, 7, -7, 10, 945, i64::MAX, i64::MIN] {
            assert_eq!(plain(Value::Integer(number)), number.to_string());
        }
        for text in [
            "0",
            "2.63",
            "0.05",
            "10",
            "12.5",
            "149.99",
            "1234567.8901",
            "-3.10",
        ] {
            let number: Decimal = text.parse().unwrap();
            assert_eq!(plain(Value::Decimal(number)), number.to_string());
        }
        for seconds in [0_i64, 59, 945, 172_800, 360_000 + 59] {
            let elapsed = TimeDelta::seconds(seconds);
            assert_eq!(plain(Value::Clock(elapsed)), format_elapsed(elapsed));
        }
    }

    #[test]
    fn records_stream_as_a_json_array() {
        let mut out = Vec::new();
        let mut records = Records::start(&mut out, Format::Json, &["a", "b"]).unwrap();
        records.record(&[Value::Integer(1), Value::Null]).unwrap();
        records
            .record(&[Value::Bool(true), Value::text("x")])
            .unwrap();
        records.finish().unwrap();
        assert_eq!(
            String::from_utf8(out).unwrap(),
            "[\n  {\"a\":1,\"b\":null},\n  {\"a\":true,\"b\":\"x\"}\n]\n"
        );
        let mut empty = Vec::new();
        Records::start(&mut empty, Format::Json, &["a"])
            .unwrap()
            .finish()
            .unwrap();
        assert_eq!(empty, b"[]\n");
    }
}
