//! The limits on waiting for the server (see "When things go wrong" in the README): their
//! defaults, where they are set (the URL, `KANBAN_*_TIMEOUT` in the environment or the env
//! file), PostgreSQL's duration syntax, and libpq's keepalive options.

use std::time::Duration;

use super::{Setting, Sources, invalid, setting};
use crate::error::Failure;

/// Every bound on waiting for the server. `None` means no limit.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// Server side: a statement waiting for a lock gives up (SQLSTATE 55P03).
    pub lock: Option<Duration>,
    /// Server side, for changes only: a statement that runs longer is cancelled.
    pub statement: Option<Duration>,
    /// Client side: no message from the server for this long while waiting on it.
    pub read: Option<Duration>,
}

/// TCP keepalive settings, as libpq names them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Keepalives {
    pub enabled: bool,
    pub idle: Duration,
    pub interval: Duration,
    pub count: u32,
    pub tcp_user_timeout: Option<Duration>,
}

/// How long a statement may wait for a lock another session holds before kanban gives up.
const DEFAULT_LOCK_TIMEOUT: Duration = Duration::from_secs(5);
/// How long a change (new, start, resolve, init) may run on the server.
const DEFAULT_STATEMENT_TIMEOUT: Duration = Duration::from_secs(20);
/// How long kanban waits for the server's next message before it cancels the statement and,
/// when even the cancel goes unanswered, calls the connection lost.
const DEFAULT_READ_TIMEOUT: Duration = Duration::from_secs(30);
/// TCP keepalives: a dead peer (not a busy one) is noticed within about idle + 3 x interval.
const DEFAULT_KEEPALIVES_IDLE: Duration = Duration::from_secs(10);
const DEFAULT_KEEPALIVES_INTERVAL: Duration = Duration::from_secs(5);
const DEFAULT_KEEPALIVES_COUNT: u32 = 3;
/// Data sent and not acknowledged for this long ends the connection (Linux TCP_USER_TIMEOUT).
const DEFAULT_TCP_USER_TIMEOUT: Duration = Duration::from_secs(30);
pub const OPTIONS: Setting = setting("options", Some("POSTGRES_OPTIONS"), Some("PGOPTIONS"));
const LOCK_TIMEOUT: Setting = setting("lock_timeout", Some("KANBAN_LOCK_TIMEOUT"), None);
const STATEMENT_TIMEOUT: Setting =
    setting("statement_timeout", Some("KANBAN_STATEMENT_TIMEOUT"), None);
const READ_TIMEOUT: Setting = setting("read_timeout", Some("KANBAN_READ_TIMEOUT"), None);
const KEEPALIVES: Setting = setting("keepalives", None, None);
const KEEPALIVES_IDLE: Setting = setting("keepalives_idle", None, None);
const KEEPALIVES_INTERVAL: Setting = setting("keepalives_interval", None, None);
const KEEPALIVES_COUNT: Setting = setting("keepalives_count", None, None);
const TCP_USER_TIMEOUT: Setting = setting("tcp_user_timeout", None, None);

/// A duration as PostgreSQL writes one (`500ms`, `5s`, `2min`, `1h`; a space may separate the
/// unit), or a bare number of seconds as PGCONNECT_TIMEOUT takes, in whole milliseconds
/// (rounded up) up to PostgreSQL's limit of 2^31 - 1. Zero means no limit.
fn parse_duration(raw: &str) -> Option<Option<Duration>> {
    let raw = raw.trim();
    let split = raw
        .find(|c: char| !c.is_ascii_digit() && c != '.')
        .unwrap_or(raw.len());
    let (number, unit) = raw.split_at(split);
    let number: f64 = number.parse().ok()?;
    let seconds = match unit.trim() {
        "" | "s" | "sec" => number,
        "ms" => number / 1000.0,
        "min" => number * 60.0,
        "h" => number * 3600.0,
        _ => return None,
    };
    // The server takes its limits in whole milliseconds, at most 2^31 - 1 (about 24 days).
    if !seconds.is_finite() || seconds * 1000.0 > f64::from(i32::MAX) {
        return None;
    }
    // Rounded up to a whole millisecond: 0.9ms must not become 0, which waits forever.
    let millis = (seconds * 1000.0).ceil();
    Some((millis > 0.0).then(|| Duration::from_millis(millis as u64)))
}

