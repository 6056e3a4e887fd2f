//! The board's domain: task names, the three columns, and the exact time and money arithmetic.
//!
//! Everything here is pure: times come in from the database server, nothing reads a clock.

use std::fmt;
use std::str::FromStr;

use chrono::{DateTime, TimeDelta, Utc};
use rust_decimal::Decimal;

use crate::error::Failure;

/// Longest name accepted, in characters (Unicode scalar values, as PostgreSQL's `char_length`).
pub const MAX_NAME_CHARS: usize = 200;

/// The rate used when `KANBAN_HOURLY_RATE` is not set, in dollars per hour.
pub const DEFAULT_HOURLY_RATE: Decimal = Decimal::from_parts(10, 0, 0, false, 0);

pub const MICROS_PER_HOUR: i128 = 3_600_000_000;

/// The board's columns, in board order; the labels are the `taskstatus` enum's.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Status {
    Todo,
    InProgress,
    Done,
}

impl Status {
    /// Its place on the board: 0 for To Do, 1 for In Progress, 2 for Done.
    pub fn index(self) -> usize {
        match self {
            Status::Todo => 0,
            Status::InProgress => 1,
            Status::Done => 2,
        }
    }

    /// The label stored in the database and printed for scripts.
    pub fn label(self) -> &'static str {
        match self {
            Status::Todo => "todo",
            Status::InProgress => "in_progress",
            Status::Done => "done",
        }
    }

    /// The column title people see on the board.
    pub fn title(self) -> &'static str {
        match self {
            Status::Todo => "To Do",
            Status::InProgress => "In Progress",
            Status::Done => "Done",
        }
    }
}

impl FromStr for Status {
    type Err = String;

    fn from_str(label: &str) -> Result<Self, Self::Err> {
        match label {
            "todo" => Ok(Status::Todo),
            "in_progress" => Ok(Status::InProgress),
            "done" => Ok(Status::Done),
            other => Err(format!("unknown task status `{other}`")),
        }
    }
}

impl fmt::Display for Status {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.title())
    }
}

/// Trims a name as typed and checks the rules every stored name obeys.
pub fn parse_name(raw: &str) -> Result<String, Failure> {
    let name = raw.trim();
    if name.is_empty() {
        return Err(Failure::usage("a task name cannot be empty or blank"));
    }
    if let Some(control) = name.chars().find(|c| c.is_control()) {
        return Err(Failure::usage(format!(
            "task name {:?} contains the control character {:?}; names are one line of printable text",
            name, control
        )));
    }
    if let Some(hidden) = name.chars().find(|c| is_separator_or_bidi(*c)) {
        return Err(Failure::usage(format!(
            "task name contains U+{:04X}, a line separator or bidi control; names are one line shown as typed",
            u32::from(hidden)
        )));
    }
    let length = name.chars().count();
    if length > MAX_NAME_CHARS {
        return Err(Failure::usage(format!(
            "task name is {length} characters long; the limit is {MAX_NAME_CHARS}"
        )));
    }
    Ok(name.to_owned())
}

