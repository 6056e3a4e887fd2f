//! The stage's env file: `NAME=value` lines read with a bound and a byte-order mark skipped,
//! errors that name a line but never quote it, and the warning when others may read it.

use std::collections::HashMap;
use std::io::Read;
use std::path::Path;

use crate::closest::closest;
use crate::error::Failure;

/// An env file larger than this is a mistake (`--env-file /dev/zero`), not settings.
const MAX_ENV_FILE: u64 = 1024 * 1024;

/// Reads NAME=value lines: at most `MAX_ENV_FILE` bytes of UTF-8, a leading byte-order mark
/// skipped, errors naming the line (never quoting it: it may hold a password).
pub fn read_env_file(path: &Path) -> Result<HashMap<String, String>, Failure> {
    let unreadable = |problem: String| {
        Failure::config(format!(
            "cannot read env file {}: {problem}",
            path.display()
        ))
    };
    let mut bytes = Vec::new();
    std::fs::File::open(path)
        .and_then(|file| file.take(MAX_ENV_FILE + 1).read_to_end(&mut bytes))
        .map_err(|error| unreadable(error.to_string()))?;
    if bytes.len() as u64 > MAX_ENV_FILE {
        return Err(unreadable(
            "it is larger than 1 MiB, so not an env file".to_owned(),
        ));
    }
    let text =
        String::from_utf8(bytes).map_err(|_| unreadable("it is not UTF-8 text".to_owned()))?;
    let text = text.strip_prefix('\u{feff}').unwrap_or(&text);
    let mut values = HashMap::new();
    for entry in dotenvy::from_read_iter(text.as_bytes()) {
        let (key, value) = entry.map_err(|error| unreadable(describe_dotenv(error, text)))?;
        values.insert(key, value);
    }
    Ok(values)
}

/// dotenvy's own messages quote the offending line, which may hold a password: name its
/// number instead.
fn describe_dotenv(error: dotenvy::Error, text: &str) -> String {
    match error {
        dotenvy::Error::LineParse(line, _) => {
            let number = text
                .find(line.as_str())
                .map_or(0, |at| text[..at].matches('\n').count() + 1);
            format!("line {number} cannot be parsed; expected NAME=value lines")
        }
        dotenvy::Error::Io(error) => error.to_string(),
        dotenvy::Error::EnvVar(error) => error.to_string(),
        other => other.to_string(),
    }
}

/// The settings kanban reads from an env file (and the environment).
const KNOWN_KEYS: [&str; 23] = [
    "POSTGRES_DB",
    "POSTGRES_USER",
    "POSTGRES_PASSWORD",
    "POSTGRES_HOST",
    "POSTGRES_PORT",
    "POSTGRES_SSLMODE",
    "POSTGRES_SSLROOTCERT",
    "POSTGRES_OPTIONS",
    "KANBAN_HOURLY_RATE",
    "KANBAN_LOCK_TIMEOUT",
    "KANBAN_STATEMENT_TIMEOUT",
    "KANBAN_READ_TIMEOUT",
    "PGHOST",
    "PGPORT",
    "PGDATABASE",
    "PGUSER",
    "PGPASSWORD",
    "PGSSLMODE",
    "PGSSLROOTCERT",
    "PGCONNECT_TIMEOUT",
    "PGAPPNAME",
    "PGPASSFILE",
    "PGOPTIONS",
];

/// A warning for each `POSTGRES_*`, `KANBAN_*` or `PG*` key of the file that kanban does not
/// read, naming the closest one it does: `POSTGRES_PROT=55433` is otherwise silently
/// ignored, and the error that follows ("cannot reach ...:5432") points elsewhere.
pub fn unknown_keys(path: &Path, values: &HashMap<String, String>) -> Vec<String> {
    let mut unknown: Vec<&String> = values
        .keys()
        .filter(|key| {
            ["POSTGRES_", "KANBAN_", "PG"]
                .iter()
                .any(|prefix| key.to_ascii_uppercase().starts_with(prefix))
                && !KNOWN_KEYS.contains(&key.as_str())
        })
        .collect();
    unknown.sort();
    unknown
        .into_iter()
        .map(|key| {
            let hint = closest(key, KNOWN_KEYS)
                .map_or_else(String::new, |known| format!(" (did you mean {known}?)"));
            format!(
                "{}: {key} is not a setting kanban reads from an env file{hint}; it is ignored",
                path.display()
            )
        })
        .collect()
}

/// A warning when an env file holding a password may be read by other users.
pub fn readable_secret(path: &Path, values: &HashMap<String, String>) -> Option<String> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let holds_password = ["POSTGRES_PASSWORD", "PGPASSWORD"]
            .iter()
            .any(|key| values.get(*key).is_some_and(|value| !value.is_empty()));
        let mode = std::fs::metadata(path).ok()?.permissions().mode();
        if holds_password && mode & 0o077 != 0 {
            return Some(format!(
                "{} holds a password and other users may read it: chmod 600 {}",
                path.display(),
                path.display()
            ));
        }
    }
    let _ = (path, values);
    None
}
