//! The history of changes (`kanban log`): one event per change, for people as a table and
//! for scripts as records with fixed field names. Streamed: a million events print in the
//! memory of one (the table included: it is printed in pages, as `task_table` does).

use std::io::{self, IsTerminal, Write};

use chrono::{DateTime, TimeDelta, Utc};
use comfy_table::{ColumnConstraint, ContentArrangement, Width};
use rust_decimal::Decimal;

use crate::cli::Format;
use crate::output::table;
use crate::records::{Records, Value};
use crate::task::Status;
use crate::time_zone;

/// One recorded change, with the task's state after it (for a removal, its last state).
#[derive(Debug, Clone, PartialEq)]
pub struct Event {
    pub id: i64,
    pub at: DateTime<Utc>,
    /// created, started, stopped, resolved, reopened, renamed, edited, removed, imported
    pub action: String,
    pub task_id: i64,
    /// The task's name at that time (after a rename: the new one).
    pub name: String,
    /// The name before a rename.
    pub old_name: Option<String>,
    pub from: Option<Status>,
    pub to: Option<Status>,
    pub actor: String,
    pub role: String,
    pub started: Option<DateTime<Utc>>,
    pub finished: Option<DateTime<Utc>>,
    pub hourly_rate: Option<Decimal>,
    pub worked: Option<TimeDelta>,
}

/// The field names of `-o json/csv/tsv`, in order.
pub const EVENT_FIELDS: [&str; 14] = [
    "id",
    "at",
    "action",
    "task_id",
    "name",
    "old_name",
    "from_status",
    "to_status",
    "actor",
    "role",
    "start_datetime",
    "end_datetime",
    "hourly_rate",
    "worked_seconds",
];

/// Rows of the table printed at a time.
const PAGE: usize = 500;

/// Writes events as they arrive: records for scripts, a table in pages for people.
pub struct EventWriter<'a, W: Write> {
    inner: Inner<'a, W>,
    color: bool,
}

enum Inner<'a, W: Write> {
    Records(Records<'a, W>),
    Table {
        out: &'a mut W,
        page: Vec<Event>,
        widths: [u16; 5],
        /// The bottom border of the table so far, printed once the last page is out.
        bottom: Option<String>,
    },
}

impl<'a, W: Write> EventWriter<'a, W> {
    pub fn start(out: &'a mut W, format: Format, color: bool) -> io::Result<Self> {
        let inner = if format == Format::Table {
            Inner::Table {
                out,
                page: Vec::with_capacity(PAGE),
                widths: widths(),
                bottom: None,
            }
        } else {
            Inner::Records(Records::start(out, format, &EVENT_FIELDS)?)
        };
        Ok(EventWriter { inner, color })
    }

    pub fn event(&mut self, event: Event) -> io::Result<()> {
        match &mut self.inner {
            Inner::Records(records) => records.record(&values(&event)),
            Inner::Table { page, .. } => {
                page.push(event);
                if page.len() == PAGE {
                    self.flush_page()?;
                }
                Ok(())
            }
        }
    }

    pub fn finish(mut self) -> io::Result<()> {
        self.flush_page()?;
        match self.inner {
            Inner::Records(records) => records.finish(),
            Inner::Table { out, bottom, .. } => match bottom {
                Some(bottom) => writeln!(out, "{bottom}"),
                None => writeln!(out, "No changes recorded."),
            },
        }
    }

    /// Prints the page held as part of one long table: the header and top border with the
    /// first page only, the bottom border kept for the end. Columns have fixed widths, so
    /// pages line up without knowing what comes later; a long name wraps in its column.
    fn flush_page(&mut self) -> io::Result<()> {
        let color = self.color;
        let Inner::Table {
            out,
            page,
            widths,
            bottom,
        } = &mut self.inner
        else {
            return Ok(());
        };
        if page.is_empty() {
            return Ok(());
        }
        let first = bottom.is_none();
        let mut table = table(color, first.then_some(&HEADER[..]));
        table.set_content_arrangement(ContentArrangement::Disabled);
        for event in page.drain(..) {
            table.add_row(row(&event));
        }
        table.set_constraints(
            widths
                .iter()
                .map(|width| ColumnConstraint::Absolute(Width::Fixed(*width))),
        );
        let rendered = table.to_string();
        let mut lines: Vec<&str> = rendered.lines().collect();
        *bottom = lines.pop().map(str::to_owned);
        for line in lines.iter().skip(usize::from(!first)) {
            writeln!(out, "{line}")?;
        }
        Ok(())
    }
}

const HEADER: [&str; 5] = ["When", "Change", "Task", "Column", "By"];

/// Column widths with padding: a local time, the longest action and the longest move
/// between columns fit exactly; the task and who made the change share what the terminal
/// has left (120 columns when not a terminal), wrapping what is longer.
fn widths() -> [u16; 5] {
    const FIXED: u16 = 21 + 10 + 21;
    const BORDERS: u16 = 6;
    // Asked only of a terminal: without one, crossterm falls back to running `tput`.
    let total = if std::io::stdout().is_terminal() {
        crossterm::terminal::size().map_or(120, |(columns, _)| columns)
    } else {
        120
    };
    let rest = total.saturating_sub(FIXED + BORDERS).max(24);
    let task = rest * 11 / 20;
    [21, 10, task, 21, rest - task]
}

fn row(event: &Event) -> [String; 5] {
    let task = match &event.old_name {
        Some(old) => format!("{old} → {}", event.name),
        None => event.name.clone(),
    };
    let column = match (event.from, event.to) {
        (Some(from), Some(to)) if from != to => format!("{} → {}", from.title(), to.title()),
        (_, Some(to)) => to.title().to_owned(),
        (Some(from), None) => from.title().to_owned(),
        (None, None) => String::new(),
    };
    let by = if event.actor == event.role {
        event.actor.clone()
    } else {
        format!("{} ({})", event.actor, event.role)
    };
    [
        time_zone::local_time(event.at),
        event.action.clone(),
        task,
        column,
        by,
    ]
}

fn values(event: &Event) -> [Value<'_>; 14] {
    let or_null = |value: Option<Value<'static>>| value.unwrap_or(Value::Null);
    [
        Value::Integer(event.id),
        Value::Time(event.at),
        Value::text(event.action.as_str()),
        Value::Integer(event.task_id),
        Value::text(event.name.as_str()),
        or_null(event.old_name.clone().map(Value::text)),
        or_null(event.from.map(|status| Value::text(status.label()))),
        or_null(event.to.map(|status| Value::text(status.label()))),
        Value::text(event.actor.as_str()),
        Value::text(event.role.as_str()),
        or_null(event.started.map(Value::Time)),
        or_null(event.finished.map(Value::Time)),
        or_null(event.hourly_rate.map(Value::Decimal)),
        or_null(
            event
                .worked
                .map(|worked| Value::Integer(worked.num_seconds())),
        ),
    ]
}
