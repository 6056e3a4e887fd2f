//! Rendering for people and scripts: confirmation lines, the task table, and the bare
//! `HH:MM:SS` and `$D.CC` values that `$(kanban ...)` captures.

use std::env;
use std::io::{self, Write};

use chrono::{DateTime, Local, Utc};
use comfy_table::{CellAlignment, ContentArrangement, Table, presets};

use crate::task::{Task, format_cost, format_elapsed};

/// `Task NAME added.` (or started, resolved) for each task, as the old endpoints answered.
pub fn confirmations(out: &mut impl Write, tasks: &[Task], verb: &str) -> io::Result<()> {
    for task in tasks {
        writeln!(out, "Task {} {verb}.", task.name)?;
    }
    Ok(())
}

pub fn elapsed(out: &mut impl Write, elapsed: chrono::TimeDelta) -> io::Result<()> {
    writeln!(out, "{}", format_elapsed(elapsed))
}

pub fn cost(out: &mut impl Write, cost: rust_decimal::Decimal) -> io::Result<()> {
    writeln!(out, "{}", format_cost(cost))
}

/// The task table; times in this machine's local time zone, empty cells where a value does
/// not apply yet.
pub fn task_table(out: &mut impl Write, tasks: &[Task]) -> io::Result<()> {
    let mut table = Table::new();
    table
        .load_style(if locale_is_utf8() {
            presets::UTF8_FULL_CONDENSED
        } else {
            presets::ASCII_FULL_CONDENSED
        })
        .set_content_arrangement(ContentArrangement::Dynamic)
        .set_header(["Name", "Status", "Started", "Finished", "Elapsed", "Cost"]);
    for task in tasks {
        table.add_row([
            task.name.clone(),
            task.status.title().to_owned(),
            task.started.map(local_time).unwrap_or_default(),
            task.finished.map(local_time).unwrap_or_default(),
            task.elapsed().map(format_elapsed).unwrap_or_default(),
            task.cost().map(format_cost).unwrap_or_default(),
        ]);
    }
    for numeric in [4, 5] {
        if let Some(column) = table.column_mut(numeric) {
            column.set_cell_alignment(CellAlignment::Right);
        }
    }
    writeln!(out, "{table}")
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
