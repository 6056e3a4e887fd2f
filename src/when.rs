//! WHEN (`log --since`, `report --since/--until`): a moment as people say it. Spans (`30m`,
//! `36h`, `7d`, `2w`) count back from the database server's now; `today`, `yesterday`,
//! weekday names and `YYYY-MM-DD` are a local midnight; RFC 3339 times are taken as written.
//! `log` finds midnight in `TZ` (else the system's zone) here; `report` leaves it to the
//! server, in the report's zone.

use chrono::{DateTime, Datelike, Local, NaiveDate, TimeDelta, Utc, Weekday};

/// Where a window starts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Since {
    /// That long before the server's now.
    Ago(TimeDelta),
    /// A fixed moment.
    At(DateTime<Utc>),
}

const GRAMMAR: &str = "use a span back from now (30m, 36h, 7d, 2w), today, yesterday, a weekday (monday), a date (2026-11-01, local midnight) or an RFC 3339 time (2026-11-01T09:00:00Z)";

/// WHEN as typed, before any time zone is applied.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum When {
    /// That long before the server's now.
    Ago(TimeDelta),
    /// A fixed moment.
    At(DateTime<Utc>),
    /// The midnight that starts a day.
    Midnight(Day),
}

/// A day as people name it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Day {
    Date(NaiveDate),
    /// Today (0), yesterday (1).
    DaysAgo(u8),
    /// The most recent such weekday, today included.
    Last(Weekday),
}

/// Parses WHEN; the error says what works.
pub fn parse(raw: &str) -> Result<When, String> {
    let text = raw.trim().to_ascii_lowercase();
    if let Some(span) = span(&text) {
        return span.map(When::Ago).ok_or_else(|| {
            format!("`{raw}` reaches back too far: a span of at most 400 years, like 36h or 2w")
        });
    }
    let day = match text.as_str() {
        "today" => Some(Day::DaysAgo(0)),
        "yesterday" => Some(Day::DaysAgo(1)),
        _ => match text.parse::<Weekday>() {
            Ok(weekday) => Some(Day::Last(weekday)),
            Err(_) => NaiveDate::parse_from_str(&text, "%Y-%m-%d")
                .ok()
                .map(Day::Date),
        },
    };
    if let Some(day) = day {
        return Ok(When::Midnight(day));
    }
    DateTime::parse_from_rfc3339(raw.trim())
        .map(|at| When::At(at.with_timezone(&Utc)))
        .map_err(|_| format!("`{raw}` is not a time kanban understands: {GRAMMAR}"))
}

/// Parses WHEN for `log --since`, midnights in this machine's zone.
pub fn parse_since(raw: &str) -> Result<Since, String> {
    let day = match parse(raw)? {
        When::Ago(span) => return Ok(Since::Ago(span)),
        When::At(at) => return Ok(Since::At(at)),
        When::Midnight(day) => day,
    };
    let today = Local::now().date_naive();
    let date = match day {
        Day::Date(date) => Some(date),
        Day::DaysAgo(days) => today.checked_sub_days(chrono::Days::new(u64::from(days))),
        Day::Last(weekday) => {
            let back =
                (7 + today.weekday().num_days_from_monday() - weekday.num_days_from_monday()) % 7;
            today.checked_sub_days(chrono::Days::new(u64::from(back)))
        }
    };
    date.and_then(local_midnight)
        .map(Since::At)
        .ok_or_else(|| format!("`{raw}` is not a time kanban understands: {GRAMMAR}"))
}

/// `36h` and the like: a whole number, then s, m, h, d or w. `Some(None)` for one too long.
pub fn span(text: &str) -> Option<Option<TimeDelta>> {
    let unit = text.chars().last()?;
    let digits = &text[..text.len() - unit.len_utf8()];
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let seconds: i64 = match unit {
        's' => 1,
        'm' => 60,
        'h' => 3_600,
        'd' => 86_400,
        'w' => 604_800,
        _ => return None,
    };
    // Beyond a few hundred years a span means nothing (and would overflow).
    Some(
        digits
            .parse::<i64>()
            .ok()
            .and_then(|number| number.checked_mul(seconds))
            .filter(|seconds| *seconds <= 400 * 366 * 86_400)
            .map(TimeDelta::seconds),
    )
}

/// The first moment of `day` here: midnight, or the first time that exists when a DST change
/// skips midnight.
fn local_midnight(day: NaiveDate) -> Option<DateTime<Utc>> {
    let mut at = day.and_hms_opt(0, 0, 0)?;
    for _ in 0..4 {
        if let Some(local) = at.and_local_timezone(Local).earliest() {
            return Some(local.with_timezone(&Utc));
        }
        at += TimeDelta::minutes(30);
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spans_count_back_from_now() {
        assert_eq!(parse_since("36h"), Ok(Since::Ago(TimeDelta::hours(36))));
        assert_eq!(parse_since("2w"), Ok(Since::Ago(TimeDelta::weeks(2))));
        assert_eq!(parse_since("30M"), Ok(Since::Ago(TimeDelta::minutes(30))));
        assert!(parse_since("-3d").is_err());
        assert!(
            parse_since("99999999999999d")
                .unwrap_err()
                .contains("too far")
        );
        assert!(parse_since("100000w").unwrap_err().contains("too far"));
    }

    #[test]
    fn dates_and_times_are_moments() {
        assert_eq!(
            parse_since("2026-11-01T09:00:00Z"),
            Ok(Since::At("2026-11-01T09:00:00Z".parse().unwrap()))
        );
        assert!(matches!(parse_since("2026-11-01"), Ok(Since::At(_))));
        assert!(matches!(parse_since("today"), Ok(Since::At(_))));
        assert!(matches!(parse_since("Monday"), Ok(Since::At(_))));
        let error = parse_since("last tuesday").unwrap_err();
        assert!(error.contains("36h"), "{error}");
        assert!(parse_since("").is_err());
        assert!(parse_since("2026-13-01").is_err());
    }
}
