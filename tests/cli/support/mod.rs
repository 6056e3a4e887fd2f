//! Test support: a throwaway database per test, and a command builder that runs the built
//! `kanban` binary the way a user does and shows everything when an expectation fails.
//!
//! The server comes from `local_postgres_config.env` (written by `db/up`), or the env file
//! named by `KANBAN_TEST_ENV_FILE`. Tests only ever touch databases they created themselves.

use std::collections::HashMap;
use std::ffi::OsStr;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::sync::OnceLock;
use std::sync::atomic::{AtomicUsize, Ordering};

use postgres::{Client, NoTls};
use tempfile::TempDir;

/// The stage every test's env file is written for.
pub const STAGE: &str = "test";

/// How to reach the test server; the role must be allowed to create databases.
#[derive(Clone, Debug)]
pub struct Server {
    pub host: String,
    pub port: u16,
    pub user: String,
    pub password: String,
}

impl Server {
    fn get() -> &'static Server {
        static SERVER: OnceLock<Server> = OnceLock::new();
        SERVER.get_or_init(|| {
            let path = std::env::var_os("KANBAN_TEST_ENV_FILE")
                .map(PathBuf::from)
                .unwrap_or_else(|| {
                    Path::new(env!("CARGO_MANIFEST_DIR")).join("local_postgres_config.env")
                });
            let values: HashMap<String, String> = dotenvy::from_path_iter(&path)
                .unwrap_or_else(|error| {
                    panic!(
                        "cannot read {}: {error}\nthe integration tests need a PostgreSQL server: run db/up first",
                        path.display()
                    )
                })
                .map(|entry| entry.expect("a readable env file"))
                .collect();
            let get = |key: &str| {
                values
                    .get(key)
                    .cloned()
                    .unwrap_or_else(|| panic!("{key} missing in {}", path.display()))
            };
            Server {
                host: get("POSTGRES_HOST"),
                port: values
                    .get("POSTGRES_PORT")
                    .map_or(5432, |port| port.parse().expect("a numeric POSTGRES_PORT")),
                user: get("POSTGRES_USER"),
                password: get("POSTGRES_PASSWORD"),
            }
        })
    }

    fn connect(&self, dbname: &str) -> Client {
        postgres::Config::new()
            .host(&self.host)
            .port(self.port)
            .user(&self.user)
            .password(&self.password)
            .dbname(dbname)
            .application_name("kanban-tests")
            .connect(NoTls)
            .unwrap_or_else(|error| {
                panic!(
                    "cannot connect to the test server {}:{} as {}: {error}\nrun db/up first",
                    self.host, self.port, self.user
                )
            })
    }
}

/// A database of this test's own, dropped (with any connections to it) when the test ends,
/// plus a working directory holding the env file that points at it.
pub struct TestDb {
    pub name: String,
    pub server: Server,
    dir: TempDir,
}

