//! Why a change was refused, said once the statement changed nothing: every missing name
//! (with the closest existing one), else every task in the wrong column. These queries run
//! only on the error path.

use std::collections::HashMap;

use anyhow::Result;
use postgres::types::Type;

use super::Repository;
use crate::closest::closest;
use crate::error::Failure;
use crate::task::{Status, wrong_column};

/// Each named task on the board: its column, and whether it is paused with time worked.
type Statuses = HashMap<String, (Status, bool)>;

/// A refusal whose cause is gone by the time it is explained.
const CHANGED_MEANWHILE: &str =
    "another client changed these tasks at the same moment; look at `kanban tasks` and try again";

impl Repository {
    /// Says why a transition from `from` to `to` moved nothing: every named task that is
    /// missing (with the closest names), else every one in the wrong column. Queries run only
    /// on this error path.
    pub(super) fn explain_refusal(
        &mut self,
        typed: &[String],
        names: &[String],
        from: Status,
        to: Status,
    ) -> Result<Failure> {
        if self.renamed_meanwhile(typed, names)? {
            return Ok(Failure::conflict(CHANGED_MEANWHILE));
        }
        let found = match self.all_found(names)? {
            Ok(found) => found,
            Err(missing) => return Ok(missing),
        };
        let problems: Vec<String> = names
            .iter()
            .filter_map(|name| {
                let (status, paused) = found.get(name)?;
                (*status != from).then(|| {
                    match (from, to, status) {
                        // reopen
                        (Status::Done, _, Status::Todo) => {
                            format!("task `{name}` is in To Do: only a Done task can be reopened")
                        }
                        (Status::Done, _, _) => format!("task `{name}` is already In Progress"),
                        // stop
                        (_, Status::Todo, Status::Todo) => format!(
                            "task `{name}` is in To Do: only a task In Progress can be stopped"
                        ),
                        (_, Status::Todo, _) => format!(
                            "task `{name}` is Done: nothing to stop (`kanban reopen` brings it back)"
                        ),
                        // resolve of a stopped task
                        (_, _, Status::Todo) if *paused => format!(
                            "task `{name}` is stopped (paused in To Do): run `kanban start` to resume it first"
                        ),
                        _ => wrong_column(name, *status, from).message,
                    }
                })
            })
            .collect();
        if problems.is_empty() {
            return Ok(Failure::conflict(CHANGED_MEANWHILE));
        }
        Ok(Failure::conflict(problems.join("; ")))
    }

    /// Says why a removal removed nothing: every missing name, else every task that goes only
    /// with --force.
    pub(super) fn explain_removal(
        &mut self,
        typed: &[String],
        names: &[String],
        force: bool,
    ) -> Result<Failure> {
        if self.renamed_meanwhile(typed, names)? {
            return Ok(Failure::conflict(CHANGED_MEANWHILE));
        }
        let found = match self.all_found(names)? {
            Ok(found) => found,
            Err(missing) => return Ok(missing),
        };
        let problems: Vec<String> = names
            .iter()
            .filter_map(|name| {
                let problem = match found.get(name) {
                    _ if force => None,
                    Some((Status::InProgress, _)) => {
                        Some("is In Progress: removing it loses its time in work")
                    }
                    Some((Status::Todo, true)) => {
                        Some("is stopped with time in work recorded: removing it loses that time")
                    }
                    Some((Status::Done, _)) => Some("is Done and its cost is billing data"),
                    _ => None,
                };
                problem.map(|problem| format!("task `{name}` {problem}"))
            })
            .collect();
        if problems.is_empty() {
            return Ok(Failure::conflict(CHANGED_MEANWHILE));
        }
        let them = if problems.len() == 1 { "it" } else { "them" };
        Ok(Failure::conflict(format!(
            "{}; use --force to remove {them} anyway",
            problems.join("; ")
        )))
    }

