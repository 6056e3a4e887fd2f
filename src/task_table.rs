//! The task table for people. A screenful is one comfy-table. A large listing is printed in
//! pages of `PAGE` rows that share one set of column widths and join into one table, so its
//! memory is the tasks plus one page's cells, not a cell structure for every row (about
//! 2 KB a row: 198 MiB for 100,000 tasks before, see benches/latency.py).

use std::io::{self, Write};

use comfy_table::{Cell, CellAlignment, Color, ColumnConstraint, Table, Width};

use crate::output::table;
use crate::task::{Status, Task, format_cost, format_elapsed};
use crate::time_zone;

/// Rows rendered at a time in a large table.
const PAGE: usize = 1000;
const HEADER: [&str; 7] = [
    "#", "Name", "Status", "Started", "Finished", "Elapsed", "Cost",
];
/// The columns whose values are numbers, right-aligned.
const NUMERIC: [usize; 3] = [0, 5, 6];

/// Writes the tasks as a table; times in this machine's local time zone, empty cells where a
/// value does not apply yet. It fits a terminal's width, wrapping long names.
pub fn write(out: &mut impl Write, tasks: &[Task], color: bool) -> io::Result<()> {
    if tasks.len() <= PAGE {
        let mut table = table(color, Some(&HEADER));
        for task in tasks {
            table.add_row(row(task, color));
        }
        table.set_constraints(fitting(tasks));
        align(&mut table);
        return writeln!(out, "{table}");
    }
    let widths = page_widths(tasks, color);
    let last = tasks.len().div_ceil(PAGE) - 1;
    for (at, page) in tasks.chunks(PAGE).enumerate() {
        let mut table = table(color, (at == 0).then_some(&HEADER[..]));
        for task in page {
            table.add_row(row(task, color));
        }
        table.set_constraints(
            widths
                .iter()
                .map(|width| ColumnConstraint::Absolute(Width::Fixed(*width))),
        );
        align(&mut table);
        let rendered = table.to_string();
        let mut lines: Vec<&str> = rendered.lines().collect();
        // The pages join into one table: the first keeps its top border, the last its bottom.
        if at != last {
            lines.pop();
        }
        for line in lines.iter().skip(usize::from(at != 0)) {
            writeln!(out, "{line}")?;
        }
    }
    Ok(())
}

fn row(task: &Task, color: bool) -> [Cell; 7] {
    let mut status = Cell::new(if task.paused() {
        "To Do (paused)"
    } else {
        task.status.title()
    });
    if color {
        status = status.fg(match task.status {
            Status::Todo => Color::Cyan,
            Status::InProgress => Color::Yellow,
            Status::Done => Color::Green,
        });
    }
    [
        Cell::new(format!("#{}", task.id)),
        Cell::new(&task.name),
        status,
        Cell::new(task.started.map(time_zone::local_time).unwrap_or_default()),
        Cell::new(task.finished.map(time_zone::local_time).unwrap_or_default()),
        Cell::new(task.elapsed().map(format_elapsed).unwrap_or_default()),
        Cell::new(task.cost().map(format_cost).unwrap_or_default()),
    ]
}

/// On a narrow terminal the name keeps room to be read, dates break at their space, and the
/// handle, status, timer and cost never break; a date column no task fills takes no more
/// than its title, leaving the room to the names.
fn fitting(tasks: &[Task]) -> [ColumnConstraint; 7] {
    let longest_name = tasks.iter().map(|task| task.name.chars().count()).max();
    // Widths count the cell's padding: one space either side.
    let name_room = longest_name.unwrap_or(0).clamp(4, 12) + 2;
    let date = |filled: bool| {
        if filled {
            ColumnConstraint::LowerBoundary(Width::Fixed(12))
        } else {
            ColumnConstraint::ContentWidth
        }
    };
    [
        ColumnConstraint::ContentWidth,
        ColumnConstraint::LowerBoundary(Width::Fixed(u16::try_from(name_room).unwrap_or(22))),
        ColumnConstraint::ContentWidth,
        date(tasks.iter().any(|task| task.started.is_some())),
        date(tasks.iter().any(|task| task.finished.is_some())),
        ColumnConstraint::ContentWidth,
        ColumnConstraint::ContentWidth,
    ]
}

fn align(table: &mut Table) {
    for numeric in NUMERIC {
        if let Some(column) = table.column_mut(numeric) {
            column.set_cell_alignment(CellAlignment::Right);
        }
    }
}

/// The column widths the whole table would get: those of a table holding the header and,
/// in each column, the widest value of any row (the arrangement depends only on those),
/// read back from its top border.
fn page_widths(tasks: &[Task], color: bool) -> Vec<u16> {
    let mut widest: [(usize, Cell); 7] = std::array::from_fn(|_| (0, Cell::new("")));
    for task in tasks {
        for (column, cell) in row(task, color).into_iter().enumerate() {
            let width = cell.content().chars().count();
            if width > widest[column].0 {
                widest[column] = (width, cell);
            }
        }
    }
    let mut probe = table(color, Some(&HEADER));
    probe.add_row(widest.map(|(_, cell)| cell));
    probe.set_constraints(fitting(tasks));
    let rendered = probe.to_string();
    let top: Vec<char> = rendered
        .lines()
        .next()
        .unwrap_or_default()
        .chars()
        .collect();
    top.get(1..top.len().saturating_sub(1))
        .unwrap_or_default()
        .split(|c| matches!(c, '┬' | '+'))
        .map(|segment| u16::try_from(segment.len()).unwrap_or(u16::MAX))
        .collect()
}
