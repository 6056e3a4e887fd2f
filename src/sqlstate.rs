//! What the server's refusals mean to the user: each SQLSTATE class mapped to the documented
//! exit code with a message that says what to do, and the retry of transactions that failed
//! to serialize (they changed nothing).

use std::thread;
use std::time::Duration;

use postgres::error::SqlState;

use crate::connection::io_cause;
use crate::error::Failure;
use crate::guard;
use crate::schema;

/// How many times a change runs again after a serialization failure or a deadlock.
const RETRIES: u32 = 4;

/// Runs a statement that changes nothing when it fails, again after a serialization failure
/// or a deadlock (the database's isolation level is not ours to choose), with a short,
/// growing, jittered pause.
pub fn retrying<T>(
    mut statement: impl FnMut() -> Result<T, postgres::Error>,
) -> Result<T, postgres::Error> {
    let mut tries = 0;
    loop {
        match statement() {
            Err(error)
                if tries < RETRIES
                    && [
                        Some(&SqlState::T_R_SERIALIZATION_FAILURE),
                        Some(&SqlState::T_R_DEADLOCK_DETECTED),
                    ]
                    .contains(&error.code()) =>
            {
                tries += 1;
                let jitter = u64::from(
                    std::process::id() % 7
                        + std::time::SystemTime::now()
                            .duration_since(std::time::UNIX_EPOCH)
                            .map_or(0, |now| now.subsec_micros() % 13),
                );
                thread::sleep(Duration::from_millis(10 * u64::from(tries) + jitter));
            }
            other => return other,
        }
    }
}

/// Turns a failed statement into the error the user can act on.
pub fn query_failure(target: &str, error: postgres::Error) -> anyhow::Error {
    let cancelled_by_us = guard::cancelled_for_silence();
    if let Some(db) = error.as_db_error() {
        let code = db.code();
        if *code == SqlState::LOCK_NOT_AVAILABLE {
            // The server's context says where it waited ("while locking tuple (0,1) in
            // relation "task"", a function's line): name it when there is one.
            let place = db
                .where_()
                .and_then(|context| context.lines().next())
                .map_or_else(String::new, |line| format!(" ({line})"));
            return Failure::busy(format!(
                "busy: another session holds a lock that kanban needs in {target}{place}, and kanban gave up waiting (KANBAN_LOCK_TIMEOUT sets how long); nothing was changed, safe to retry"
            ))
            .into();
        }
        if *code == SqlState::QUERY_CANCELED {
            // The server's own cancel may be its statement limit or an administrator's
            // pg_cancel_backend: its message says which.
            let why = if cancelled_by_us {
                format!(
                    "{target} is too slow: no answer for {} s (KANBAN_READ_TIMEOUT), so kanban cancelled the statement",
                    guard::read_limit().map_or(0.0, |limit| limit.as_secs_f64())
                )
            } else {
                format!(
                    "the server cancelled the statement in {target} ({})",
                    db.message()
                )
            };
            return Failure::busy(format!("busy: {why}; nothing was changed, safe to retry"))
                .into();
        }
        if [
            SqlState::T_R_SERIALIZATION_FAILURE,
            SqlState::T_R_DEADLOCK_DETECTED,
        ]
        .contains(code)
        {
            return Failure::busy(format!(
                "busy: {target}: {} (still, after {RETRIES} retries); nothing was changed, safe to retry",
                db.message()
            ))
            .into();
        }
        let version = || db.detail().and_then(|detail| detail.parse::<i32>().ok());
        match code.code() {
            // Raised by kanban_schema_is() and by migration step 2; see db/migrations/.
            "KB001" => return schema::behind(target, version().unwrap_or(0)).into(),
            "KB002" => return schema::ahead(version().unwrap_or(0)).into(),
            "KB003" => return Failure::config(format!("{target}: {}", db.message())).into(),
            _ => {}
        }
        if [
            SqlState::UNDEFINED_TABLE,
            SqlState::UNDEFINED_OBJECT,
            SqlState::UNDEFINED_COLUMN,
            SqlState::UNDEFINED_FUNCTION,
        ]
        .contains(code)
        {
            return Failure::config(format!(
                "{target} has no kanban schema or an incomplete one ({}): run `kanban init`",
                db.message()
            ))
            .into();
        }
        let message = db.message();
        let class = &code.code()[..2];
        return match (code.code(), class) {
            ("42501", _) if guard::changing() => Failure::config(format!(
                "this role may not change tasks in {target} ({message}): the database owner can allow it with `kanban grant --write ROLE`"
            )),
            ("42501", _) => Failure::config(format!(
                "this role may not read the board in {target} ({message}): the database owner can allow it with `kanban grant --read ROLE`"
            )),
            ("25006", _) => Failure::config(format!(
                "{target} is read-only (a hot standby, or default_transaction_read_only is on): kanban can only read here; point it at the primary to change tasks"
            )),
            // Too many connections, out of memory or disk: the server may recover.
            (_, "53") => Failure::busy(format!(
                "busy: {target} is short of resources ({message}); nothing was changed, safe to retry later"
            )),
            // Another session holds or uses what the statement needs.
            (_, "55") => Failure::busy(format!(
                "busy: {target}: {message}; nothing was changed, safe to retry"
            )),
            // The connection failed, or the server is shutting down or was restarted: a
            // backend ended mid-change may have committed before it said so.
            (_, "08" | "57") => Failure::unreachable(format!(
                "lost {target}: {message}; {}",
                lost_outcome()
            )),
            // The server's own I/O failed.
            (_, "58") => Failure::unreachable(format!("{target} failed: {message}")),
            // Authentication, a database gone, a feature the server (or a pooler) lacks.
            (_, "28" | "3D" | "0A") => Failure::config(format!("{target}: {message}")),
            // Anything else is a statement kanban should never have sent: a bug (exit 1).
            _ => return anyhow::anyhow!("{target}: {message} (SQLSTATE {})", code.code()),
        }
        .into();
    }
    if error.is_closed() || io_cause(&error).is_some() {
        // The server cancels a change whose client it finds gone (kanban asks it to look,
        // client_connection_check_interval), but an answer lost on the way back cannot be told
        // from a change never made.
        return Failure::unreachable(format!(
            "lost the connection to {target}: {error}; {}",
            lost_outcome()
        ))
        .into();
    }
    anyhow::anyhow!("{target}: {error}")
}

/// What a connection lost during a statement leaves: nothing changed by a read; a change may
/// have been committed just before the server ended or the answer was lost on the way back.
fn lost_outcome() -> &'static str {
    if guard::changing() {
        "the change may or may not have been made: check with `kanban tasks`"
    } else {
        "nothing was changed"
    }
}
