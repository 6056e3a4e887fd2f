//! `kanban report`: time and money over a window, one row per task, day, week, month or
//! actor. For people a table with a totals row; for scripts JSON (the window, the rows and
//! the total) or CSV/TSV (the rows only, under one header line). Rows stream from the server;
//! only the table holds them (it must measure its columns).

use std::io::{self, Write};

use chrono::TimeDelta;
use comfy_table::{CellAlignment, ColumnConstraint, Table, Width};
use rust_decimal::Decimal;

use crate::billing;
use crate::cli::{Format, GroupBy, Rounding};
use crate::output::table;
use crate::records::{Records, Value, write_json_fields};
use crate::repository::{ReportLine, Summed, Window};
use crate::task::{Status, format_cost, format_elapsed};

/// `--round` and `--rounding`.
#[derive(Debug, Clone, Copy)]
pub struct Billing {
    pub step: Option<TimeDelta>,
    pub rounding: Rounding,
}

/// A row priced: the actual and the billed time, and the cost of the billed time.
#[derive(Debug, Clone, PartialEq)]
struct Row {
    key: String,
    status: Option<Status>,
    worked: i64,
    billed: i64,
    cost: Decimal,
    settled: bool,
    running: bool,
}

impl Row {
    fn priced(summed: Summed, billing: Billing) -> io::Result<Row> {
        let too_large = || {
            io::Error::other(format!(
                "the cost of `{}` is too large to compute",
                summed.key
            ))
        };
        let billed = match billing.step {
            Some(step) => {
                billing::round_time(summed.micros, step, billing.rounding).ok_or_else(too_large)?
            }
            None => summed.micros,
        };
        let cost = billing::price(summed.weighted, summed.micros, billed).ok_or_else(too_large)?;
        Ok(Row {
            key: summed.key,
            status: summed.status,
            worked: summed.micros,
            billed,
            cost,
            settled: summed.settled,
            running: summed.running,
        })
    }

    /// The fields of `-o json/csv/tsv`, in `fields` order.
    fn values(&self) -> Vec<Value<'_>> {
        let mut values = vec![Value::text(self.key.as_str())];
        values.push(
            self.status
                .map_or(Value::Null, |status| Value::text(status.label())),
        );
        values.extend(amounts(
            i128::from(self.worked),
            i128::from(self.billed),
            self.cost,
            self.settled,
            self.running,
        ));
        values
    }
}

/// The fields every row and the total share.
const AMOUNT_FIELDS: [&str; 7] = [
    "worked",
    "worked_seconds",
    "billed",
    "billed_seconds",
    "cost",
    "final",
    "running",
];

fn amounts(
    worked: i128,
    billed: i128,
    cost: Decimal,
    settled: bool,
    running: bool,
) -> [Value<'static>; 7] {
    [
        Value::Clock(duration(worked)),
        Value::Number(seconds(worked)),
        Value::Clock(duration(billed)),
        Value::Number(seconds(billed)),
        Value::Decimal(cost),
        Value::Bool(settled),
        Value::Bool(running),
    ]
}

/// Microseconds as seconds, exactly: `5400`, `5400.5`, `0.000001`.
/// A time in work as a duration for HH:MM:SS, which shows whole seconds: exact to the
/// microsecond up to 292,000 years (i64 microseconds), to the millisecond beyond, and held at
/// the largest duration past 292 million years.
fn duration(micros: i128) -> TimeDelta {
    i64::try_from(micros).map_or_else(
        |_| {
            i64::try_from(micros / 1000)
                .ok()
                .and_then(TimeDelta::try_milliseconds)
                .unwrap_or(if micros < 0 {
                    TimeDelta::MIN
                } else {
                    TimeDelta::MAX
                })
        },
        TimeDelta::microseconds,
    )
}

fn seconds(micros: i128) -> String {
    let whole = micros / 1_000_000;
    let fraction = (micros % 1_000_000).abs();
    if fraction == 0 {
        return whole.to_string();
    }
    let sign = if micros < 0 && whole == 0 { "-" } else { "" };
    let digits = format!("{fraction:06}");
    format!("{sign}{whole}.{}", digits.trim_end_matches('0'))
}

/// The fields of a row, by what the rows are.
fn fields(group_by: GroupBy) -> &'static [&'static str] {
    const AMOUNTS: [&str; 7] = AMOUNT_FIELDS;
    macro_rules! row_fields {
        ($key:literal) => {
            &[
                $key, "status", AMOUNTS[0], AMOUNTS[1], AMOUNTS[2], AMOUNTS[3], AMOUNTS[4],
                AMOUNTS[5], AMOUNTS[6],
            ]
        };
    }
    match group_by {
        GroupBy::Task => row_fields!("task"),
        GroupBy::Day => row_fields!("day"),
        GroupBy::Week => row_fields!("week"),
        GroupBy::Month => row_fields!("month"),
        GroupBy::Actor => row_fields!("actor"),
    }
}

