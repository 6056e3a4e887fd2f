//! Every command through a private PgBouncer in transaction pooling mode (Debian's 1.18: no
//! protocol-level prepared statements), and a dozen clients at once.

use std::fs;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use tempfile::TempDir;

use crate::support::{
    Cmd, Running, TestDb, listening_port, run_checked, running_as_root, server_dir,
};
use crate::watch::{Terminal, assert_changes_show_within_1_5_s, delays_of_three_changes};

/// A running pgbouncer in front of the test server, killed when dropped.
pub struct Bouncer {
    _dir: TempDir,
    pub port: u16,
    child: Child,
}

impl Bouncer {
    pub fn start(db: &TestDb) -> Bouncer {
        let dir = server_dir();
        let path = dir.path();
        let s = &db.server;
        // Debian keeps it in /usr/sbin, off a normal user's PATH.
        let program = if Path::new("/usr/sbin/pgbouncer").exists() {
            "/usr/sbin/pgbouncer"
        } else {
            "pgbouncer"
        };
        fs::write(
            path.join("userlist.txt"),
            format!("\"{}\" \"{}\"\n", s.user, s.password),
        )
        .unwrap();
        // 1.21 and later pass protocol-level prepared statements through by default, which
        // would hide a kanban that relies on them; 1.18 knows no such key and refuses it.
        let prepared = if version_of(program) >= (1, 21) {
            "max_prepared_statements = 0\n"
        } else {
            ""
        };
        // Port 0: the kernel picks a free port as the pooler binds, so no other test can
        // take it between a check and the bind.
        fs::write(
            path.join("pgbouncer.ini"),
            format!(
                "[databases]\n* = host={} port={}\n\n[pgbouncer]\nlisten_addr = 127.0.0.1\nlisten_port = 0\n\
                 unix_socket_dir =\nauth_type = scram-sha-256\nauth_file = {}\npool_mode = transaction\n\
                 max_client_conn = 200\ndefault_pool_size = 4\nlogfile = {}\npidfile = {}\n\
                 ignore_startup_parameters = extra_float_digits,options\n{prepared}",
                s.host,
                s.port,
                path.join("userlist.txt").display(),
                path.join("pgbouncer.log").display(),
                path.join("pgbouncer.pid").display(),
            ),
        )
        .unwrap();
        if running_as_root() {
            run_checked(Command::new("chown").args(["-R", "postgres:"]).arg(path));
        }
        run_checked(
            Command::new("chmod")
                .arg("600")
                .arg(path.join("userlist.txt")),
        );
        let mut command = Command::new(program);
        if running_as_root() {
            // Its own switch, so that the child we kill is pgbouncer itself.
            command.args(["-u", "postgres"]);
        }
        let child = command
            .arg(path.join("pgbouncer.ini"))
            .current_dir("/")
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap_or_else(|error| {
                panic!("cannot start pgbouncer ({error}): install it (db/up does, as root; or apt-get install pgbouncer)")
            });
        let port = listening_port(child.id(), Duration::from_secs(10));
        let log = path.join("pgbouncer.log");
        let bouncer = Bouncer {
            _dir: dir,
            port,
            child,
        };
        // Ready when a query through it reaches the test database.
        let started = Instant::now();
        loop {
            let answer = postgres::Config::new()
                .host("127.0.0.1")
                .port(port)
                .user(&s.user)
                .password(&s.password)
                .dbname(&db.name)
                .connect_timeout(Duration::from_secs(5))
                .connect(postgres::NoTls)
                .and_then(|mut client| client.simple_query("SELECT 1"));
            match answer {
                Ok(_) => break,
                Err(error) => assert!(
                    started.elapsed() < Duration::from_secs(10),
                    "pgbouncer on port {port} does not pass queries: {error}: {}",
                    fs::read_to_string(&log).unwrap_or_default()
                ),
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        bouncer
    }

    pub fn kanban(&self, db: &TestDb, args: &[&str]) -> Cmd {
        db.kanban(args)
            .env("POSTGRES_HOST", "127.0.0.1")
            .env("POSTGRES_PORT", self.port.to_string())
    }
}

/// `pgbouncer --version`'s major and minor numbers.
fn version_of(program: &str) -> (u32, u32) {
    let output = Command::new(program)
        .arg("--version")
        .output()
        .unwrap_or_else(|error| panic!("{program} --version: {error}"));
    let text = String::from_utf8_lossy(&output.stdout);
    let version = text
        .split_whitespace()
        .nth(1)
        .unwrap_or_else(|| panic!("no version in {text:?}"));
    let mut numbers = version.split('.').map(|n| n.parse().unwrap_or(0));
    (numbers.next().unwrap_or(0), numbers.next().unwrap_or(0))
}

impl Drop for Bouncer {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

#[test]
fn every_command_works_through_transaction_pooling() {
    let db = TestDb::empty();
    let bouncer = Bouncer::start(&db);
    bouncer.kanban(&db, &["init"]).success();
    bouncer.kanban(&db, &["init"]).success();
    bouncer
        .kanban(&db, &["new", "a", "b"])
        .success()
        .stdout_is("Task a added.\nTask b added.\n");
    bouncer.kanban(&db, &["start", "a"]).success();
    bouncer.kanban(&db, &["elapsed", "a"]).success();
    bouncer.kanban(&db, &["resolve", "a"]).success();
    bouncer
        .kanban(&db, &["cost", "a"])
        .success()
        .stdout_is("$0.00\n");
    for format in ["table", "json", "csv", "tsv"] {
        bouncer.kanban(&db, &["tasks", "-o", format]).success();
    }
    bouncer.kanban(&db, &["start", "ghost"]).fails(3);
    bouncer.kanban(&db, &["start", "a"]).fails(4);
    bouncer.kanban(&db, &["new", "b"]).fails(4);
    let report = bouncer
        .kanban(&db, &["doctor", "-o", "json"])
        .success()
        .json();
    assert_eq!(report["port"], bouncer.port);
    assert_eq!(report["schema"], "current");
}

#[test]
fn a_dozen_clients_at_once_through_pgbouncer() {
    let db = TestDb::new();
    let bouncer = Bouncer::start(&db);
    let wait_all = |children: Vec<Running>| -> Vec<i32> {
        children
            .into_iter()
            .map(|child| child.finish().code.unwrap())
            .collect()
    };
    let names: Vec<String> = (0..12).map(|n| format!("parallel {n}")).collect();
    let adds = names
        .iter()
        .map(|name| bouncer.kanban(&db, &["new", name]).spawn())
        .collect();
    assert_eq!(wait_all(adds), vec![0; 12]);
    bouncer.kanban(&db, &["new", "contested"]).success();
    let starts = (0..12)
        .map(|_| bouncer.kanban(&db, &["start", "contested"]).spawn())
        .collect();
    let mut codes = wait_all(starts);
    codes.sort_unstable();
    assert_eq!(codes, [vec![0], vec![4; 11]].concat());
    let listings = (0..12)
        .map(|_| bouncer.kanban(&db, &["tasks", "-o", "json"]).spawn())
        .collect();
    assert_eq!(wait_all(listings), vec![0; 12]);
    assert_eq!(
        db.value("SELECT count(*) FROM kanban_task").as_deref(),
        Some("13")
    );
}

#[test]
fn watch_falls_back_to_the_change_counter_behind_pgbouncer() {
    let db = TestDb::new();
    let bouncer = Bouncer::start(&db);
    let mut terminal = Terminal::start(
        bouncer.kanban(&db, &["board", "--watch"]),
        120,
        "true",
        "echo \"exit=$?\"",
    );
    terminal.wait_for("live: polling every 1 s", 0, Duration::from_secs(10));
    assert_changes_show_within_1_5_s(&terminal, |name| {
        bouncer.kanban(&db, &["new", name]).success();
    });
    terminal.type_keys("q");
    assert!(terminal.wait().contains("exit=0"));
}

/// The negative control for the test above: forced to LISTEN behind the pooler, the watcher
/// hears nothing and finds changes only on its 5 s safety check, so the 1.5 s bound above
/// really tells the two apart.
#[test]
fn forced_listen_behind_pgbouncer_misses_changes_until_the_safety_check() {
    let db = TestDb::new();
    let bouncer = Bouncer::start(&db);
    let mut terminal = Terminal::start(
        bouncer.kanban(&db, &["board", "--watch", "--watch-mode", "listen"]),
        120,
        "true",
        "echo \"exit=$?\"",
    );
    terminal.wait_for("live: notifications", 0, Duration::from_secs(10));
    let delays = delays_of_three_changes(&terminal, |name| {
        bouncer.kanban(&db, &["new", name]).success();
    });
    assert!(
        delays
            .iter()
            .any(|delay| *delay > Duration::from_millis(1500)),
        "a swallowed notification should be found only by the safety check: {delays:?}"
    );
    terminal.type_keys("q");
    assert!(terminal.wait().contains("exit=0"));
}
