//! Where connection settings come from, resolved one setting at a time, first source wins:
//!
//! 1. `--database-url` / `KANBAN_DATABASE_URL` (a postgres:// URL or key=value conninfo);
//! 2. `POSTGRES_*`, from the environment, then the stage's env file (the old system's
//!    `<stage>_postgres_config.env`);
//! 3. libpq's `PG*` variables, from the environment, then the env file;
//! 4. for the password only, the password file (`PGPASSFILE` or `~/.pgpass`).
//!
//! The driver reads none of these itself; this module is the whole resolver.

mod actor;
mod env_file;
mod limits;

pub use limits::{Keepalives, Limits};

use std::collections::HashMap;
use std::env;
use std::fmt;
use std::path::{Path, PathBuf};
use std::time::Duration;

use rust_decimal::Decimal;

use crate::conninfo;
use crate::error::Failure;
use crate::pgpass;
use crate::task::{DEFAULT_HOURLY_RATE, parse_hourly_rate};

pub const DEFAULT_STAGE: &str = "local";
const EXAMPLE_FILE: &str = "local_postgres_config.env.example";
const DEFAULT_PORT: u16 = 5432;
/// libpq waits forever by default; a CLI in a script must not, so we wait at most this long.
const DEFAULT_CONNECT_TIMEOUT: Duration = Duration::from_secs(10);
/// libpq's default socket directories (Debian's first), for a host left unset.
const SOCKET_DIRECTORIES: [&str; 2] = ["/var/run/postgresql", "/tmp"];

/// libpq's `sslmode`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SslMode {
    Disable,
    Allow,
    Prefer,
    Require,
    VerifyCa,
    VerifyFull,
}

impl SslMode {
    fn parse(text: &str) -> Option<SslMode> {
        Some(match text {
            "disable" => SslMode::Disable,
            "allow" => SslMode::Allow,
            "prefer" => SslMode::Prefer,
            "require" => SslMode::Require,
            "verify-ca" => SslMode::VerifyCa,
            "verify-full" => SslMode::VerifyFull,
            _ => return None,
        })
    }

    pub fn name(self) -> &'static str {
        match self {
            SslMode::Disable => "disable",
            SslMode::Allow => "allow",
            SslMode::Prefer => "prefer",
            SslMode::Require => "require",
            SslMode::VerifyCa => "verify-ca",
            SslMode::VerifyFull => "verify-full",
        }
    }
}

/// Which certificate authorities a verifying connection trusts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RootCerts {
    /// A PEM file of CA certificates.
    File(PathBuf),
    /// The operating system's store (`sslrootcert=system`).
    System,
}

/// Everything a command needs to know before it talks to the database.
#[derive(Clone)]
pub struct Settings {
    pub stage: String,
    /// The env file read, if any (other sources may be enough).
    pub env_file: Option<PathBuf>,
    pub host: String,
    pub port: u16,
    pub dbname: String,
    pub user: String,
    pub password: Option<String>,
    /// Where the user name and the password came from, for messages (never the values).
    pub user_source: String,
    pub password_source: Option<String>,
    pub ssl_mode: SslMode,
    /// Set when given, or when `~/.postgresql/root.crt` exists (libpq's default).
    pub root_certs: Option<RootCerts>,
    /// `None` waits as long as the operating system lets a connection attempt run.
    pub connect_timeout: Option<Duration>,
    pub application_name: String,
    /// The limits on waiting; `None` waits without limit (a setting of 0).
    pub limits: Limits,
    /// libpq's `options` (`-c name=value ...`), sent after kanban's own so that they win.
    pub options: Option<String>,
    pub keepalives: Keepalives,
    /// The command changes the board: the server's statement limit applies to it.
    pub changes: bool,
    /// A connection that gets no answer in time ends the process (a one-shot command, which
    /// can then connect without a thread of its own); false for a caller that goes on.
    pub connect_ends_process: bool,
    pub hourly_rate: Decimal,
    /// Who the history names for this user's changes, when KANBAN_ACTOR says (see `actor`).
    pub given_actor: Option<String>,
    /// Problems worth a line on stderr that do not stop the command.
    pub warnings: Vec<String>,
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
            .field("password", &self.password.as_ref().map(|_| "<hidden>"))
            .field("ssl_mode", &self.ssl_mode)
            .field("root_certs", &self.root_certs)
            .field("connect_timeout", &self.connect_timeout)
            .field("application_name", &self.application_name)
            .field("limits", &self.limits)
            .field("options", &self.options)
            .field("keepalives", &self.keepalives)
            .field("hourly_rate", &self.hourly_rate)
            .finish()
    }
}