/// The name of a row's key, as a field and as a column title.
fn key_name(group_by: GroupBy) -> (&'static str, &'static str) {
    match group_by {
        GroupBy::Task => ("task", "Task"),
        GroupBy::Day => ("day", "Day"),
        GroupBy::Week => ("week", "Week"),
        GroupBy::Month => ("month", "Month"),
        GroupBy::Actor => ("actor", "Actor"),
    }
}

/// The sums of the rows: the totals row of an invoice adds up its lines. Wider than a row's
/// times: rows of the longest work the server can hold add up past 64 bits of microseconds.
#[derive(Debug)]
struct Total {
    worked: i128,
    billed: i128,
    cost: Decimal,
    settled: bool,
    running: bool,
    rows: usize,
}

impl Total {
    fn add(&mut self, row: &Row) {
        self.worked += i128::from(row.worked);
        self.billed += i128::from(row.billed);
        self.cost += row.cost;
        self.settled &= row.settled;
        self.running |= row.running;
        self.rows += 1;
    }
}

/// Where the lines go: CSV and TSV through `Records`, JSON and the table as they are.
enum Sink<'a, W: Write> {
    Records(Records<'a, W>),
    Out(&'a mut W),
}

/// Writes a report as its lines arrive.
pub struct ReportWriter<'a, W: Write> {
    sink: Sink<'a, W>,
    format: Format,
    color: bool,
    group_by: GroupBy,
    billing: Billing,
    zone: &'a str,
    window: Option<Window>,
    /// The table's rows (only the table holds them).
    rows: Vec<Row>,
    total: Total,
}

impl<'a, W: Write> ReportWriter<'a, W> {
    pub fn new(
        out: &'a mut W,
        format: Format,
        color: bool,
        group_by: GroupBy,
        billing: Billing,
        zone: &'a str,
    ) -> io::Result<Self> {
        let sink = match format {
            Format::Csv | Format::Tsv => {
                Sink::Records(Records::start(out, format, fields(group_by))?)
            }
            Format::Json | Format::Table => Sink::Out(out),
        };
        Ok(ReportWriter {
            sink,
            format,
            color,
            group_by,
            billing,
            zone,
            window: None,
            rows: Vec::new(),
            total: Total {
                worked: 0,
                billed: 0,
                cost: Decimal::new(0, 2),
                settled: true,
                running: false,
                rows: 0,
            },
        })
    }

    pub fn line(&mut self, line: ReportLine) -> io::Result<()> {
        match line {
            ReportLine::Window(window) => {
                self.window = Some(window);
                Ok(())
            }
            ReportLine::Row(summed) => {
                let row = Row::priced(summed, self.billing)?;
                self.total.add(&row);
                match &mut self.sink {
                    Sink::Records(records) => records.record(&row.values())?,
                    Sink::Out(out) if self.format == Format::Json => {
                        // Written with the first row priced, so a failure leaves no document.
                        if self.total.rows == 1 {
                            json_head(*out, self.window.as_ref(), self.zone, self.group_by)?;
                        }
                        out.write_all(if self.total.rows == 1 {
                            b"\n  {"
                        } else {
                            b",\n  {"
                        })?;
                        write_json_fields(*out, fields(self.group_by), &row.values())?;
                        out.write_all(b"}")?;
                    }
                    Sink::Out(_) => self.rows.push(row),
                }
                Ok(())
            }
        }
    }

    pub fn finish(self) -> io::Result<()> {
        let total = &self.total;
        let out = match self.sink {
            Sink::Records(records) => return records.finish(),
            Sink::Out(out) => out,
        };
        match self.format {
            Format::Json => {
                if total.rows == 0 {
                    json_head(out, self.window.as_ref(), self.zone, self.group_by)?;
                }
                out.write_all(if total.rows == 0 {
                    b"],\"total\":{"
                } else {
                    b"\n],\"total\":{"
                })?;
                write_json_fields(
                    out,
                    &AMOUNT_FIELDS,
                    &amounts(
                        total.worked,
                        total.billed,
                        total.cost,
                        total.settled,
                        total.running,
                    ),
                )?;
                out.write_all(b"}}\n")
            }
            _ => {
                let title = match &self.window {
                    Some(window) => format!(
                        "from {} to {} ({})",
                        window.since_local, window.until_local, self.zone
                    ),
                    None => String::new(),
                };
                if self.rows.is_empty() {
                    return writeln!(out, "No work {title}.");
                }
                writeln!(out, "Work {title}")?;
                writeln!(
                    out,
                    "{}",
                    table_of(&self.rows, total, self.group_by, self.billing, self.color)
                )
            }
        }
    }
}