/// The limits in force: each from its first source, else its default.
pub fn limits(sources: &Sources) -> Result<Limits, Failure> {
    let limit = |setting: &Setting, default: Duration| -> Result<Option<Duration>, Failure> {
        match sources.get(setting)? {
            None => Ok(Some(default)),
            Some((raw, name)) => parse_duration(&raw).ok_or_else(|| {
                invalid(
                    &name,
                    &raw,
                    "a duration like 5s, 500ms or 2min (a bare number is seconds; 0 waits forever)",
                )
            }),
        }
    };
    Ok(Limits {
        lock: limit(&LOCK_TIMEOUT, DEFAULT_LOCK_TIMEOUT)?,
        statement: limit(&STATEMENT_TIMEOUT, DEFAULT_STATEMENT_TIMEOUT)?,
        read: limit(&READ_TIMEOUT, DEFAULT_READ_TIMEOUT)?,
    })
}

/// The TCP keepalive settings in force, as libpq reads them.
pub fn keepalives(sources: &Sources) -> Result<Keepalives, Failure> {
    // libpq's keepalive options count in seconds.
    let seconds = |setting: &Setting, default: Duration| -> Result<Duration, Failure> {
        match sources.get(setting)? {
            None => Ok(default),
            Some((raw, name)) => raw
                .trim()
                .parse::<u64>()
                .ok()
                .filter(|seconds| *seconds > 0)
                .map(Duration::from_secs)
                .ok_or_else(|| invalid(&name, &raw, "a whole number of seconds above 0")),
        }
    };
    Ok(Keepalives {
        enabled: match sources.get(&KEEPALIVES)? {
            None => true,
            Some((raw, name)) => match raw.trim() {
                "1" => true,
                "0" => false,
                _ => return Err(invalid(&name, &raw, "1 or 0")),
            },
        },
        idle: seconds(&KEEPALIVES_IDLE, DEFAULT_KEEPALIVES_IDLE)?,
        interval: seconds(&KEEPALIVES_INTERVAL, DEFAULT_KEEPALIVES_INTERVAL)?,
        count: match sources.get(&KEEPALIVES_COUNT)? {
            None => DEFAULT_KEEPALIVES_COUNT,
            Some((raw, name)) => raw
                .trim()
                .parse::<u32>()
                .ok()
                .filter(|count| *count > 0)
                .ok_or_else(|| invalid(&name, &raw, "a whole number above 0"))?,
        },
        // libpq's tcp_user_timeout counts in milliseconds; 0 leaves the system's default.
        tcp_user_timeout: match sources.get(&TCP_USER_TIMEOUT)? {
            None => Some(DEFAULT_TCP_USER_TIMEOUT),
            Some((raw, name)) => {
                let millis = raw
                    .trim()
                    .parse::<u64>()
                    .map_err(|_| invalid(&name, &raw, "a whole number of milliseconds"))?;
                (millis > 0).then(|| Duration::from_millis(millis))
            }
        },
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations_read_as_postgres_writes_them() {
        let some = |millis| Some(Some(Duration::from_millis(millis)));
        assert_eq!(parse_duration("5"), some(5000));
        assert_eq!(parse_duration("5s"), some(5000));
        assert_eq!(parse_duration(" 500ms "), some(500));
        assert_eq!(parse_duration("1.5s"), some(1500));
        assert_eq!(parse_duration("2min"), some(120_000));
        assert_eq!(parse_duration("1 h"), some(3_600_000));
        assert_eq!(parse_duration("0"), Some(None));
        assert_eq!(parse_duration("0ms"), Some(None));
        assert_eq!(parse_duration("0.9ms"), some(1));
        assert_eq!(parse_duration("0.0001"), some(1));
        assert_eq!(parse_duration("596h"), some(596 * 3_600_000));
        for bad in [
            "",
            "soon",
            "5 parsecs",
            "-1",
            "1e400",
            "99999999999h",
            "s",
            "597h",
            "25d",
        ] {
            assert_eq!(parse_duration(bad), None, "{bad:?}");
        }
    }
}