impl Settings {
    /// Who the history names for this user's changes: KANBAN_ACTOR, else user@host.
    pub fn actor(&self) -> String {
        self.given_actor
            .clone()
            .unwrap_or_else(actor::of_this_machine)
    }

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

/// One setting's names in each source: URL option, POSTGRES_* variable, libpq variable.
struct Setting {
    option: &'static str,
    postgres: Option<&'static str>,
    libpq: Option<&'static str>,
}

const HOST: Setting = setting("host", Some("POSTGRES_HOST"), Some("PGHOST"));
const PORT: Setting = setting("port", Some("POSTGRES_PORT"), Some("PGPORT"));
const DBNAME: Setting = setting("dbname", Some("POSTGRES_DB"), Some("PGDATABASE"));
const USER: Setting = setting("user", Some("POSTGRES_USER"), Some("PGUSER"));
const PASSWORD: Setting = setting("password", Some("POSTGRES_PASSWORD"), Some("PGPASSWORD"));
const SSLMODE: Setting = setting("sslmode", Some("POSTGRES_SSLMODE"), Some("PGSSLMODE"));
const SSLROOTCERT: Setting = setting(
    "sslrootcert",
    Some("POSTGRES_SSLROOTCERT"),
    Some("PGSSLROOTCERT"),
);
const CONNECT_TIMEOUT: Setting = setting("connect_timeout", None, Some("PGCONNECT_TIMEOUT"));
const APPLICATION_NAME: Setting = setting("application_name", None, Some("PGAPPNAME"));
const PASSFILE: Setting = setting("passfile", None, Some("PGPASSFILE"));
const fn setting(
    option: &'static str,
    postgres: Option<&'static str>,
    libpq: Option<&'static str>,
) -> Setting {
    Setting {
        option,
        postgres,
        libpq,
    }
}

/// Reads the settings for `stage`: the connection string if given, the stage's env file
/// (`--env-file`, else the first of `./<stage>_postgres_config.env` and
/// `$XDG_CONFIG_HOME/kanban/<stage>_postgres_config.env`), and the environment.
///
/// An empty stage means the default, `local`, as libpq treats an empty variable as unset.
pub fn load(
    stage: &str,
    env_file: Option<&Path>,
    database_url: Option<&str>,
) -> Result<Settings, Failure> {
    let stage = if stage.is_empty() {
        DEFAULT_STAGE
    } else {
        stage
    };
    check_stage(stage)?;
    let (file, looked_at) = match env_file {
        Some(path) => {
            // A pipe or /dev/fd/N (`--env-file <(vault read ...)`) is as good as a file.
            if !path.exists() || path.is_dir() {
                return Err(Failure::config(format!(
                    "env file {} does not exist or is a directory",
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
    let url = match database_url.filter(|url| !url.trim().is_empty()) {
        Some(url) => conninfo::parse(url)
            .map_err(|problem| Failure::config(format!("--database-url: {problem}")))?,
        None => HashMap::new(),
    };
    let from_file = match &file {
        Some(path) => env_file::read_env_file(path)?,
        None => HashMap::new(),
    };
    let sources = Sources {
        url,
        from_file,
        file: file.clone(),
    };
    let mut warnings = Vec::new();
    if let Some(warning) = file
        .as_deref()
        .and_then(|path| env_file::readable_secret(path, &sources.from_file))
    {
        warnings.push(warning);
    }
    if let Some(path) = file.as_deref() {
        warnings.extend(env_file::unknown_keys(path, &sources.from_file));
    }

    let given = |setting: &Setting| sources.get(setting).map(|found| found.is_some());
    let anything = !sources.url.is_empty()
        || file.is_some()
        || [&HOST, &PORT, &DBNAME, &USER]
            .into_iter()
            .map(given)
            .collect::<Result<Vec<bool>, Failure>>()?
            .contains(&true);
    if !anything {
        return Err(nothing_found(stage, &looked_at));
    }

    let port = match sources.get(&PORT)? {
        None => DEFAULT_PORT,
        Some((raw, name)) => raw
            .trim()
            .parse::<u16>()
            .ok()
            .filter(|port| *port > 0)
            .ok_or_else(|| invalid(&name, &raw, "a port number from 1 to 65535"))?,
    };
    // With an env file, the old system's contract holds: it names the database itself. With
    // none, the rest falls back to libpq's defaults, as psql would.
    let host = match sources.get(&HOST)? {
        Some((host, _)) => host,
        None if file.is_some() => return Err(sources.missing(&HOST)),
        None => default_host(),
    };
    let (user, user_source) = match sources.get(&USER)? {
        Some(found) => found,
        None if file.is_some() => return Err(sources.missing(&USER)),
        None => (
            env_text("USER")?
                .or(env_text("LOGNAME")?)
                .ok_or_else(|| sources.missing(&USER))?,
            "the login name ($USER)".to_owned(),
        ),
    };
    let dbname = match sources.get(&DBNAME)? {
        Some((dbname, _)) => dbname,
        None if file.is_some() => return Err(sources.missing(&DBNAME)),
        None => user.clone(),
    };
    let ssl_mode = match sources.get(&SSLMODE)? {
        None => SslMode::Prefer,
        Some((raw, name)) => SslMode::parse(raw.trim()).ok_or_else(|| {
            invalid(
                &name,
                &raw,
                "one of disable, allow, prefer, require, verify-ca, verify-full",
            )
        })?,
    };
    let root_certs = match sources.get(&SSLROOTCERT)? {
        Some((raw, _)) if raw == "system" => Some(RootCerts::System),
        Some((raw, _)) => Some(RootCerts::File(PathBuf::from(raw))),
        None => home()
            .map(|home| home.join(".postgresql/root.crt"))
            .filter(|path| path.is_file())
            .map(RootCerts::File),
    };
    let connect_timeout = match sources.get(&CONNECT_TIMEOUT)? {
        None => Some(DEFAULT_CONNECT_TIMEOUT),
        Some((raw, name)) => parse_connect_timeout(&raw)
            .ok_or_else(|| invalid(&name, &raw, "a whole number of seconds"))?,
    };
    let application_name = sources
        .get(&APPLICATION_NAME)?
        .map_or_else(|| "kanban".to_owned(), |(name, _)| name);
    let limits = limits::limits(&sources)?;
    let options = sources.get(&limits::OPTIONS)?.map(|(options, _)| options);
    let keepalives = limits::keepalives(&sources)?;
    let hourly_rate = match sources.variable("KANBAN_HOURLY_RATE")? {
        None => DEFAULT_HOURLY_RATE,
        Some(raw) => parse_hourly_rate(&raw)
            .map_err(|problem| Failure::config(format!("KANBAN_HOURLY_RATE {problem}")))?,
    };
    // As in libpq, an empty password is no password: the password file is asked.
    let (password, password_source) = match sources.get(&PASSWORD)? {
        Some((password, source)) => (Some(password), Some(source)),
        None => {
            let passfile = match sources.get(&PASSFILE)? {
                Some((path, _)) => Some(PathBuf::from(path)),
                None => home().map(|home| home.join(".pgpass")),
            };
            let source = passfile
                .as_ref()
                .map(|path| format!("the password file {}", path.display()));
            match passfile.map(|path| pgpass::lookup(&path, &host, port, &dbname, &user)) {
                Some(pgpass::Lookup::Found(password)) => (Some(password), source),
                Some(pgpass::Lookup::Ignored(warning)) => {
                    warnings.push(warning);
                    (None, None)
                }
                Some(pgpass::Lookup::NoMatch) | None => (None, None),
            }
        }
    };
    Ok(Settings {
        stage: stage.to_owned(),
        env_file: file,
        host,
        port,
        dbname,
        user,
        password,
        user_source,
        password_source,
        ssl_mode,
        root_certs,
        connect_timeout,
        application_name,
        limits,
        options,
        keepalives,
        changes: false,
        connect_ends_process: false,
        hourly_rate,
        given_actor: actor::given()?,
        warnings,
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

/// The stages that have an env file where kanban looks for one (for completing `--stage`).
pub fn stages_found() -> Vec<String> {
    const SUFFIX: &str = "_postgres_config.env";
    let mut dirs = vec![PathBuf::from(".")];
    dirs.extend(config_dir().map(|dir| dir.join("kanban")));
    let mut stages: Vec<String> = dirs
        .iter()
        .filter_map(|dir| std::fs::read_dir(dir).ok())
        .flatten()
        .filter_map(|entry| entry.ok()?.file_name().into_string().ok())
        .filter_map(|file| file.strip_suffix(SUFFIX).map(str::to_owned))
        .filter(|stage| check_stage(stage).is_ok())
        .collect();
    stages.sort();
    stages.dedup();
    stages
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
        .or_else(|| home().map(|home| home.join(".config")))
}

fn home() -> Option<PathBuf> {
    env::var_os("HOME")
        .filter(|home| !home.is_empty())
        .map(PathBuf::from)
}

/// libpq's default host: its socket directory if there is one, else TCP on localhost.
fn default_host() -> String {
    SOCKET_DIRECTORIES
        .iter()
        .find(|dir| Path::new(dir).is_dir())
        .map_or_else(|| "localhost".to_owned(), |dir| (*dir).to_owned())
}

/// libpq's rule: zero or negative waits forever, and less than 2 seconds counts as 2.
fn parse_connect_timeout(raw: &str) -> Option<Option<Duration>> {
    let seconds = raw.trim().parse::<i64>().ok()?;
    Some((seconds > 0).then(|| Duration::from_secs(seconds.max(2).unsigned_abs())))
}

fn env_text(key: &str) -> Result<Option<String>, Failure> {
    match env::var_os(key) {
        None => Ok(None),
        Some(value) if value.is_empty() => Ok(None),
        Some(value) => value
            .into_string()
            .map(Some)
            .map_err(|_| Failure::config(format!("{key} in the environment is not valid UTF-8"))),
    }
}

/// How messages name where a setting from the connection URL (`--database-url` or
/// KANBAN_DATABASE_URL) came from; `invalid` knows such a setting by it.
const FROM_URL: &str = "in the database URL";

/// A bad value. One from the connection URL is not echoed: a malformed URL can put part of
/// a password where a port or an option goes.
fn invalid(name: &str, raw: &str, expected: &str) -> Failure {
    if name.ends_with(FROM_URL) {
        Failure::config(format!("{name} is not valid: expected {expected}"))
    } else {
        Failure::config(format!("{name} is `{raw}`, expected {expected}"))
    }
}

/// Where to read what an env file holds: the example file of a checkout, when kanban runs in
/// one; otherwise (an installed binary) the variables themselves.
fn settings_hint() -> String {
    if Path::new(EXAMPLE_FILE).is_file() {
        format!("see {EXAMPLE_FILE}")
    } else {
        "it holds NAME=value lines: POSTGRES_DB, POSTGRES_USER, POSTGRES_PASSWORD, POSTGRES_HOST, POSTGRES_PORT".to_owned()
    }
}

fn nothing_found(stage: &str, looked_at: &[PathBuf]) -> Failure {
    let places: Vec<String> = looked_at
        .iter()
        .map(|path| path.display().to_string())
        .collect();
    Failure::config(format!(
        "no connection settings for stage `{stage}`: looked for {}, --database-url and KANBAN_DATABASE_URL, and the POSTGRES_* and PG* variables; create {} ({})",
        places.join(" and "),
        env_file_name(stage),
        settings_hint()
    ))
}

/// The sources of one command's settings, asked one setting at a time.
struct Sources {
    url: HashMap<String, String>,
    from_file: HashMap<String, String>,
    file: Option<PathBuf>,
}

impl Sources {
    /// A variable from the environment, then the env file; empty counts as unset.
    fn variable(&self, key: &str) -> Result<Option<String>, Failure> {
        Ok(env_text(key)?.or_else(|| {
            self.from_file
                .get(key)
                .filter(|value| !value.is_empty())
                .cloned()
        }))
    }

    /// The setting's value from the first source that has one, with the name it was given
    /// under (for messages). Empty values count as unset.
    fn get(&self, setting: &Setting) -> Result<Option<(String, String)>, Failure> {
        if let Some(value) = self
            .url
            .get(setting.option)
            .filter(|value| !value.is_empty())
        {
            return Ok(Some((
                value.clone(),
                format!("`{}` {FROM_URL}", setting.option),
            )));
        }
        for key in [setting.postgres, setting.libpq].into_iter().flatten() {
            if let Some(value) = self.variable(key)? {
                return Ok(Some((value, key.to_owned())));
            }
        }
        Ok(None)
    }

    fn missing(&self, setting: &Setting) -> Failure {
        let postgres = setting.postgres.unwrap_or(setting.option);
        let libpq = setting.libpq.unwrap_or(setting.option);
        let place = match &self.file {
            Some(file) => format!(
                "{postgres} is not set in {} nor in the environment",
                file.display()
            ),
            None => format!("{postgres} is not set"),
        };
        let example = if Path::new(EXAMPLE_FILE).is_file() {
            format!("; see {EXAMPLE_FILE}")
        } else {
            String::new()
        };
        Failure::config(format!(
            "{place} ({libpq} or `{}` in --database-url also work{example})",
            setting.option
        ))
    }
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

    #[test]
    fn ssl_modes_are_libpqs() {
        for name in [
            "disable",
            "allow",
            "prefer",
            "require",
            "verify-ca",
            "verify-full",
        ] {
            assert_eq!(SslMode::parse(name).map(SslMode::name), Some(name));
        }
        assert_eq!(SslMode::parse("verify_full"), None);
    }
}
