//! Who the history names for this user's changes: KANBAN_ACTOR, else `user@host`.

use std::env;

use crate::error::Failure;

/// This process's user name from /etc/passwd (cron jobs and containers often set no USER).
fn login_name() -> Option<String> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let uid = status
        .lines()
        .find_map(|line| line.strip_prefix("Uid:"))?
        .split_whitespace()
        .next()?
        .to_owned();
    let passwd = std::fs::read_to_string("/etc/passwd").ok()?;
    passwd.lines().find_map(|line| {
        let mut fields = line.split(':');
        let name = fields.next()?;
        (fields.nth(1)? == uid).then(|| name.to_owned())
    })
}

/// The longest actor the history keeps (the database cuts longer ones too).
const MAX_ACTOR: usize = 200;

/// KANBAN_ACTOR if set (else `of_this_machine` names the actor). An actor is one line of at
/// most 200 characters: it is printed in other people's `kanban log`.
pub fn given() -> Result<Option<String>, Failure> {
    let invalid = || {
        Failure::config(
            "KANBAN_ACTOR is not a valid actor: expected one line of UTF-8 text of at most 200 characters, without control characters or bidi controls",
        )
    };
    let given = match env::var("KANBAN_ACTOR") {
        Ok(actor) => Some(actor),
        Err(env::VarError::NotPresent) => None,
        Err(env::VarError::NotUnicode(_)) => return Err(invalid()),
    };
    if let Some(actor) = given
        .map(|actor| actor.trim().to_owned())
        .filter(|actor| !actor.is_empty())
    {
        if actor
            .chars()
            .any(|c| c.is_control() || crate::task::is_separator_or_bidi(c))
            || actor.chars().count() > MAX_ACTOR
        {
            return Err(invalid());
        }
        return Ok(Some(actor));
    }
    Ok(None)
}

/// `user@host` of this machine, as git names a committer. Looked up only once a change is
/// about to be made: a command that never reaches the server reads no system file for it.
pub fn of_this_machine() -> String {
    let user = ["USER", "LOGNAME", "USERNAME"]
        .iter()
        .find_map(|key| env::var(key).ok().filter(|user| !user.is_empty()))
        .or_else(login_name)
        .unwrap_or_else(|| "unknown".to_owned());
    let host = std::fs::read_to_string("/proc/sys/kernel/hostname")
        .or_else(|_| std::fs::read_to_string("/etc/hostname"))
        .map(|host| host.trim().to_owned())
        .ok()
        .filter(|host| !host.is_empty())
        .or_else(|| env::var("HOSTNAME").ok())
        .unwrap_or_else(|| "localhost".to_owned());
    format!("{user}@{host}")
        .chars()
        .filter(|c| !c.is_control())
        .take(MAX_ACTOR)
        .collect()
}
