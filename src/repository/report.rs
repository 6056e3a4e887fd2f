//! The SQL of `kanban report`: the server resolves the window in the report's zone, clips
//! every work session to it, splits it at local midnights (for days, weeks and months) and
//! sums time and money per row, in one statement whose rows stream back.

use anyhow::Result;
use chrono::{DateTime, Utc};
use postgres::error::SqlState;
use postgres::fallible_iterator::FallibleIterator;
use postgres::types::{ToSql, Type};
use rust_decimal::Decimal;

use super::{Repository, SCHEMA_CHECK, ServerTime};
use crate::cli::GroupBy;
use crate::error::Failure;
use crate::guard;
use crate::task::Status;
use crate::time_zone::ReportZone;
use crate::when::{Day, When};

/// What a report covers.
#[derive(Debug)]
pub struct ReportQuery<'a> {
    pub since: Option<When>,
    pub until: Option<When>,
    pub group_by: GroupBy,
    /// Only tasks now in these columns; all when empty.
    pub statuses: &'a [Status],
    /// The zone of days and dates.
    pub zone: &'a ReportZone,
    /// The rate of work not yet resolved.
    pub rate_now: Decimal,
}

/// The window as the server resolved it, in UTC and as local times of the report's zone.
#[derive(Debug, Clone, PartialEq)]
pub struct Window {
    pub since: DateTime<Utc>,
    pub until: DateTime<Utc>,
    pub since_local: String,
    pub until_local: String,
}

/// One row as the server sums it.
#[derive(Debug, Clone, PartialEq)]
pub struct Summed {
    /// The task's name, the day (`2026-11-23`), the ISO week (`2026-W48`), the month
    /// (`2026-11`) or the actor.
    pub key: String,
    /// The task's column now (by task only).
    pub status: Option<Status>,
    /// Work time inside the window, in microseconds.
    pub micros: i64,
    /// The sum of each piece's microseconds x its hourly rate.
    pub weighted: Decimal,
    /// Every piece's rate is frozen (its task is Done).
    pub settled: bool,
    /// Some of the work is still going on.
    pub running: bool,
}

/// What the statement streams: the window first, then the rows.
#[derive(Debug)]
pub enum ReportLine {
    Window(Window),
    Row(Summed),
}

/// The SQL parameters of a statement built piece by piece.
#[derive(Default)]
struct Parameters(Vec<(Box<dyn ToSql + Sync>, Type)>);

impl Parameters {
    /// Adds a value and returns its placeholder.
    fn add(&mut self, value: impl ToSql + Sync + 'static, kind: Type) -> String {
        self.0.push((Box::new(value), kind));
        format!("${}", self.0.len())
    }
}

/// The first moment a local time of the zone (`$1`) is shown: where the clock is set back
/// over it (Havana's midnight, 01:00 back to 00:00), the server would take the second. A local
/// time the clock skips is taken as the server takes it.
fn first_moment(local: &str) -> String {
    // An expression, not a subquery: a subquery per period would keep the server from
    // summing in parallel.
    let at = format!("(({local}) AT TIME ZONE $1)");
    let earlier = |by: &str| {
        format!(
            "WHEN ({at} - interval '{by}') AT TIME ZONE $1 = ({local}) THEN {at} - interval '{by}'"
        )
    };
    format!(
        "(CASE {} {} {} ELSE {at} END)",
        earlier("2 hours"),
        earlier("1 hour"),
        earlier("30 minutes")
    )
}

/// A window's edge as an SQL expression of the server's now and the zone (`$1`).
fn edge(when: When, parameters: &mut Parameters) -> String {
    let local_today = "(now() AT TIME ZONE $1)::date";
    // A midnight is a subquery of its own, computed once: as an expression it would be
    // computed again for every session it is compared with (a year's report by task given
    // by dates took twice as long).
    let midnight =
        |date: String| format!("(SELECT {})", first_moment(&format!("({date})::timestamp")));
    match when {
        When::At(at) => format!("{}::timestamptz", parameters.add(at, Type::TIMESTAMPTZ)),
        When::Ago(span) => format!(
            "(now() - {}::int8 * interval '1 microsecond')",
            parameters.add(span.num_microseconds().unwrap_or(i64::MAX), Type::INT8)
        ),
        When::Midnight(Day::Date(date)) => {
            midnight(format!("{}::date", parameters.add(date, Type::DATE)))
        }
        When::Midnight(Day::DaysAgo(days)) => midnight(format!(
            "{local_today} - {}::int4",
            parameters.add(i32::from(days), Type::INT4)
        )),
        When::Midnight(Day::Last(weekday)) => midnight(format!(
            "{local_today} - (extract(isodow FROM {local_today})::int4 - {}::int4 + 7) % 7",
            parameters.add(
                i32::try_from(weekday.number_from_monday()).unwrap_or(1),
                Type::INT4
            )
        )),
    }
}

