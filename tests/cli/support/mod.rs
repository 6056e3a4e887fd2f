//! Test support: a throwaway database per test, and a command builder that runs the built
//! `kanban` binary the way a user does and shows everything when an expectation fails.
//!
//! The server comes from `local_postgres_config.env` (written by `db/up`), or the env file
//! named by `KANBAN_TEST_ENV_FILE`. Tests only ever touch databases they created themselves.

use std::collections::HashMap;
use std::ffi::OsStr;
use std::fmt::Write as _;
use std::hash::{BuildHasher, Hasher};
use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, ExitStatus, Output, Stdio};
use std::sync::OnceLock;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

pub mod proxy;

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

    fn try_connect(&self, dbname: &str) -> Result<Client, postgres::Error> {
        postgres::Config::new()
            .host(&self.host)
            .port(self.port)
            .user(&self.user)
            .password(&self.password)
            .dbname(dbname)
            .application_name("kanban-tests")
            .connect_timeout(Duration::from_secs(10))
            .connect(NoTls)
    }

    fn connect(&self, dbname: &str) -> Client {
        self.try_connect(dbname).unwrap_or_else(|error| {
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
    /// An empty database: no schema. Its name is random, so two test runs against one
    /// server (two machines, two containers with the same pids) never meet: a test creates
    /// a name nobody has, and drops only that.
    pub fn empty() -> TestDb {
        let server = Server::get().clone();
        let mut admin = server.connect("postgres");
        let name = loop {
            let name = format!("kanban_test_{:016x}", random_u64());
            match admin.batch_execute(&format!("CREATE DATABASE {name}")) {
                Ok(()) => break name,
                Err(error)
                    if error.code() == Some(&postgres::error::SqlState::DUPLICATE_DATABASE) => {}
                Err(error) => panic!("create the test database {name}: {error}"),
            }
        };
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

    /// Adds a task whose name exists in this database alone and returns it: a command that
    /// lists it read this database, not another one its settings might have fallen back to.
    /// (A read: a wrong fallback then changes nothing in a database the test does not own.)
    pub fn marker(&self) -> String {
        let name = format!("only in {}", self.name);
        self.sql(&format!("INSERT INTO kanban_task (name) VALUES ('{name}')"));
        name
    }

    /// A connection of the test's own to its database (to hold locks, say).
    pub fn client(&self) -> Client {
        self.server.connect(&self.name)
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
    /// Never panics: a server gone mid-test must fail that test, not abort the whole run.
    fn drop(&mut self) {
        if let Ok(mut admin) = self.server.try_connect("postgres") {
            // FORCE ends the sessions a test left behind, but a non-superuser may not end an
            // autovacuum worker, which the plain form makes stop by itself.
            for form in ["WITH (FORCE)", "", "WITH (FORCE)"] {
                let drop = format!("DROP DATABASE IF EXISTS {} {form}", self.name);
                if admin.batch_execute(&drop).is_ok() {
                    break;
                }
            }
        }
    }
}

/// A login role of this test's own with only the rights a test grants it, dropped (with
/// whatever it owns or was granted in the test's database) when the test ends.
pub struct TestRole {
    pub name: String,
    pub password: String,
    server: Server,
    database: String,
}

impl TestDb {
    /// A new role that may connect to this database and do nothing else until `grants` (SQL
    /// run as the owner, where `{role}` stands for the role's name) say otherwise.
    pub fn role(&self, grants: &str) -> TestRole {
        let name = format!("kanban_test_role_{:016x}", random_u64());
        let password = format!("role-Pa55-{:08x}", random_u64() as u32);
        self.sql(&format!(
            "CREATE ROLE {name} LOGIN PASSWORD '{password}'; \
             GRANT CONNECT ON DATABASE {} TO {name}; {}",
            self.name,
            grants.replace("{role}", &name)
        ));
        TestRole {
            name,
            password,
            server: self.server.clone(),
            database: self.name.clone(),
        }
    }

    /// `kanban ARGS` connecting as `role` instead of the owner.
    pub fn kanban_as<I, S>(&self, role: &TestRole, args: I) -> Cmd
    where
        I: IntoIterator<Item = S>,
        S: AsRef<OsStr>,
    {
        self.kanban(args)
            .env("POSTGRES_USER", &role.name)
            .env("POSTGRES_PASSWORD", &role.password)
    }
}

impl Drop for TestRole {
    fn drop(&mut self) {
        if let Ok(mut client) = self.server.try_connect(&self.database) {
            let _ = client.batch_execute(&format!(
                "GRANT {0} TO CURRENT_USER; \
                 SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE usename = '{0}'; \
                 DROP OWNED BY {0}; DROP ROLE IF EXISTS {0}",
                self.name
            ));
        }
    }
}

/// 64 random bits from the standard library's per-process random hash keys, mixed with the
/// clock and a counter: enough for names that must not collide across runs.
pub fn random_u64() -> u64 {
    static COUNTER: AtomicUsize = AtomicUsize::new(0);
    let mut hasher = std::collections::hash_map::RandomState::new().build_hasher();
    hasher.write_u128(
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .unwrap_or_default()
            .as_nanos(),
    );
    hasher.write_u32(std::process::id());
    hasher.write_usize(COUNTER.fetch_add(1, Ordering::SeqCst));
    hasher.finish()
}

/// How long any one command may run in a test before it is killed and the test fails.
pub const COMMAND_LIMIT: Duration = Duration::from_secs(60);

/// Waits at most `limit` for `child`, collecting what it prints. Past the limit it kills the
/// child and panics with its output so far: a hang fails its test instead of hanging CI.
pub fn finish(mut child: Child, limit: Duration, what: &str) -> Output {
    fn collect(stream: Option<impl Read + Send + 'static>) -> std::thread::JoinHandle<Vec<u8>> {
        std::thread::spawn(move || {
            let mut bytes = Vec::new();
            if let Some(mut stream) = stream {
                let _ = stream.read_to_end(&mut bytes);
            }
            bytes
        })
    }
    let stdout = collect(child.stdout.take());
    let stderr = collect(child.stderr.take());
    let started = Instant::now();
    let status: Option<ExitStatus> = loop {
        if let Some(status) = child.try_wait().expect("wait for a child") {
            break Some(status);
        }
        if started.elapsed() > limit {
            let _ = child.kill();
            let _ = child.wait();
            break None;
        }
        std::thread::sleep(Duration::from_millis(5));
    };
    let stdout = stdout.join().unwrap_or_default();
    let stderr = stderr.join().unwrap_or_default();
    match status {
        Some(status) => Output {
            status,
            stdout,
            stderr,
        },
        None => panic!(
            "{what} was still running after {limit:?} and was killed\n--- stdout ---\n{}\n--- stderr ---\n{}",
            String::from_utf8_lossy(&stdout),
            String::from_utf8_lossy(&stderr)
        ),
    }
}

/// A command line to run, described in every failure message.
pub struct Cmd {
    command: Command,
    limit: Duration,
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
        Cmd {
            command,
            limit: COMMAND_LIMIT,
        }
    }

    /// The same command run through `wrapper` (a program and its arguments), e.g. under
    /// `faketime`, keeping its environment and directory.
    pub fn under(self, wrapper: &[&str]) -> Cmd {
        let old = self.command;
        let mut command = Command::new(wrapper[0]);
        command
            .args(&wrapper[1..])
            .arg(old.get_program())
            .args(old.get_args())
            .env_clear();
        if let Some(dir) = old.get_current_dir() {
            command.current_dir(dir);
        }
        for (key, value) in old.get_envs() {
            match value {
                Some(value) => command.env(key, value),
                None => command.env_remove(key),
            };
        }
        Cmd {
            command,
            limit: self.limit,
        }
    }

    /// Allows the command this long instead of `COMMAND_LIMIT` before it counts as hung.
    pub fn within(mut self, limit: Duration) -> Cmd {
        self.limit = limit;
        self
    }

    pub fn env(mut self, key: impl AsRef<OsStr>, value: impl AsRef<OsStr>) -> Cmd {
        self.command.env(key, value);
        self
    }

    pub fn env_remove(mut self, key: impl AsRef<OsStr>) -> Cmd {
        self.command.env_remove(key);
        self
    }

    /// Starts the command without waiting; `Running::finish` collects it.
    pub fn spawn(mut self) -> Running {
        let description = self.describe();
        let child = self
            .command
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("spawn kanban");
        Running {
            child,
            description,
            limit: self.limit,
        }
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

    pub fn run(self) -> Outcome {
        self.spawn().finish()
    }

    /// Runs and expects exit 0 with nothing on stderr.
    pub fn success(self) -> Outcome {
        self.run().code(0).stderr_is_empty()
    }

    /// Runs and expects exit 0 with a warning on stderr that contains `needle`.
    pub fn warns(self, needle: &str) -> Outcome {
        self.run().code(0).stderr_contains(needle)
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

/// A command started by `Cmd::spawn`.
pub struct Running {
    pub child: Child,
    description: String,
    limit: Duration,
}

impl Running {
    /// Waits for it (at most its limit) and returns what it did.
    pub fn finish(self) -> Outcome {
        let output = finish(self.child, self.limit, &self.description);
        Outcome::new(self.description, output)
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

/// A loopback TCP port that refuses connections for as long as this lives: bound, so that no
/// server started meanwhile by another test can take it, but never listening.
pub struct RefusedPort {
    _socket: socket2::Socket,
    pub port: u16,
}

pub fn refused_port() -> RefusedPort {
    let socket = socket2::Socket::new(socket2::Domain::IPV4, socket2::Type::STREAM, None)
        .expect("a TCP socket");
    socket
        .bind(&std::net::SocketAddr::from(([127, 0, 0, 1], 0)).into())
        .expect("bind a loopback port");
    let port = socket
        .local_addr()
        .ok()
        .and_then(|address| address.as_socket())
        .map(|address| address.port())
        .expect("the bound port");
    RefusedPort {
        _socket: socket,
        port,
    }
}

/// A loopback port whose listener never answers a new connection: its accept queue is full,
/// so the kernel drops the SYN, as a firewall that drops packets does. Held while alive.
pub struct SilentPort {
    _listener: socket2::Socket,
    _queued: Vec<socket2::Socket>,
    pub port: u16,
}

pub fn silent_port() -> SilentPort {
    let new_socket = || {
        socket2::Socket::new(socket2::Domain::IPV4, socket2::Type::STREAM, None)
            .expect("a TCP socket")
    };
    let listener = new_socket();
    listener
        .bind(&std::net::SocketAddr::from(([127, 0, 0, 1], 0)).into())
        .expect("bind a loopback port");
    listener.listen(0).expect("listen with no backlog");
    let address = listener.local_addr().expect("the bound address");
    // Connections nobody accepts fill the queue; the next SYN is dropped.
    let queued = (0..3)
        .map(|_| {
            let socket = new_socket();
            socket.set_nonblocking(true).expect("a non-blocking socket");
            let _ = socket.connect(&address);
            socket
        })
        .collect();
    std::thread::sleep(Duration::from_millis(100));
    SilentPort {
        port: address
            .as_socket()
            .map(|a| a.port())
            .expect("the bound port"),
        _listener: listener,
        _queued: queued,
    }
}

/// A port to try for a server that cannot bind port 0 itself (PostgreSQL): free a moment
/// ago, so the caller must retry with another when the server fails to bind it.
pub fn candidate_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|listener| listener.local_addr())
        .map(|address| address.port())
        .expect("a free port")
}

/// The TCP port process `pid` listens on (for a server told to bind port 0), once it does.
pub fn listening_port(pid: u32, limit: Duration) -> u16 {
    let started = Instant::now();
    loop {
        let sockets: Vec<String> = std::fs::read_dir(format!("/proc/{pid}/fd"))
            .into_iter()
            .flatten()
            .flatten()
            .filter_map(|entry| std::fs::read_link(entry.path()).ok())
            .filter_map(|link| {
                let link = link.to_string_lossy().into_owned();
                link.strip_prefix("socket:[")?
                    .strip_suffix(']')
                    .map(str::to_owned)
            })
            .collect();
        for table in ["/proc/net/tcp", "/proc/net/tcp6"] {
            let text = std::fs::read_to_string(table).unwrap_or_default();
            for line in text.lines().skip(1) {
                let fields: Vec<&str> = line.split_whitespace().collect();
                // local_address is ADDR:PORT in hex; state 0A is LISTEN; field 9 the inode.
                if fields.len() > 9 && fields[3] == "0A" && sockets.iter().any(|s| s == fields[9]) {
                    let port = fields[1].rsplit(':').next().unwrap_or_default();
                    return u16::from_str_radix(port, 16).expect("a hex port");
                }
            }
        }
        assert!(
            started.elapsed() < limit,
            "process {pid} did not listen on a TCP port within {limit:?}"
        );
        std::thread::sleep(Duration::from_millis(20));
    }
}

/// Runs a setup command (at most two minutes) and panics with its output if it fails.
pub fn run_checked(command: &mut Command) {
    let what = format!("{command:?}");
    let child = command
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap_or_else(|error| panic!("{what}: {error}"));
    let output = finish(child, Duration::from_secs(120), &what);
    assert!(
        output.status.success(),
        "{what} failed:\n{}\n{}",
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
