//! Where connection settings and the hourly rate come from: the stage's env file and the
//! environment, with the environment winning, as the old system's `<stage>_postgres_config.env`.

use std::collections::HashMap;
use std::env;
use std::ffi::OsString;
use std::fmt::{self, Write as _};
use std::path::{Path, PathBuf};
use std::time::Duration;

use rust_decimal::Decimal;

use crate::error::Failure;
use crate::task::{DEFAULT_HOURLY_RATE, parse_hourly_rate};

pub const DEFAULT_STAGE: &str = "local";
const EXAMPLE_FILE: &str = "local_postgres_config.env.example";
const DEFAULT_PORT: u16 = 5432;
/// libpq waits forever by default; a CLI in a script must not, so we wait at most this long.
const DEFAULT_CONNECT_TIMEOUT: Duration = Duration::from_secs(10);

/// Everything a command needs to know before it talks to the database.
pub struct Settings {
    pub stage: String,
    /// The env file read, if any (the environment alone may be enough).
    pub env_file: Option<PathBuf>,
    pub host: String,
    pub port: u16,
    pub dbname: String,
    pub user: String,
    pub password: String,
    /// `None` waits as long as the operating system lets a connection attempt run.
    pub connect_timeout: Option<Duration>,
    pub hourly_rate: Decimal,
}

/// Written by hand so that no debug print can ever show the password.
impl fmt::Debug for Settings {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Settings")
            .field("stage", &self.stage)
            .field("env_file", &self.env_file)
            .field("host", &self.host)
            .field("port", &self.port)
            .field("dbname", &self.dbname)
            .field("user", &self.user)
            .field("password", &"<hidden>")
            .field("connect_timeout", &self.connect_timeout)
            .field("hourly_rate", &self.hourly_rate)
            .finish()
    }
}

impl Settings {
    /// Where the database is, for messages: never includes the password.
    pub fn target(&self) -> String {
        if self.host.starts_with('/') {
            format!("database `{}` on socket {}", self.dbname, self.host)
        } else {
            format!("database `{}` at {}:{}", self.dbname, self.host, self.port)
        }
    }
}

/// The file name the old system used for a stage's settings.
pub fn env_file_name(stage: &str) -> String {
    format!("{stage}_postgres_config.env")
}

/// Reads the stage's settings: `--env-file` if given, else the first of
/// `./<stage>_postgres_config.env` and `$XDG_CONFIG_HOME/kanban/<stage>_postgres_config.env`.
///
/// An empty stage means the default, `local`, as libpq treats an empty variable as unset.
pub fn load(stage: &str, env_file: Option<&Path>) -> Result<Settings, Failure> {
    let stage = if stage.is_empty() {
        DEFAULT_STAGE
    } else {
        stage
    };
    check_stage(stage)?;
    let (file, looked_at) = match env_file {
        Some(path) => {
            if !path.is_file() {
                return Err(Failure::config(format!(
                    "env file {} does not exist or is not a file",
                    path.display()
                )));
            }
            (Some(path.to_path_buf()), vec![path.to_path_buf()])
        }
        None => {
            let candidates = candidate_files(stage);
            let found = candidates.iter().find(|path| path.is_file()).cloned();
            (found, candidates)
        }
    };
    let from_file = match &file {
        Some(path) => read_env_file(path)?,
        None => HashMap::new(),
    };
    let sources = Sources {
        stage,
        file: file.as_deref(),
        looked_at: &looked_at,
        from_file,
    };

    let port = match sources.optional("POSTGRES_PORT")? {
        None => DEFAULT_PORT,
        Some(raw) => raw
            .trim()
            .parse::<u16>()
            .ok()
            .filter(|port| *port > 0)
            .ok_or_else(|| {
                sources.invalid("POSTGRES_PORT", &raw, "a port number from 1 to 65535")
            })?,
    };
    let hourly_rate = match sources.optional("KANBAN_HOURLY_RATE")? {
        None => DEFAULT_HOURLY_RATE,
        Some(raw) => parse_hourly_rate(&raw)
            .map_err(|problem| Failure::config(format!("KANBAN_HOURLY_RATE {problem}")))?,
    };
    let connect_timeout = match sources.optional("PGCONNECT_TIMEOUT")? {
        None => Some(DEFAULT_CONNECT_TIMEOUT),
        Some(raw) => parse_connect_timeout(&raw).ok_or_else(|| {
            sources.invalid("PGCONNECT_TIMEOUT", &raw, "a whole number of seconds")
        })?,
    };
    Ok(Settings {
        stage: stage.to_owned(),
        env_file: file.clone(),
        dbname: sources.required("POSTGRES_DB")?,
        user: sources.required("POSTGRES_USER")?,
        password: sources.required_allow_empty("POSTGRES_PASSWORD")?,
        host: sources.required("POSTGRES_HOST")?,
        port,
        connect_timeout,
        hourly_rate,
    })
}

/// A stage names a file, so it must not be able to name a path.
fn check_stage(stage: &str) -> Result<(), Failure> {
    let allowed = |c: char| c.is_ascii_alphanumeric() || c == '_' || c == '-' || c == '.';
    if !stage.chars().all(allowed) || stage.starts_with('.') {
        return Err(Failure::usage(format!(
            "invalid stage {stage:?}: use letters, digits, `-`, `_` and `.` (like `local` or `prod`)"
        )));
    }
    Ok(())
}

