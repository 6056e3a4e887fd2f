//! The SQL of the board: each column's count and its oldest cards, in one statement.

use anyhow::Result;
use postgres::fallible_iterator::FallibleIterator;
use postgres::types::{ToSql, Type};

use super::{NO_TASK_COLUMNS, Repository, SCHEMA_CHECK, TASK_COLUMNS, task_at};
use crate::guard;
use crate::sqlstate::query_failure;
use crate::task::{Status, Task};

/// One column of the board: how many tasks it holds, and the oldest of them.
#[derive(Debug, Clone)]
pub struct BoardColumn {
    pub status: Status,
    pub total: i64,
    pub tasks: Vec<Task>,
}

/// A row of the board statement: a column's count, or one of its cards.
#[derive(Debug)]
pub enum BoardRow {
    Count(Status, i64),
    Card(Status, Task),
}

impl Repository {
    /// The board: each column's task count and its oldest `limit` tasks (see `board_rows`),
    /// collected in board order.
    pub fn board(&mut self, limit: i64) -> Result<Vec<BoardColumn>> {
        // Board order (the enum's); each column's own order is the order its branch of the
        // statement produced (the columns may come interleaved, a column never reordered).
        let mut columns =
            [Status::Todo, Status::InProgress, Status::Done].map(|status| BoardColumn {
                status,
                total: 0,
                tasks: Vec::new(),
            });
        self.board_rows(limit, true, |row| {
            match row {
                BoardRow::Count(status, total) => columns[status.index()].total = total,
                BoardRow::Card(status, task) => columns[status.index()].tasks.push(task),
            }
            Ok(())
        })?;
        Ok(columns.into())
    }

    /// The board's rows, handed to `visit` as they arrive: each column's count (with
    /// `counts`) and its oldest `limit` tasks, in one statement whose cost grows with the
    /// cards shown, whatever the size of the table. Without `counts` the statement reads
    /// the cards only (the counts are a pass over the whole table).
    ///
    /// Counts come from one pass over the table. Each column's page is its own branch with
    /// the status as a constant: the planner then reads it from the board-order index
    /// (status, id). (A lateral join with the status as a parameter let the planner guess a
    /// third of the table per column and filter the whole id index three times over.)
    pub fn board_rows(
        &mut self,
        limit: i64,
        counts: bool,
        mut visit: impl FnMut(BoardRow) -> std::io::Result<()>,
    ) -> Result<()> {
        // To Do and In Progress oldest first (the queue); Done newest first, by when it was
        // done, so the task just resolved is on top rather than hidden in "+N more".
        let page = |status: Status| {
            let order = if status == Status::Done {
                "end_datetime DESC, id DESC"
            } else {
                "id"
            };
            format!(
                "(SELECT '{label}', NULL::bigint, {TASK_COLUMNS} FROM kanban_task \
                   WHERE {SCHEMA_CHECK} AND status = '{label}' ORDER BY {order} LIMIT $1)",
                label = status.label()
            )
        };
        let counted = if counts {
            format!(
                "SELECT board_column.status::text, coalesce(counted.total, 0), {NO_TASK_COLUMNS} \
                   FROM unnest(enum_range(NULL::taskstatus)) AS board_column(status) \
                   LEFT JOIN (SELECT status, count(*) AS total FROM kanban_task \
                               WHERE {SCHEMA_CHECK} GROUP BY status) AS counted USING (status) \
                 UNION ALL "
            )
        } else {
            String::new()
        };
        let sql = format!(
            "{counted}{} UNION ALL {} UNION ALL {}",
            page(Status::Todo),
            page(Status::InProgress),
            page(Status::Done)
        );
        let failed = match self
            .client
            .query_typed_raw(&sql, [(&limit as &(dyn ToSql + Sync), Type::INT8)])
        {
            Ok(mut rows) => loop {
                let row = match rows.next() {
                    Ok(Some(row)) => row,
                    Ok(None) => break None,
                    Err(error) => return Err(query_failure(&self.target, error)),
                };
                let status: Status = row
                    .try_get::<_, &str>(0)?
                    .parse()
                    .map_err(anyhow::Error::msg)?;
                let board_row = match row.try_get::<_, Option<i64>>(1)? {
                    Some(total) => BoardRow::Count(status, total),
                    None => BoardRow::Card(status, task_at(&row, 2)?),
                };
                guard::outside(|| visit(board_row))?;
            },
            Err(error) => Some(error),
        };
        match failed {
            Some(error) => Err(self.failure(error)),
            None => Ok(()),
        }
    }
}