impl TestDb {
    /// An empty database: no schema.
    pub fn empty() -> TestDb {
        static COUNTER: AtomicUsize = AtomicUsize::new(0);
        let server = Server::get().clone();
        let name = format!(
            "kanban_test_{}_{}",
            std::process::id(),
            COUNTER.fetch_add(1, Ordering::SeqCst)
        );
        let mut admin = server.connect("postgres");
        // A name left over by a killed run of a process with the same id.
        admin
            .batch_execute(&format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
            .expect("drop a stale test database");
        admin
            .batch_execute(&format!("CREATE DATABASE {name}"))
            .expect("create the test database");
        let dir = tempfile::tempdir().expect("a temporary directory");
        std::fs::create_dir(dir.path().join("home")).expect("a home directory");
        let db = TestDb { name, server, dir };
        db.write_env_file(
            &db.dir.path().join(format!("{STAGE}_postgres_config.env")),
            "",
        );
        db
    }

    /// A database with the schema applied by `kanban init`.
    pub fn new() -> TestDb {
        let db = TestDb::empty();
        db.kanban(["init"]).success();
        db
    }

    /// The working directory every command runs in.
    pub fn dir(&self) -> &Path {
        self.dir.path()
    }

    /// A stage env file for this database at `path`, with `extra` lines appended.
    pub fn write_env_file(&self, path: &Path, extra: &str) {
        let s = &self.server;
        let text = format!(
            "POSTGRES_DB={}\nPOSTGRES_USER={}\nPOSTGRES_PASSWORD={}\nPOSTGRES_HOST={}\nPOSTGRES_PORT={}\n{extra}",
            self.name, s.user, s.password, s.host, s.port
        );
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).expect("the env file's folder");
        }
        std::fs::write(path, text).expect("write the env file");
        // Private, as kanban asks of a file holding a password.
        std::fs::set_permissions(path, std::os::unix::fs::PermissionsExt::from_mode(0o600))
            .expect("make the env file private");
    }

    /// `kanban ARGS` in this test's directory, with a clean environment and stage `test`.
    pub fn kanban<I, S>(&self, args: I) -> Cmd
    where
        I: IntoIterator<Item = S>,
        S: AsRef<OsStr>,
    {
        Cmd::new(self.dir(), args).env("KANBAN_BOARD_STAGE", STAGE)
    }

    /// Runs SQL directly in this test's database (to arrange times, or to inspect rows).
    pub fn sql(&self, sql: &str) {
        self.server
            .connect(&self.name)
            .batch_execute(sql)
            .unwrap_or_else(|error| panic!("{sql}: {error}"));
    }

    /// The rows of a query, every column read as text (NULL as `None`).
    pub fn rows(&self, sql: &str) -> Vec<Vec<Option<String>>> {
        let messages = self
            .server
            .connect(&self.name)
            .simple_query(sql)
            .unwrap_or_else(|error| panic!("{sql}: {error}"));
        messages
            .into_iter()
            .filter_map(|message| match message {
                postgres::SimpleQueryMessage::Row(row) => Some(
                    (0..row.len())
                        .map(|i| row.get(i).map(str::to_owned))
                        .collect(),
                ),
                _ => None,
            })
            .collect()
    }

    /// The first column of the first row of a query, as text.
    pub fn value(&self, sql: &str) -> Option<String> {
        self.rows(sql)
            .into_iter()
            .next()
            .unwrap_or_else(|| panic!("{sql}: no row"))
            .into_iter()
            .next()
            .flatten()
    }

    /// The error a statement fails with, for tests of what the database refuses.
    pub fn sql_error(&self, sql: &str) -> String {
        match self.server.connect(&self.name).batch_execute(sql) {
            Ok(()) => panic!("the database accepted: {sql}"),
            Err(error) => error
                .as_db_error()
                .map_or_else(|| error.to_string(), |db| db.message().to_owned()),
        }
    }
}

impl Drop for TestDb {
    fn drop(&mut self) {
        let mut admin = self.server.connect("postgres");
        let _ = admin.batch_execute(&format!(
            "DROP DATABASE IF EXISTS {} WITH (FORCE)",
            self.name
        ));
    }
}

/// A command line to run, described in every failure message.
pub struct Cmd {
    command: Command,
}

impl Cmd {
    /// The built binary with an environment holding nothing of the caller's settings: no
    /// POSTGRES_*, PG*, KANBAN_*, locale or time zone leaks in from the machine.
    pub fn new<I, S>(dir: &Path, args: I) -> Cmd
    where
        I: IntoIterator<Item = S>,
        S: AsRef<OsStr>,
    {
        let mut command = Command::new(env!("CARGO_BIN_EXE_kanban"));
        command
            .args(args)
            .current_dir(dir)
            .env_clear()
            .env("PATH", std::env::var_os("PATH").unwrap_or_default())
            .env("HOME", dir.join("home"))
            .env("TZ", "UTC");
        Cmd { command }
    }