/// `{"since":...,"until":...,"time_zone":...,"group_by":...,"rows":[`
fn json_head<W: Write + ?Sized>(
    out: &mut W,
    window: Option<&Window>,
    zone: &str,
    group_by: GroupBy,
) -> io::Result<()> {
    out.write_all(b"{")?;
    write_json_fields(
        out,
        &["since", "until", "time_zone", "group_by"],
        &[
            window.map_or(Value::Null, |window| Value::Time(window.since)),
            window.map_or(Value::Null, |window| Value::Time(window.until)),
            Value::text(zone),
            Value::text(key_name(group_by).0),
        ],
    )?;
    out.write_all(b",\"rows\":[")
}

/// The table for people: the rows, then the totals row; times and money right-aligned.
fn table_of(
    rows: &[Row],
    total: &Total,
    group_by: GroupBy,
    billing: Billing,
    color: bool,
) -> Table {
    let by_task = group_by == GroupBy::Task;
    let rounded = billing.step.is_some();
    let mut header = vec![key_name(group_by).1];
    if by_task {
        header.push("Status");
    }
    header.push("Worked");
    if rounded {
        header.push("Billed");
    }
    header.extend(["Cost", "Note"]);
    let mut table = table(color, Some(&header));
    let line = |key: String,
                status: Option<Status>,
                worked: i128,
                billed: i128,
                cost: Decimal,
                settled: bool,
                running: bool| {
        let mut cells = vec![key];
        if by_task {
            cells.push(status.map_or_else(String::new, |status| status.title().to_owned()));
        }
        cells.push(format_elapsed(duration(worked)));
        if rounded {
            cells.push(format_elapsed(duration(billed)));
        }
        cells.push(format_cost(cost));
        let note = match (running, settled) {
            (true, _) => "running, not final",
            (false, false) => "not final",
            (false, true) => "",
        };
        cells.push(note.to_owned());
        cells
    };
    for row in rows {
        table.add_row(line(
            row.key.clone(),
            row.status,
            i128::from(row.worked),
            i128::from(row.billed),
            row.cost,
            row.settled,
            row.running,
        ));
    }
    table.add_row(line(
        "Total".to_owned(),
        None,
        total.worked,
        total.billed,
        total.cost,
        total.settled,
        total.running,
    ));
    // Times and money never wrap; a long key wraps in a column of at least 12.
    let longest_key = rows.iter().map(|row| row.key.chars().count()).max();
    let key_room = u16::try_from(longest_key.unwrap_or(0).clamp(5, 12) + 2).unwrap_or(14);
    let mut constraints = vec![ColumnConstraint::LowerBoundary(Width::Fixed(key_room))];
    constraints.resize(header.len() - 1, ColumnConstraint::ContentWidth);
    // The note wraps ("running, / not final") rather than push the table past 80 columns.
    constraints.push(ColumnConstraint::LowerBoundary(Width::Fixed(11)));
    table.set_constraints(constraints);
    let first_amount = if by_task { 2 } else { 1 };
    let amount_columns = if rounded { 3 } else { 2 };
    for index in first_amount..first_amount + amount_columns {
        if let Some(column) = table.column_mut(index) {
            column.set_cell_alignment(CellAlignment::Right);
        }
    }
    table
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn seconds_are_exact() {
        assert_eq!(seconds(5_400_000_000), "5400");
        assert_eq!(seconds(5_400_500_000), "5400.5");
        assert_eq!(seconds(1), "0.000001");
        assert_eq!(seconds(0), "0");
        assert_eq!(seconds(-1_500_000), "-1.5");
    }

    #[test]
    fn totals_add_up_past_64_bits_of_microseconds() {
        let longest = Row {
            key: "a".to_owned(),
            status: None,
            worked: i64::MAX - 1,
            billed: i64::MAX - 1,
            cost: Decimal::ZERO,
            settled: true,
            running: false,
        };
        let mut total = Total {
            worked: 0,
            billed: 0,
            cost: Decimal::ZERO,
            settled: true,
            running: false,
            rows: 0,
        };
        for _ in 0..3 {
            total.add(&longest);
        }
        let micros = 3 * i128::from(i64::MAX - 1);
        assert_eq!(total.worked, micros);
        assert_eq!(seconds(total.worked), "27670116110564.327418");
        assert_eq!(duration(total.worked).num_seconds(), 27_670_116_110_564);
        assert_eq!(duration(i128::from(i64::MAX) * 1_000_000), TimeDelta::MAX);
        assert_eq!(duration(-i128::from(i64::MAX) * 1_000_000), TimeDelta::MIN);
    }
}