impl Repository {
    /// Hands the window, then each row, to `visit` as they arrive.
    pub fn each_report_line(
        &mut self,
        query: &ReportQuery<'_>,
        mut visit: impl FnMut(ReportLine) -> std::io::Result<()>,
    ) -> Result<()> {
        let mut parameters = Parameters::default();
        parameters.add(query.zone.server.clone(), Type::TEXT);
        let rate_now = parameters.add(query.rate_now, Type::NUMERIC);
        let statuses: Vec<String> = query
            .statuses
            .iter()
            .map(|status| status.label().to_owned())
            .collect();
        let statuses = parameters.add(statuses, Type::TEXT_ARRAY);
        let since = query.since.map_or_else(
            || {
                format!(
                    "(SELECT {})",
                    first_moment("date_trunc('week', now() AT TIME ZONE $1)")
                )
            },
            |when| edge(when, &mut parameters),
        );
        let until = query
            .until
            .map_or_else(|| "now()".to_owned(), |when| edge(when, &mut parameters));
        let sql = report_sql(query.group_by, &since, &until, &rate_now, &statuses);
        let params = parameters
            .0
            .iter()
            .map(|(value, kind)| (value.as_ref(), kind.clone()));
        let mut window_seen = false;
        let error = match self.client.query_typed_raw(&sql, params) {
            Ok(mut rows) => loop {
                let first = !std::mem::replace(&mut window_seen, true);
                let row = match rows.next() {
                    Ok(Some(row)) => row,
                    Ok(None) => return Ok(()),
                    Err(error) => break error,
                };
                // Every row carries the window; the first hands it on.
                if first {
                    let window = Window {
                        since: row.try_get::<_, ServerTime>(0)?.0,
                        until: row.try_get::<_, ServerTime>(1)?.0,
                        since_local: row.try_get(2)?,
                        until_local: row.try_get(3)?,
                    };
                    if window.since >= window.until {
                        return Err(Failure::usage(format!(
                            "the window is empty: --since ({}) is not before --until ({}), {}",
                            window.since_local, window.until_local, query.zone.name
                        ))
                        .into());
                    }
                    guard::outside(|| visit(ReportLine::Window(window)))?;
                }
                let Some(key) = row.try_get::<_, Option<String>>(4)? else {
                    continue;
                };
                let status = row
                    .try_get::<_, Option<&str>>(5)?
                    .map(str::parse::<Status>)
                    .transpose()
                    .map_err(anyhow::Error::msg)?;
                let summed = Summed {
                    key,
                    status,
                    micros: row.try_get(6)?,
                    weighted: row.try_get(7)?,
                    settled: row.try_get(8)?,
                    running: row.try_get(9)?,
                };
                guard::outside(|| visit(ReportLine::Row(summed)))?;
            },
            Err(error) => error,
        };
        if error.code() == Some(&SqlState::INVALID_PARAMETER_VALUE) {
            let zone = &query.zone.name;
            return Err(if query.zone.given {
                Failure::usage(format!(
                    "the server does not know the time zone `{zone}`: use a name like Europe/Berlin, or an offset like +05:30"
                ))
            } else {
                Failure::config(format!(
                    "the server does not know the time zone `{zone}` (from TZ, or the system's): give the report one with --tz, like --tz Europe/Berlin"
                ))
            }
            .into());
        }
        Err(self.failure(error))
    }
}