/// Line and paragraph separators break lines in a listing; bidi controls reorder text on
/// screen, so one name could pose as another. The database refuses them too (schema step 5).
pub fn is_separator_or_bidi(c: char) -> bool {
    matches!(c, '\u{2028}' | '\u{2029}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
}

/// Parses every name of one command; a name given twice is refused, since one command acts on
/// each task once.
pub fn parse_names(raw: &[String]) -> Result<Vec<String>, Failure> {
    let mut names: Vec<String> = Vec::with_capacity(raw.len());
    // A set, not a scan of the names so far: 100,000 names must not cost 10^10 comparisons.
    let mut seen = std::collections::HashSet::with_capacity(raw.len());
    for name in raw {
        let name = parse_name(name)?;
        if !seen.insert(name.clone()) {
            return Err(Failure::usage(format!(
                "task `{name}` is named more than once"
            )));
        }
        names.push(name);
    }
    Ok(names)
}

/// The highest hourly rate: with it, every cost of any stored duration fits in exact cents.
pub const MAX_HOURLY_RATE: u32 = 1_000_000;

/// Parses an hourly rate: a plain decimal number of dollars in whole cents, above zero and at
/// most `MAX_HOURLY_RATE` (the schema holds the same bounds).
pub fn parse_hourly_rate(raw: &str) -> Result<Decimal, String> {
    let text = raw.trim();
    let plain = text.chars().all(|c| c.is_ascii_digit() || c == '.')
        && text.chars().filter(|c| *c == '.').count() <= 1
        && text.chars().any(|c| c.is_ascii_digit());
    let rate = Decimal::from_str(text)
        .ok()
        .filter(|_| plain)
        .ok_or_else(|| format!("`{raw}` is not a decimal number like 10 or 12.50"))?;
    if rate <= Decimal::ZERO
        || rate > Decimal::from(MAX_HOURLY_RATE)
        || rate.normalize().scale() > 2
    {
        return Err(format!(
            "`{raw}` is out of range: a rate is 0.01 to 1000000 dollars per hour, in whole cents"
        ));
    }
    Ok(rate.normalize())
}

/// The order of a listing: board order (To Do, In Progress, Done; oldest first in each),
/// or across the columns by name, creation, start or finish (tasks without the time last).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Order {
    #[default]
    Board,
    Name,
    Created,
    Started,
    Finished,
}

/// Which tasks a listing holds, and in what order.
#[derive(Debug, Clone, Default)]
pub struct Listing {
    pub status: Option<Status>,
    /// Only names that contain this, ignoring letter case.
    pub grep: Option<String>,
    pub order: Order,
    pub reverse: bool,
    pub limit: Option<u64>,
}

/// One row of the `task` table, as read from the database.
#[derive(Debug, Clone, PartialEq)]
pub struct Task {
    pub name: String,
    pub status: Status,
    pub started: Option<DateTime<Utc>>,
    pub finished: Option<DateTime<Utc>>,
    /// The rate frozen when the task was resolved; `None` until then.
    pub hourly_rate: Option<Decimal>,
    /// The server's clock when the row was read: where a running timer stands.
    pub read_at: DateTime<Utc>,
    /// The total of the task's closed work sessions.
    pub worked: TimeDelta,
    /// When the open work session began; `Some` exactly while In Progress.
    pub working_since: Option<DateTime<Utc>>,
    /// How many work sessions the task has had (a stop and a start make a new one).
    pub sessions: i32,
    /// The task's stable id: its handle `#id` stands for it wherever a name does.
    pub id: i64,
}

impl Task {
    /// Time in work, the sum of its sessions: the closed ones, plus the open one up to when
    /// the row was read while In Progress. `None` for a task never started.
    pub fn elapsed(&self) -> Option<TimeDelta> {
        if self.status == Status::Todo && self.sessions == 0 {
            return None;
        }
        // A server clock stepped backwards must not show a negative timer.
        let running = match (self.status, self.working_since) {
            (Status::InProgress, Some(since)) => (self.read_at - since).max(TimeDelta::zero()),
            _ => TimeDelta::zero(),
        };
        Some(self.worked.max(TimeDelta::zero()) + running)
    }

    /// The cost of a Done task: its time in work at the rate frozen on it.
    pub fn cost(&self) -> Option<Decimal> {
        match (self.status, self.hourly_rate) {
            (Status::Done, Some(rate)) => cost(self.worked, rate),
            _ => None,
        }
    }

    /// In To Do, with work behind it: stopped, not new.
    pub fn paused(&self) -> bool {
        self.status == Status::Todo && self.sessions > 0
    }
}

/// The refusal for an action that needs the task in column `needed` while it is in `status`.
pub fn wrong_column(name: &str, status: Status, needed: Status) -> Failure {
    Failure::conflict(match (status, needed) {
        (Status::Todo, _) => {
            format!("task `{name}` is in To Do and has not been started: run `kanban start` first")
        }
        (Status::InProgress, Status::Todo) => format!("task `{name}` is already In Progress"),
        (Status::InProgress, _) => {
            format!("task `{name}` is still In Progress: run `kanban resolve` first")
        }
        (Status::Done, _) => format!("task `{name}` is already Done"),
    })
}