    pub fn env(mut self, key: impl AsRef<OsStr>, value: impl AsRef<OsStr>) -> Cmd {
        self.command.env(key, value);
        self
    }

    pub fn env_remove(mut self, key: impl AsRef<OsStr>) -> Cmd {
        self.command.env_remove(key);
        self
    }

    /// Starts the command without waiting, its output captured for `wait_with_output`.
    pub fn spawn(mut self) -> std::process::Child {
        self.command
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("spawn kanban")
    }

    pub fn std_command(self) -> Command {
        self.command
    }

    pub fn describe(&self) -> String {
        let mut text = String::new();
        for (key, value) in self.command.get_envs() {
            if let Some(value) = value {
                let _ = write!(text, "{}={:?} ", key.to_string_lossy(), value);
            }
        }
        let _ = write!(text, "{:?}", self.command.get_program());
        for arg in self.command.get_args() {
            let _ = write!(text, " {arg:?}");
        }
        text
    }

    pub fn run(mut self) -> Outcome {
        let description = self.describe();
        self.command
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped());
        let child = self.command.spawn().expect("spawn kanban");
        let output = child.wait_with_output().expect("wait for kanban");
        Outcome::new(description, output)
    }

    /// Runs and expects exit 0.
    pub fn success(self) -> Outcome {
        self.run().code(0)
    }

    /// Runs and expects `code`, with one `kanban: ` line on stderr and nothing on stdout.
    pub fn fails(self, code: i32) -> Outcome {
        let outcome = self.run().code(code);
        outcome.check(outcome.stdout.is_empty(), "stdout should be empty");
        outcome.check(
            outcome.stderr.starts_with("kanban: ") && outcome.stderr.lines().count() == 1,
            "stderr should be one line starting `kanban: `",
        );
        outcome
    }
}

/// What a command did.
pub struct Outcome {
    description: String,
    pub code: Option<i32>,
    pub stdout: String,
    pub stderr: String,
}

impl Outcome {
    fn new(description: String, output: Output) -> Outcome {
        Outcome {
            description,
            code: output.status.code(),
            stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
        }
    }

    fn check(&self, ok: bool, expectation: &str) {
        if !ok {
            panic!(
                "{expectation}\ncommand: {}\nexit code: {:?}\n--- stdout ---\n{}\n--- stderr ---\n{}",
                self.description, self.code, self.stdout, self.stderr
            );
        }
    }

    pub fn code(self, expected: i32) -> Outcome {
        self.check(
            self.code == Some(expected),
            &format!("expected exit code {expected}"),
        );
        self
    }

    pub fn stdout_is(self, expected: &str) -> Outcome {
        self.check(
            self.stdout == expected,
            &format!("expected stdout {expected:?}"),
        );
        self
    }

    pub fn stderr_contains(self, needle: &str) -> Outcome {
        self.check(
            self.stderr.contains(needle),
            &format!("expected stderr to contain {needle:?}"),
        );
        self
    }

    pub fn stdout_contains(self, needle: &str) -> Outcome {
        self.check(
            self.stdout.contains(needle),
            &format!("expected stdout to contain {needle:?}"),
        );
        self
    }

    /// Stdout parsed as JSON; a parse failure shows the whole run.
    pub fn json(&self) -> serde_json::Value {
        serde_json::from_str(&self.stdout).unwrap_or_else(|error| {
            self.check(false, &format!("stdout should be JSON: {error}"));
            unreachable!()
        })
    }

    /// Stderr parsed as JSON.
    pub fn stderr_json(&self) -> serde_json::Value {
        serde_json::from_str(&self.stderr).unwrap_or_else(|error| {
            self.check(false, &format!("stderr should be JSON: {error}"));
            unreachable!()
        })
    }

