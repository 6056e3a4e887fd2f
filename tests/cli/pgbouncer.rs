//! Every command through a private PgBouncer in transaction pooling mode (Debian's 1.18: no
//! protocol-level prepared statements), and a dozen clients at once.

use std::fs;
use std::net::TcpStream;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use tempfile::TempDir;

use crate::support::{Cmd, TestDb, free_port, run_checked, running_as_root, server_dir};

/// A running pgbouncer in front of the test server, killed when dropped.
struct Bouncer {
    _dir: TempDir,
    port: u16,
    child: Child,
}

impl Bouncer {
    fn start(db: &TestDb) -> Bouncer {
        let dir = server_dir();
        let path = dir.path();
        let port = free_port();
        let s = &db.server;
        fs::write(
            path.join("userlist.txt"),
            format!("\"{}\" \"{}\"\n", s.user, s.password),
        )
        .unwrap();
        fs::write(
            path.join("pgbouncer.ini"),
            format!(
                "[databases]\n* = host={} port={}\n\n[pgbouncer]\nlisten_addr = 127.0.0.1\nlisten_port = {port}\n\
                 unix_socket_dir =\nauth_type = scram-sha-256\nauth_file = {}\npool_mode = transaction\n\
                 max_client_conn = 200\ndefault_pool_size = 4\nlogfile = {}\npidfile = {}\n\
                 ignore_startup_parameters = extra_float_digits,options\n",
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
        // Debian keeps it in /usr/sbin, off a normal user's PATH.
        let program = if Path::new("/usr/sbin/pgbouncer").exists() {
            "/usr/sbin/pgbouncer"
        } else {
            "pgbouncer"
        };
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
        let started = Instant::now();
        while TcpStream::connect(("127.0.0.1", port)).is_err() {
            assert!(
                started.elapsed() < Duration::from_secs(10),
                "pgbouncer did not listen on {port}: {}",
                fs::read_to_string(path.join("pgbouncer.log")).unwrap_or_default()
            );
            std::thread::sleep(Duration::from_millis(50));
        }
        Bouncer {
            _dir: dir,
            port,
            child,
        }
    }

    fn kanban(&self, db: &TestDb, args: &[&str]) -> Cmd {
        db.kanban(args)
            .env("POSTGRES_HOST", "127.0.0.1")
            .env("POSTGRES_PORT", self.port.to_string())
    }
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
    let wait_all = |children: Vec<Child>| -> Vec<i32> {
        children
            .into_iter()
            .map(|child| child.wait_with_output().unwrap().status.code().unwrap())
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
    assert_eq!(db.value("SELECT count(*) FROM task").as_deref(), Some("13"));
}

#[test]
fn watch_falls_back_to_the_change_counter_behind_pgbouncer() {
    let db = TestDb::new();
    let bouncer = Bouncer::start(&db);
    let mut terminal = crate::watch::Terminal::start(
        bouncer.kanban(&db, &["board", "--watch"]),
        100,
        "true",
        "echo \"exit=$?\"",
    );
    terminal.wait_for("To Do (0)", 0, Duration::from_secs(10));
    let from = terminal.len();
    bouncer
        .kanban(&db, &["new", "seen through the pooler"])
        .success();
    terminal.wait_for("seen through the pooler", from, Duration::from_secs(10));
    terminal.type_keys("q");
    assert!(terminal.wait().contains("exit=0"));
}