impl Task {
    /// The time in work, or the refusal to give one for a task not started yet.
    pub fn require_elapsed(&self) -> Result<TimeDelta, Failure> {
        self.elapsed()
            .ok_or_else(|| wrong_column(&self.name, self.status, Status::InProgress))
    }

    /// The cost, or the refusal to give one for a task not Done yet.
    pub fn require_cost(&self) -> anyhow::Result<Decimal> {
        if self.status != Status::Done {
            return Err(wrong_column(&self.name, self.status, Status::Done).into());
        }
        self.cost().ok_or_else(|| {
            anyhow::anyhow!("the cost of task `{}` is too large to compute", self.name)
        })
    }
}

/// Cost = exact time in work x hourly rate, rounded half away from zero to cents.
///
/// Works on whole microseconds (what PostgreSQL stores) in integer arithmetic: with the rate
/// as mantissa / 10^scale, cents = micros x mantissa x 100 / (3,600,000,000 x 10^scale),
/// exactly, so whole days count and no float rounding creeps in. `None` only on overflow.
pub fn cost(elapsed: TimeDelta, hourly_rate: Decimal) -> Option<Decimal> {
    let micros = i128::from(elapsed.num_microseconds()?.max(0));
    let numerator = micros
        .checked_mul(hourly_rate.mantissa().checked_abs()?)?
        .checked_mul(100)?;
    let denominator = MICROS_PER_HOUR.checked_mul(10i128.checked_pow(hourly_rate.scale())?)?;
    cents(numerator, denominator, hourly_rate.is_sign_negative())
}

/// `numerator / denominator` cents, rounded half away from zero, negative if asked: exact
/// integer arithmetic. `None` on overflow.
pub fn cents(numerator: i128, denominator: i128, negative: bool) -> Option<Decimal> {
    let rounded = numerator
        .checked_mul(2)?
        .checked_add(denominator)?
        .checked_div(denominator.checked_mul(2)?)?;
    Decimal::try_from_i128_with_scale(if negative { -rounded } else { rounded }, 2).ok()
}

/// `HH:MM:SS`, truncated to whole seconds; hours do not wrap at a day (`48:00:00`).
pub fn format_elapsed(elapsed: TimeDelta) -> String {
    let seconds = elapsed.num_seconds().max(0);
    format!(
        "{:02}:{:02}:{:02}",
        seconds / 3600,
        seconds % 3600 / 60,
        seconds % 60
    )
}