    /// Says why a rename renamed nothing: the task is gone, or (named by its handle) it was
    /// renamed by another client meanwhile.
    pub(super) fn explain_rename(&mut self, typed: &str, name: &str) -> Result<Failure> {
        if self.renamed_meanwhile(&[typed.to_owned()], &[name.to_owned()])? {
            return Ok(Failure::conflict(CHANGED_MEANWHILE));
        }
        self.missing_tasks(&[name])
    }

    /// Whether a task named by its handle was renamed between the handle's lookup and the
    /// change, which then found no row by that name: the refusal is that race, not a task
    /// that is missing or in the wrong column. (A handle that finds no task now is a task
    /// removed meanwhile: missing.)
    fn renamed_meanwhile(&mut self, typed: &[String], names: &[String]) -> Result<bool> {
        if typed == names {
            return Ok(false);
        }
        let now = self.with_handles(typed)?;
        Ok(typed
            .iter()
            .zip(names)
            .zip(&now)
            .any(|((typed, then), now)| now != then && now != typed))
    }

    /// The tasks' statuses when every name is on the board; else the refusal for the
    /// missing ones.
    fn all_found(&mut self, names: &[String]) -> Result<Result<Statuses, Failure>> {
        let found = self.statuses(names)?;
        let missing: Vec<&str> = names
            .iter()
            .filter(|name| !found.contains_key(*name))
            .map(String::as_str)
            .collect();
        if missing.is_empty() {
            Ok(Ok(found))
        } else {
            Ok(Err(self.missing_tasks(&missing)?))
        }
    }

    /// The refusal for names that are not on the board: all of them at once, each with the
    /// closest existing name when one is near enough to be a typo of it.
    pub(super) fn missing_tasks(&mut self, missing: &[&str]) -> Result<Failure> {
        let room = |name: &&str| name.chars().count() / 3 + 1;
        let shortest = missing
            .iter()
            .map(|name| name.chars().count().saturating_sub(room(name)))
            .min()
            .unwrap_or(0);
        let longest = missing
            .iter()
            .map(|name| name.chars().count() + room(name))
            .max()
            .unwrap_or(0);
        // Names of about the right length, newest first; enough for any board a person types
        // names from, bounded for any other.
        let rows = self
            .client
            .query_typed(
                "SELECT name::text FROM kanban_task WHERE char_length(name) BETWEEN $1 AND $2 \
                  ORDER BY id DESC LIMIT 100000",
                &[
                    (&i32::try_from(shortest).unwrap_or(i32::MAX), Type::INT4),
                    (&i32::try_from(longest).unwrap_or(i32::MAX), Type::INT4),
                ],
            )
            .map_err(|error| self.failure(error))?;
        let names: Vec<String> = rows
            .iter()
            .map(|row| row.try_get(0))
            .collect::<Result<_, _>>()?;
        let each: Vec<String> = missing
            .iter()
            .map(
                |name| match closest(name, names.iter().map(String::as_str)) {
                    Some(meant) => format!("`{name}` (did you mean `{meant}`?)"),
                    None => format!("`{name}`"),
                },
            )
            .collect();
        Ok(Failure::not_found(format!(
            "no task named {} (see `kanban tasks`)",
            each.join(", nor ")
        )))
    }

    /// The column of each named task that exists, and whether it is a paused one; a map, so
    /// that explaining a batch of any size costs one lookup per name.
    pub(super) fn statuses(&mut self, names: &[String]) -> Result<Statuses> {
        let rows = self
            .client
            .query_typed(
                "SELECT name::text, status::text, sessions > 0 FROM kanban_task WHERE name = ANY($1::text[])",
                &[(&names, Type::TEXT_ARRAY)],
            )
            .map_err(|error| self.failure(error))?;
        rows.iter()
            .map(|row| {
                let status: String = row.try_get(1)?;
                let status: Status = status.parse().map_err(anyhow::Error::msg)?;
                let worked: bool = row.try_get(2)?;
                Ok((row.try_get(0)?, (status, status == Status::Todo && worked)))
            })
            .collect()
    }
}
