//! How a typed name finds its task. An exact name always wins; then a handle, `#42`, stands
//! for the task whose id is 42. Changes act only on those (as git does without autocorrect).
//! Reads go on to a unique case-insensitive match, then a unique prefix, and say which task
//! they used.

use std::collections::HashMap;

use anyhow::Result;
use postgres::types::Type;

use super::{Repository, SCHEMA_CHECK, TASK_COLUMNS, task_from_row};
use crate::error::Failure;
use crate::task::Task;

/// `#` and up to 18 digits: a task's handle (an id that fits a bigint).
pub fn is_handle(text: &str) -> bool {
    text.strip_prefix('#').is_some_and(|digits| {
        (1..=18).contains(&digits.len()) && digits.bytes().all(|b| b.is_ascii_digit())
    })
}

/// The most tasks a read's loose match lists when it is ambiguous.
const MOST_LISTED: i64 = 10;

impl Repository {
    /// The names for `given`, with each handle replaced by its task's name (unless a task is
    /// named like the handle: an exact name wins). A handle no task has stays as typed, to be
    /// reported missing. One query, and only when a handle is given.
    pub(super) fn with_handles(&mut self, given: &[String]) -> Result<Vec<String>> {
        if !given.iter().any(|text| is_handle(text)) {
            return Ok(given.to_vec());
        }
        let sql = format!(
            "SELECT typed, coalesce(exact.name, by_id.name)::text \
               FROM unnest($1::text[]) AS typed \
               LEFT JOIN kanban_task AS exact ON exact.name = typed \
               LEFT JOIN kanban_task AS by_id ON exact.name IS NULL \
                    AND by_id.id = CASE WHEN typed ~ '^#[0-9]{{1,18}}$' \
                                        THEN substr(typed, 2)::bigint END \
              WHERE {SCHEMA_CHECK}"
        );
        let rows = self
            .client
            .query_typed(&sql, &[(&given, Type::TEXT_ARRAY)])
            .map_err(|error| self.failure(error))?;
        let mut names: HashMap<String, String> = HashMap::with_capacity(rows.len());
        for row in &rows {
            let typed: String = row.try_get(0)?;
            if let Some(name) = row.try_get::<_, Option<String>>(1)? {
                names.insert(typed, name);
            }
        }
        let resolved: Vec<String> = given
            .iter()
            .map(|typed| names.get(typed).cloned().unwrap_or_else(|| typed.clone()))
            .collect();
        // `foo` and `#3` may be one task: the command would act on it twice.
        let mut seen = std::collections::HashSet::with_capacity(resolved.len());
        if let Some(twice) = resolved.iter().find(|name| !seen.insert(name.as_str())) {
            return Err(Failure::usage(format!(
                "task `{twice}` is named more than once (by its name and its handle)"
            ))
            .into());
        }
        Ok(resolved)
    }

    /// One task for a read, and a note to print when it was not named exactly: the exact
    /// name (one round trip, the usual case), else its handle, else the one task whose name
    /// matches ignoring case, else the one whose name starts with it (ignoring case).
    pub fn find(&mut self, typed: &str) -> Result<(Task, Option<String>)> {
        let sql =
            format!("SELECT {TASK_COLUMNS} FROM kanban_task WHERE {SCHEMA_CHECK} AND name = $1");
        let row = self
            .client
            .query_typed_opt(&sql, &[(&typed, Type::TEXT)])
            .map_err(|error| self.failure(error))?;
        if let Some(row) = row {
            return Ok((task_from_row(&row)?, None));
        }
        // Looser matches scan the names: a person typed this, on the way to an error or a
        // guess, so a second query is fine here.
        let handle = typed
            .strip_prefix('#')
            .filter(|_| is_handle(typed))
            .and_then(|digits| digits.parse::<i64>().ok());
        let sql = format!(
            "SELECT {TASK_COLUMNS}, CASE WHEN id = $2 THEN 0 WHEN lower(name) = lower($1) THEN 1 \
                                    ELSE 2 END AS closeness \
               FROM kanban_task \
              WHERE {SCHEMA_CHECK} \
                AND (id = $2 OR lower(name) = lower($1) OR starts_with(lower(name), lower($1))) \
              ORDER BY closeness, id LIMIT $3"
        );
        let rows = self
            .client
            .query_typed(
                &sql,
                &[
                    (&typed, Type::TEXT),
                    (&handle, Type::INT8),
                    (&(MOST_LISTED + 1), Type::INT8),
                ],
            )
            .map_err(|error| self.failure(error))?;
        let mut ranked: Vec<(i32, Task)> = Vec::with_capacity(rows.len());
        for row in &rows {
            ranked.push((row.try_get("closeness")?, task_from_row(row)?));
        }
        let Some(best) = ranked.first().map(|(closeness, _)| *closeness) else {
            return Err(self.missing_tasks(&[typed])?.into());
        };
        let mut equally_close: Vec<Task> = ranked
            .into_iter()
            .filter(|(closeness, _)| *closeness == best)
            .map(|(_, task)| task)
            .collect();
        if equally_close.len() == 1 {
            let task = equally_close.remove(0);
            // A handle names its task exactly; a looser match says which task it took.
            let note = (best > 0).then(|| format!("using task `{}` for `{typed}`", task.name));
            return Ok((task, note));
        }
        let listed: Vec<String> = equally_close
            .iter()
            .take(usize::try_from(MOST_LISTED).unwrap_or(10))
            .map(|task| format!("`{}` (#{})", task.name, task.id))
            .collect();
        let more = if equally_close.len() > listed.len() {
            ", ..."
        } else {
            ""
        };
        Err(Failure::not_found(format!(
            "`{typed}` matches several tasks: {}{more}; type the whole name or its handle",
            listed.join(", ")
        ))
        .into())
    }
}

#[cfg(test)]
mod tests {
    use super::is_handle;

    #[test]
    fn handles_are_a_hash_and_digits() {
        assert!(is_handle("#1") && is_handle("#42"));
        assert!(!is_handle("#") && !is_handle("42") && !is_handle("#4a") && !is_handle("# 4"));
        assert!(!is_handle("#1234567890123456789"), "beyond a bigint");
    }
}