    /// Stdout parsed as CSV (or TSV, with a tab delimiter): the header, then the rows.
    pub fn records(&self, delimiter: u8) -> (Vec<String>, Vec<Vec<String>>) {
        let mut reader = csv::ReaderBuilder::new()
            .delimiter(delimiter)
            .quoting(delimiter == b',')
            .from_reader(self.stdout.as_bytes());
        let header = reader
            .headers()
            .map(|header| header.iter().map(str::to_owned).collect())
            .unwrap_or_else(|error| {
                self.check(false, &format!("stdout should have a header row: {error}"));
                unreachable!()
            });
        let rows = reader
            .records()
            .map(|record| {
                record
                    .map(|record| record.iter().map(str::to_owned).collect())
                    .unwrap_or_else(|error| {
                        self.check(false, &format!("stdout should be delimited rows: {error}"));
                        unreachable!()
                    })
            })
            .collect();
        (header, rows)
    }

    pub fn stderr_is_empty(self) -> Outcome {
        self.check(self.stderr.is_empty(), "stderr should be empty");
        self
    }

    pub fn no_output_contains(self, secret: &str) -> Outcome {
        self.check(
            !self.stdout.contains(secret) && !self.stderr.contains(secret),
            "a secret appeared in the output",
        );
        self
    }
}

/// Whether the tests run as root (as CI does): servers then run as the `postgres` user,
/// since PostgreSQL and PgBouncer both refuse root.
pub fn running_as_root() -> bool {
    static ROOT: OnceLock<bool> = OnceLock::new();
    *ROOT.get_or_init(|| {
        Command::new("id")
            .arg("-u")
            .output()
            .is_ok_and(|output| String::from_utf8_lossy(&output.stdout).trim() == "0")
    })
}

/// A command for a server process: as `postgres` when we are root, from `/`.
pub fn server_command(program: impl AsRef<OsStr>) -> Command {
    if running_as_root() {
        let mut command = Command::new("runuser");
        command.args(["-u", "postgres", "--"]).arg(program);
        command.current_dir("/");
        command
    } else {
        Command::new(program)
    }
}

/// A folder a server process may own: handed to `postgres` when we are root.
pub fn server_dir() -> TempDir {
    let dir = tempfile::Builder::new()
        .prefix("kanban-server-")
        .tempdir_in("/tmp")
        .expect("a temporary directory");
    if running_as_root() {
        let status = Command::new("chown")
            .args(["-R", "postgres:"])
            .arg(dir.path())
            .status()
            .expect("chown");
        assert!(status.success(), "chown the server folder to postgres");
    }
    dir
}

/// A TCP port nobody listens on right now.
pub fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|listener| listener.local_addr())
        .map(|address| address.port())
        .expect("a free port")
}

/// Runs a setup command and panics with its output if it fails.
pub fn run_checked(command: &mut Command) {
    let output = command
        .output()
        .unwrap_or_else(|error| panic!("{command:?}: {error}"));
    assert!(
        output.status.success(),
        "{command:?} failed:\n{}\n{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
}

/// The directory `db/up`'s server listens in, for socket connections.
pub fn socket_dir() -> PathBuf {
    let marker = Path::new(env!("CARGO_MANIFEST_DIR")).join("db/.postgres/socket-dir");
    let dir = std::fs::read_to_string(&marker)
        .unwrap_or_else(|error| panic!("{}: {error} (run db/up)", marker.display()));
    PathBuf::from(dir.trim())
}

/// The newest PostgreSQL binary of that name (Debian keeps the server's off PATH).
pub fn pg_bin(name: &str) -> PathBuf {
    let mut dirs: Vec<PathBuf> = std::fs::read_dir("/usr/lib/postgresql")
        .into_iter()
        .flatten()
        .flatten()
        .map(|entry| entry.path().join("bin"))
        .filter(|dir| dir.join(name).is_file())
        .collect();
    dirs.sort();
    dirs.pop()
        .map_or_else(|| PathBuf::from(name), |dir| dir.join(name))
}
