//! Who the history names for this user's changes: KANBAN_ACTOR, else `user@host`.

use std::env;

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

/// KANBAN_ACTOR if set, else `user@host` of this machine (as git names a committer).
pub fn actor() -> String {
    if let Some(actor) = env::var("KANBAN_ACTOR")
        .ok()
        .map(|actor| actor.trim().to_owned())
        .filter(|actor| !actor.is_empty())
    {
        return actor;
    }
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
}