/// `$D.CC`, the way the old system showed money.
pub fn format_cost(cost: Decimal) -> String {
    format!("${cost}")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(text: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(text).unwrap().to_utc()
    }

    fn task(
        status: Status,
        started: Option<&str>,
        finished: Option<&str>,
        rate: Option<&str>,
    ) -> Task {
        // Worked in one go: one session from start to finish (or still open).
        let (started, finished) = (started.map(at), finished.map(at));
        Task {
            name: "t".into(),
            status,
            started,
            finished,
            hourly_rate: rate.map(|rate| rate.parse().unwrap()),
            read_at: at("2030-01-01T00:00:00Z"),
            worked: match (started, finished) {
                (Some(started), Some(finished)) => finished - started,
                _ => TimeDelta::zero(),
            },
            working_since: if status == Status::InProgress {
                started
            } else {
                None
            },
            sessions: i32::from(started.is_some()),
            id: 1,
        }
    }

    fn done(started: &str, finished: &str, rate: &str) -> Task {
        task(Status::Done, Some(started), Some(finished), Some(rate))
    }

    #[test]
    fn time_in_work_is_the_sum_of_sessions() {
        // Worked 1 h, paused, then 30 min so far in a second session.
        let mut resumed = task(Status::InProgress, Some("2029-12-31T20:00:00Z"), None, None);
        resumed.worked = TimeDelta::hours(1);
        resumed.working_since = Some(at("2029-12-31T23:30:00Z"));
        resumed.sessions = 2;
        assert_eq!(format_elapsed(resumed.elapsed().unwrap()), "01:30:00");
        let mut paused = task(Status::Todo, None, None, None);
        assert_eq!(paused.elapsed(), None);
        paused.worked = TimeDelta::minutes(90);
        paused.sessions = 2;
        assert!(paused.paused());
        assert_eq!(format_elapsed(paused.elapsed().unwrap()), "01:30:00");
        assert_eq!(paused.cost(), None);
        let mut finished = done("2026-01-01T10:00:00Z", "2026-01-01T20:00:00Z", "10");
        finished.worked = TimeDelta::hours(4) + TimeDelta::seconds(945);
        finished.sessions = 3;
        // Cost and elapsed follow the sessions, not end minus first start.
        assert_eq!(format_elapsed(finished.elapsed().unwrap()), "04:15:45");
        assert_eq!(format_cost(finished.require_cost().unwrap()), "$42.63");
    }

    #[test]
    fn the_assignments_example_costs_two_dollars_sixty_three() {
        let task = done("2026-01-01T14:00:00Z", "2026-01-01T14:15:45Z", "10");
        assert_eq!(format_elapsed(task.elapsed().unwrap()), "00:15:45");
        assert_eq!(format_cost(task.require_cost().unwrap()), "$2.63");
    }

    #[test]
    fn rounding_is_half_away_from_zero_on_exact_cents() {
        // 9 s at $1/h = $0.0025 -> $0.00; 18 s = $0.005 -> $0.01 (a tie rounds up).
        assert_eq!(
            cost(TimeDelta::seconds(9), Decimal::ONE)
                .unwrap()
                .to_string(),
            "0.00"
        );
        assert_eq!(
            cost(TimeDelta::seconds(18), Decimal::ONE)
                .unwrap()
                .to_string(),
            "0.01"
        );
        // One microsecond below the tie rounds down.
        let just_below = TimeDelta::microseconds(18_000_000 - 1);
        assert_eq!(cost(just_below, Decimal::ONE).unwrap().to_string(), "0.00");
    }

    #[test]
    fn integer_cost_agrees_with_decimal_division() {
        use rust_decimal::RoundingStrategy;
        for rate in ["10", "12.5", "99.99", "0.01", "1234.5678", "7"] {
            let rate: Decimal = rate.parse().unwrap();
            for micros in [
                0_i64,
                1,
                9_000_000,
                17_999_999,
                18_000_000,
                945_000_000,
                173_745_500_000,
            ] {
                let by_division = (Decimal::from(micros) * rate / Decimal::from(3_600_000_000_u64))
                    .round_dp_with_strategy(2, RoundingStrategy::MidpointAwayFromZero);
                let by_integers = cost(TimeDelta::microseconds(micros), rate).unwrap();
                assert_eq!(by_integers, by_division, "{micros} µs at {rate}");
                assert_eq!(by_integers.scale(), 2);
            }
        }
    }

    #[test]
    fn whole_days_count_in_time_and_money() {
        let task = done("2026-01-01T14:00:00Z", "2026-01-03T14:15:45Z", "10");
        assert_eq!(format_elapsed(task.elapsed().unwrap()), "48:15:45");
        assert_eq!(format_cost(task.cost().unwrap()), "$482.63");
    }

    #[test]
    fn hours_do_not_wrap_past_ninety_nine() {
        let elapsed = TimeDelta::hours(123) + TimeDelta::seconds(59);
        assert_eq!(format_elapsed(elapsed), "123:00:59");
    }

    #[test]
    fn elapsed_is_truncated_not_rounded() {
        assert_eq!(format_elapsed(TimeDelta::milliseconds(59_999)), "00:00:59");
    }

    #[test]
    fn zero_duration_costs_nothing() {
        let task = done("2026-01-01T14:00:00Z", "2026-01-01T14:00:00Z", "10");
        assert_eq!(format_elapsed(task.elapsed().unwrap()), "00:00:00");
        assert_eq!(format_cost(task.cost().unwrap()), "$0.00");
    }

    #[test]
    fn microseconds_count_toward_cost() {
        // 1 h minus 1 µs at $10/h is $9.99999999..., which rounds to $10.00.
        let task = done("2026-01-01T14:00:00Z", "2026-01-01T14:59:59.999999Z", "10");
        assert_eq!(format_cost(task.cost().unwrap()), "$10.00");
        assert_eq!(format_elapsed(task.elapsed().unwrap()), "00:59:59");
    }

    #[test]
    fn the_frozen_rate_decides_the_cost() {
        let cheap = done("2026-01-01T14:00:00Z", "2026-01-01T15:30:00Z", "10");
        let dear = done("2026-01-01T14:00:00Z", "2026-01-01T15:30:00Z", "99.99");
        assert_eq!(format_cost(cheap.cost().unwrap()), "$15.00");
        assert_eq!(format_cost(dear.cost().unwrap()), "$149.99"); // 149.985 rounds up
    }

    #[test]
    fn in_progress_runs_up_to_the_servers_clock_and_has_no_cost() {
        let mut running = task(Status::InProgress, Some("2026-01-01T00:00:00Z"), None, None);
        running.read_at = at("2026-01-03T00:00:00.5Z");
        assert_eq!(
            format_elapsed(running.require_elapsed().unwrap()),
            "48:00:00"
        );
        assert_eq!(running.cost(), None);
        assert!(running.require_cost().is_err());
        // A clock that stepped back shows zero rather than a negative time.
        running.read_at = at("2025-12-31T00:00:00Z");
        assert_eq!(format_elapsed(running.elapsed().unwrap()), "00:00:00");
    }

    #[test]
    fn todo_has_neither_elapsed_time_nor_cost() {
        let waiting = task(Status::Todo, None, None, None);
        assert_eq!(waiting.elapsed(), None);
        assert_eq!(waiting.cost(), None);
        let refusal = waiting.require_elapsed().unwrap_err();
        assert_eq!(refusal.exit_code, crate::error::ExitCode::Conflict);
    }

    #[test]
    fn names_are_trimmed_and_checked() {
        assert_eq!(parse_name("  Build a house \t").unwrap(), "Build a house");
        let injection = "'); DROP TABLE task; --";
        assert_eq!(parse_name(injection).unwrap(), injection);
        assert!(parse_name("   ").is_err());
        assert!(parse_name("two\nlines").is_err());
        assert!(parse_name("bell\u{7}").is_err());
        assert!(parse_name(&"x".repeat(MAX_NAME_CHARS)).is_ok());
        assert!(parse_name(&"é".repeat(MAX_NAME_CHARS)).is_ok());
        assert!(parse_name(&"x".repeat(MAX_NAME_CHARS + 1)).is_err());
    }

    #[test]
    fn a_name_given_twice_is_refused() {
        let names = ["a".to_string(), " a".to_string()];
        assert!(parse_names(&names).is_err());
        let names = ["a".to_string(), "A".to_string()];
        assert_eq!(parse_names(&names).unwrap(), ["a", "A"]);
    }

    #[test]
    fn hourly_rates_are_positive_decimals() {
        assert_eq!(parse_hourly_rate("12.50").unwrap().to_string(), "12.5");
        assert!(parse_hourly_rate("0").is_err());
        assert!(parse_hourly_rate("-3").is_err());
        assert!(parse_hourly_rate("ten").is_err());
        assert!(parse_hourly_rate("1e3").is_err());
        assert!(parse_hourly_rate("1_000").is_err());
        assert!(parse_hourly_rate(".").is_err());
    }

    #[test]
    fn statuses_round_trip_through_their_labels() {
        for status in [Status::Todo, Status::InProgress, Status::Done] {
            assert_eq!(status.label().parse::<Status>().unwrap(), status);
        }
        assert!("doing".parse::<Status>().is_err());
    }
}
