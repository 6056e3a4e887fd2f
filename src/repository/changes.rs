//! How a watcher learns of board changes: LISTEN/NOTIFY, the probe that tells whether
//! notifications arrive at all (not behind a transaction pooler), and the change counter
//! with the snapshot that polling compares.

use std::time::{Duration, Instant};

use anyhow::{Context, Result};
use postgres::fallible_iterator::FallibleIterator;
use postgres::types::Type;

use super::{Repository, SCHEMA_CHECK};
use crate::sqlstate::query_failure;

/// The channel `--watch` sends itself a probe on, to learn whether notifications reach it.
const PROBE_CHANNEL: &str = "kanban_watch_probe";

impl Repository {
    /// Starts listening for board changes on this connection.
    pub fn listen(&mut self) -> Result<()> {
        self.client
            .batch_execute("LISTEN kanban_board")
            .map_err(|error| self.failure(error))
    }

    /// Stops listening on every channel (after a probe found that notifications do not
    /// arrive, so that no pooled session keeps a LISTEN of ours).
    pub fn unlisten(&mut self) -> Result<()> {
        self.client
            .batch_execute("UNLISTEN *")
            .map_err(|error| self.failure(error))
    }

    /// Whether a notification sent by another session reaches this one, as `--watch` needs.
    /// Behind a transaction-pooling PgBouncer it never does: the LISTEN stays on whichever
    /// server session ran it, and that session is lent to other clients in between. Sends a
    /// unique probe through `other` and waits up to `within` for it to arrive here; unlike
    /// comparing backend pids, this does not depend on which session the pooler hands back.
    pub fn hears_notifications_from(
        &mut self,
        other: &mut Repository,
        within: Duration,
    ) -> Result<bool> {
        let token = format!(
            "{}-{}",
            std::process::id(),
            std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .unwrap_or_default()
                .as_nanos()
        );
        self.client
            .batch_execute(&format!("LISTEN {PROBE_CHANNEL}"))
            .map_err(|error| self.failure(error))?;
        other
            .client
            .query_typed(
                &format!("SELECT pg_notify('{PROBE_CHANNEL}', $1)"),
                &[(&token, Type::TEXT)],
            )
            .map_err(|error| other.failure(error))?;
        let deadline = Instant::now() + within;
        let heard = loop {
            let left = deadline.saturating_duration_since(Instant::now());
            if left.is_zero() {
                break false;
            }
            let next = self
                .client
                .notifications()
                .timeout_iter(left)
                .next()
                .map_err(|error| query_failure(&self.target, error))?;
            match next {
                Some(note) if note.channel() == PROBE_CHANNEL && note.payload() == token => {
                    break true;
                }
                // A board change meanwhile: the board is read after the probe anyway.
                Some(_) => {}
                None => break false,
            }
        };
        self.client
            .batch_execute(&format!("UNLISTEN {PROBE_CHANNEL}"))
            .map_err(|error| self.failure(error))?;
        Ok(heard)
    }

    /// Waits up to `timeout` for a change notification; true if one (or more) came.
    pub fn wait_for_change(&mut self, timeout: Duration) -> Result<bool> {
        let mut notifications = self.client.notifications();
        let first = notifications
            .timeout_iter(timeout)
            .next()
            .map_err(|error| query_failure(&self.target, error))?;
        if first.is_none() {
            return Ok(false);
        }
        // Several changes at once need one redraw.
        while notifications
            .iter()
            .next()
            .map_err(|error| query_failure(&self.target, error))?
            .is_some()
        {}
        Ok(true)
    }

    /// The board's change counter, which moves whenever any client changes a task, and the
    /// current transaction snapshot. The counter is a sequence, so it moves when a writer's
    /// statement runs, not when it commits: a watcher that read the board in between must read
    /// it again once that transaction ends, which changes the snapshot. (A snapshot whose
    /// xmax has not moved and whose in-progress list is the same saw no commit at all.)
    pub fn change_state(&mut self) -> Result<ChangeState> {
        let rows = self
            .client
            .query_typed(
                // A new sequence reads 1 before and after its first nextval(): is_called
                // tells the two apart.
                &format!(
                    "SELECT CASE WHEN is_called THEN last_value ELSE 0 END, \
                            pg_current_snapshot()::text \
                       FROM kanban_board_changes WHERE {SCHEMA_CHECK}"
                ),
                &[],
            )
            .map_err(|error| self.failure(error))?;
        let row = rows.first().context("no row from the change counter")?;
        Ok(ChangeState {
            counter: row.try_get(0)?,
            snapshot: row.try_get(1)?,
        })
    }
}

/// Where the board's changes stand (see `Repository::change_state`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChangeState {
    pub counter: i64,
    /// `pg_current_snapshot()`: it changes whenever any transaction ends.
    pub snapshot: String,
}