/// The report's statement. `work`: each session's part inside the window, with its task's
/// rate (frozen, or the rate in force now); `pieces`: those parts, split at the local
/// midnights that start each day, week or month when the rows are periods (cut at the first
/// moments of those midnights, so they add up to the part exactly whatever DST does; the
/// series runs from the earlier of its ends' local times, for a clock set back across
/// midnight); then one row per key, named once it is summed. No materialised CTE, so the
/// server may scan and sum in parallel, as it does a hand-written aggregate.
fn report_sql(
    group_by: GroupBy,
    since: &str,
    until: &str,
    rate_now: &str,
    statuses: &str,
) -> String {
    let period = match group_by {
        GroupBy::Day => Some(("day", "YYYY-MM-DD")),
        GroupBy::Week => Some(("week", "IYYY-\"W\"IW")),
        GroupBy::Month => Some(("month", "YYYY-MM")),
        GroupBy::Task | GroupBy::Actor => None,
    };
    // Who started a session: the change that put its task into work nearest its start,
    // preferring one at or before it (kanban's own start is at the same instant).
    let actor = if group_by == GroupBy::Actor {
        ", coalesce((SELECT e.actor FROM task_event AS e \
                      WHERE e.task_id = w.task_id AND e.to_status IN ('in_progress', 'done') \
                        AND e.from_status IS DISTINCT FROM e.to_status \
                        AND e.from_status IS DISTINCT FROM 'in_progress' \
                      ORDER BY e.at > w.started, abs(extract(epoch FROM e.at - w.started)), e.id \
                      LIMIT 1), 'unknown') AS actor"
    } else {
        ""
    };
    // Each part as (task, key, rate, settled, running, lo, hi), cut at the periods' edges:
    // the periods the window touches (one more either side), each from the first moment of
    // its local start to the next one's, joined to a part's local starts. GROUP BY keeps the
    // periods a subquery computed once, not first moments computed again for every part.
    let pieces = match period {
        Some((unit, _)) => format!(
            "SELECT work.task_id, work.name, work.status, work.rate, work.settled, work.running, \
                    b.start AS key, greatest(work.lo, b.first) AS lo, least(work.hi, b.next) AS hi \
               FROM work \
              CROSS JOIN LATERAL (SELECT work.lo AT TIME ZONE $1 AS lo, \
                                         work.hi AT TIME ZONE $1 AS hi) AS here \
              CROSS JOIN LATERAL generate_series(date_trunc('{unit}', least(here.lo, here.hi)), \
                                                 greatest(here.lo, here.hi), interval '1 {unit}') AS s \
               JOIN (SELECT s AS start, {first} AS first, {next} AS next \
                       FROM generate_series(date_trunc('{unit}', ({since}) AT TIME ZONE $1) - interval '1 {unit}', \
                                            ({until}) AT TIME ZONE $1 + interval '1 {unit}', \
                                            interval '1 {unit}') AS s GROUP BY s) AS b ON b.start = s",
            first = first_moment("s"),
            next = first_moment(&format!("s + interval '1 {unit}'"))
        ),
        None => format!(
            "SELECT work.task_id, work.name, work.status, work.rate, work.settled, work.running, \
                    {key} AS key, work.lo, work.hi FROM work",
            key = if group_by == GroupBy::Actor {
                "work.actor"
            } else {
                "work.name"
            }
        ),
    };
    let (status, group, order) = match group_by {
        GroupBy::Task => (
            "p.status::text",
            "p.task_id, p.key, p.status",
            "r.first, r.task_id",
        ),
        _ => ("NULL::text", "p.key", "r.key"),
    };
    let task_id = if group_by == GroupBy::Task {
        "p.task_id"
    } else {
        "NULL::int8"
    };
    // A period's name from its local start, once per row.
    let key = match period {
        Some((_, label)) => format!("to_char(r.key, '{label}')"),
        None => "r.key".to_owned(),
    };
    // Every row carries the window; a window without work is one row whose key is NULL.
    format!(
        "WITH work AS ( \
             SELECT w.task_id, t.name::text AS name, t.status, \
                    coalesce(t.hourly_rate, {rate_now}::numeric) AS rate, \
                    t.status = 'done' AS settled, w.ended IS NULL AS running, \
                    greatest(w.started, {since}) AS lo, \
                    least(coalesce(w.ended, greatest(now(), w.started)), {until}) AS hi {actor} \
               FROM task_work AS w \
               JOIN kanban_task AS t ON t.id = w.task_id \
              WHERE w.started < {until} AND (w.ended IS NULL OR w.ended > {since}) \
                AND (cardinality({statuses}::text[]) = 0 OR t.status::text = ANY({statuses}::text[]))), \
         pieces AS ( \
             SELECT p.*, (extract(epoch FROM p.hi - p.lo) * 1000000)::int8 AS micros \
               FROM ({pieces}) AS p WHERE p.hi > p.lo), \
         rows AS ( \
             SELECT {task_id} AS task_id, p.key, {status} AS status, \
                    sum(p.micros)::int8 AS micros, sum(p.micros * p.rate) AS weighted, \
                    bool_and(p.settled) AS settled, bool_or(p.running) AS running, \
                    min(p.lo) AS first \
               FROM pieces AS p \
              GROUP BY {group}) \
         SELECT ({since}), ({until}), \
                to_char(({since}) AT TIME ZONE $1, 'YYYY-MM-DD HH24:MI:SS'), \
                to_char(({until}) AT TIME ZONE $1, 'YYYY-MM-DD HH24:MI:SS'), \
                {key}, r.status, r.micros, r.weighted, r.settled, r.running \
           FROM (SELECT) AS one LEFT JOIN rows AS r ON true \
          WHERE {SCHEMA_CHECK} \
          ORDER BY {order}"
    )
}