fn candidate_files(stage: &str) -> Vec<PathBuf> {
    let name = env_file_name(stage);
    let mut candidates = vec![Path::new(".").join(&name)];
    if let Some(dir) = config_dir() {
        candidates.push(dir.join("kanban").join(&name));
    }
    candidates
}

/// `$XDG_CONFIG_HOME`, or `~/.config` when it is unset or not absolute (the XDG rules).
fn config_dir() -> Option<PathBuf> {
    env::var_os("XDG_CONFIG_HOME")
        .map(PathBuf::from)
        .filter(|dir| dir.is_absolute())
        .or_else(|| {
            env::var_os("HOME")
                .filter(|home| !home.is_empty())
                .map(|home| PathBuf::from(home).join(".config"))
        })
}

fn read_env_file(path: &Path) -> Result<HashMap<String, String>, Failure> {
    let unreadable = |problem: String| {
        Failure::config(format!(
            "cannot read env file {}: {problem}",
            path.display()
        ))
    };
    let entries = dotenvy::from_path_iter(path).map_err(|e| unreadable(describe_dotenv(e)))?;
    let mut values = HashMap::new();
    for entry in entries {
        let (key, value) = entry.map_err(|e| unreadable(describe_dotenv(e)))?;
        values.insert(key, value);
    }
    Ok(values)
}

/// dotenvy's own messages quote the offending line, which may hold a password.
fn describe_dotenv(error: dotenvy::Error) -> String {
    match error {
        dotenvy::Error::LineParse(_, index) => {
            format!("a line cannot be parsed (near character {index}); expected NAME=value lines")
        }
        dotenvy::Error::Io(error) => error.to_string(),
        dotenvy::Error::EnvVar(error) => error.to_string(),
        other => other.to_string(),
    }
}

/// libpq's rule: zero or negative waits forever, and less than 2 seconds counts as 2.
fn parse_connect_timeout(raw: &str) -> Option<Option<Duration>> {
    let seconds = raw.trim().parse::<i64>().ok()?;
    Some((seconds > 0).then(|| Duration::from_secs(seconds.max(2).unsigned_abs())))
}

/// The environment, then the env file, for one lookup of each variable.
struct Sources<'a> {
    stage: &'a str,
    file: Option<&'a Path>,
    looked_at: &'a [PathBuf],
    from_file: HashMap<String, String>,
}

impl Sources<'_> {
    fn optional(&self, key: &str) -> Result<Option<String>, Failure> {
        match env::var_os(key) {
            Some(value) => os_to_string(key, value).map(Some),
            None => Ok(self.from_file.get(key).cloned()),
        }
    }

    fn required(&self, key: &str) -> Result<String, Failure> {
        match self.optional(key)? {
            Some(value) if !value.trim().is_empty() => Ok(value),
            _ => Err(self.missing(key)),
        }
    }

    fn required_allow_empty(&self, key: &str) -> Result<String, Failure> {
        self.optional(key)?.ok_or_else(|| self.missing(key))
    }

    fn missing(&self, key: &str) -> Failure {
        let mut message = String::new();
        match self.file {
            Some(file) => {
                let _ = write!(
                    message,
                    "{key} is not set in {} nor in the environment",
                    file.display()
                );
            }
            None => {
                let places: Vec<String> = self
                    .looked_at
                    .iter()
                    .map(|path| path.display().to_string())
                    .collect();
                let _ = write!(
                    message,
                    "no env file for stage `{}`: looked for {}; create {} or set {key} and the other POSTGRES_* variables",
                    self.stage,
                    places.join(" and "),
                    env_file_name(self.stage)
                );
            }
        }
        let _ = write!(message, " (see {EXAMPLE_FILE})");
        Failure::config(message)
    }

    fn invalid(&self, key: &str, raw: &str, expected: &str) -> Failure {
        Failure::config(format!("{key} is `{raw}`, expected {expected}"))
    }
}

fn os_to_string(key: &str, value: OsString) -> Result<String, Failure> {
    value
        .into_string()
        .map_err(|_| Failure::config(format!("{key} in the environment is not valid UTF-8")))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stages_cannot_name_paths() {
        assert!(check_stage("prod").is_ok());
        assert!(check_stage("eu-west_1.staging").is_ok());
        for bad in ["../etc", "a/b", ".hidden", "a b", "ü"] {
            assert!(check_stage(bad).is_err(), "{bad:?} was accepted");
        }
    }

    #[test]
    fn connect_timeouts_follow_libpq() {
        assert_eq!(
            parse_connect_timeout("5"),
            Some(Some(Duration::from_secs(5)))
        );
        assert_eq!(
            parse_connect_timeout("1"),
            Some(Some(Duration::from_secs(2)))
        );
        assert_eq!(parse_connect_timeout("0"), Some(None));
        assert_eq!(parse_connect_timeout("-1"), Some(None));
        assert_eq!(parse_connect_timeout("soon"), None);
    }
}
