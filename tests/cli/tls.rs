//! TLS in every sslmode against a private PostgreSQL that accepts only TLS, with a CA and a
//! server certificate this test makes (for `localhost` only, so 127.0.0.1 is a wrong name).

use std::fs;
use std::path::Path;
use std::process::Command;

use tempfile::TempDir;

use crate::support::{Cmd, candidate_port, pg_bin, run_checked, server_command, server_dir};

const PASSWORD: &str = "tls-test-Pa55";

fn openssl(dir: &Path, args: &[&str]) {
    run_checked(Command::new("openssl").args(args).current_dir(dir));
}

/// A running TLS-only cluster, stopped when dropped.
struct TlsServer {
    dir: TempDir,
    port: u16,
}

impl TlsServer {
    fn start() -> TlsServer {
        let dir = server_dir();
        let path = dir.path();
        let ec = [
            "-newkey",
            "ec",
            "-pkeyopt",
            "ec_paramgen_curve:prime256v1",
            "-nodes",
        ];
        for (name, subject) in [
            ("ca", "/CN=kanban test CA"),
            ("other-ca", "/CN=kanban other CA"),
        ] {
            let (key, cert) = (format!("{name}.key"), format!("{name}.crt"));
            let mut args = vec!["req", "-x509", "-days", "2", "-subj", subject];
            args.extend(ec);
            args.extend(["-keyout", &key, "-out", &cert]);
            openssl(path, &args);
        }
        let mut args = vec!["req", "-new", "-subj", "/CN=localhost"];
        args.extend(ec);
        args.extend(["-keyout", "server.key", "-out", "server.csr"]);
        openssl(path, &args);
        fs::write(
            path.join("server.ext"),
            "subjectAltName=DNS:localhost\nbasicConstraints=CA:FALSE\nkeyUsage=digitalSignature\nextendedKeyUsage=serverAuth\n",
        )
        .unwrap();
        openssl(
            path,
            &[
                "x509",
                "-req",
                "-in",
                "server.csr",
                "-CA",
                "ca.crt",
                "-CAkey",
                "ca.key",
                "-CAcreateserial",
                "-days",
                "2",
                "-extfile",
                "server.ext",
                "-out",
                "server.crt",
            ],
        );
        fs::write(path.join("password"), PASSWORD).unwrap();
        if crate::support::running_as_root() {
            run_checked(Command::new("chown").args(["-R", "postgres:"]).arg(path));
        }
        run_checked(
            Command::new("chmod")
                .arg("600")
                .arg(path.join("server.key")),
        );

        let data = path.join("data");
        run_checked(
            server_command(pg_bin("initdb"))
                .arg("-D")
                .arg(&data)
                .args([
                    "-U",
                    "postgres",
                    "--auth=scram-sha-256",
                    "-E",
                    "UTF8",
                    "--locale=C.UTF-8",
                ])
                .arg(format!("--pwfile={}", path.join("password").display())),
        );
        // Only encrypted connections have a line; a plain one is turned away.
        fs::write(
            data.join("pg_hba.conf"),
            "hostssl all all 127.0.0.1/32 scram-sha-256\nhostssl all all ::1/128 scram-sha-256\n",
        )
        .unwrap();
        // PostgreSQL cannot bind port 0: try free ports until one is still free at start.
        let mut attempts = 0;
        let port = loop {
            let port = candidate_port();
            let conf = format!(
                "\nport = {port}\nlisten_addresses = 'localhost'\nunix_socket_directories = ''\nssl = on\nssl_cert_file = '{}'\nssl_key_file = '{}'\n",
                path.join("server.crt").display(),
                path.join("server.key").display()
            );
            let mut postgresql_conf = fs::read_to_string(data.join("postgresql.conf")).unwrap();
            postgresql_conf.push_str(&conf);
            fs::write(data.join("postgresql.conf"), postgresql_conf).unwrap();
            let started = server_command(pg_bin("pg_ctl"))
                .args(["start", "-w", "-t", "60", "-D"])
                .arg(&data)
                .arg("-l")
                .arg(path.join("server.log"))
                .stdout(std::process::Stdio::null())
                .stderr(std::process::Stdio::null())
                .status()
                .unwrap();
            attempts += 1;
            if started.success() {
                break port;
            }
            assert!(
                attempts < 5,
                "the TLS server did not start: {}",
                fs::read_to_string(path.join("server.log")).unwrap_or_default()
            );
        };
        TlsServer { dir, port }
    }

    /// `kanban ARGS` against this server in `sslmode`, trusting `root_cert` if given.
    fn kanban(&self, host: &str, sslmode: &str, root_cert: Option<&str>, args: &[&str]) -> Cmd {
        let mut command = Cmd::new(self.dir.path(), args)
            .env("KANBAN_BOARD_STAGE", "tls")
            .env("POSTGRES_HOST", host)
            .env("POSTGRES_PORT", self.port.to_string())
            .env("POSTGRES_DB", "postgres")
            .env("POSTGRES_USER", "postgres")
            .env("POSTGRES_PASSWORD", PASSWORD)
            .env("PGSSLMODE", sslmode)
            .env("HOME", self.dir.path());
        if let Some(root_cert) = root_cert {
            command = command.env("PGSSLROOTCERT", self.dir.path().join(root_cert));
        }
        command
    }
}

impl Drop for TlsServer {
    fn drop(&mut self) {
        let _ = server_command(pg_bin("pg_ctl"))
            .args(["stop", "-m", "immediate", "-D"])
            .arg(self.dir.path().join("data"))
            .output();
    }
}

#[test]
fn every_sslmode_against_a_server_that_accepts_only_tls() {
    let server = TlsServer::start();
    server
        .kanban("localhost", "verify-full", Some("ca.crt"), &["init"])
        .success();

    // Verified: the right CA and the name in the certificate.
    server
        .kanban(
            "localhost",
            "verify-full",
            Some("ca.crt"),
            &["new", "secure"],
        )
        .success();
    // A CA that did not sign the certificate.
    server
        .kanban("localhost", "verify-full", Some("other-ca.crt"), &["tasks"])
        .fails(5)
        .stderr_contains("not signed by a trusted certificate authority");
    // A host name the certificate does not hold.
    server
        .kanban("127.0.0.1", "verify-full", Some("ca.crt"), &["tasks"])
        .fails(5)
        .stderr_contains("does not name the host `127.0.0.1`");
    // verify-ca checks the signature but not the name.
    server
        .kanban("127.0.0.1", "verify-ca", Some("ca.crt"), &["tasks"])
        .success();
    server
        .kanban("127.0.0.1", "verify-ca", Some("other-ca.crt"), &["tasks"])
        .fails(5);
    // Verifying modes need something to verify against.
    server
        .kanban("localhost", "verify-full", None, &["tasks"])
        .fails(5)
        .stderr_contains("sslrootcert");
    // The system's CAs do not know this test's CA.
    server
        .kanban("localhost", "verify-full", None, &["tasks"])
        .env("PGSSLROOTCERT", "system")
        .fails(5)
        .stderr_contains("not signed by a trusted certificate authority");
    // require, prefer and allow encrypt without checking the certificate.
    for mode in ["require", "prefer", "allow"] {
        server
            .kanban("127.0.0.1", mode, None, &["tasks"])
            .success()
            .stdout_contains("secure");
    }
    // This server turns plain connections away.
    server
        .kanban("localhost", "disable", None, &["tasks"])
        .fails(5)
        .stderr_contains("accepts only encrypted connections");
    // The URL form carries the same options.
    let url = format!(
        "postgres://postgres:{PASSWORD}@localhost:{}/postgres?sslmode=verify-full&sslrootcert={}",
        server.port,
        server.dir.path().join("ca.crt").display()
    );
    Cmd::new(server.dir.path(), ["tasks", "--database-url", &url])
        .env("KANBAN_BOARD_STAGE", "nofile")
        .env("HOME", server.dir.path())
        .success()
        .stdout_contains("secure")
        .no_output_contains(PASSWORD);
    // doctor reports the mode in force.
    let report = server
        .kanban(
            "localhost",
            "verify-full",
            Some("ca.crt"),
            &["doctor", "-o", "json"],
        )
        .success()
        .json();
    assert_eq!(report["sslmode"], "verify-full");
}

/// The README's RDS recipe: TLS set in the stage env file, and libpq's defaults for where the
/// trusted authorities come from.
#[test]
fn the_env_file_carries_the_tls_settings_and_require_verifies_a_given_root() {
    let server = TlsServer::start();
    let dir = server.dir.path();
    let env_file = |mode: &str, root: &str| {
        let text = format!(
            "POSTGRES_HOST=localhost\nPOSTGRES_PORT={}\nPOSTGRES_DB=postgres\nPOSTGRES_USER=postgres\n\
             POSTGRES_PASSWORD={PASSWORD}\nPOSTGRES_SSLMODE={mode}\nPOSTGRES_SSLROOTCERT={}\n",
            server.port,
            dir.join(root).display()
        );
        let path = dir.join("rds_postgres_config.env");
        fs::write(&path, text).unwrap();
        fs::set_permissions(&path, std::os::unix::fs::PermissionsExt::from_mode(0o600)).unwrap();
    };
    let home = dir.join("home");
    fs::create_dir_all(&home).unwrap();
    let kanban = |args: &[&str]| {
        Cmd::new(dir, args)
            .env("KANBAN_BOARD_STAGE", "rds")
            .env("HOME", &home)
    };
    env_file("verify-full", "ca.crt");
    kanban(&["init"]).success();
    kanban(&["new", "over tls"]).success();
    assert_eq!(
        kanban(&["doctor", "-o", "json"]).success().json()["sslmode"],
        "verify-full"
    );
    // The wrong authority in the env file is refused: the setting is read, not ignored.
    env_file("verify-full", "other-ca.crt");
    kanban(&["tasks"])
        .fails(5)
        .stderr_contains("not signed by a trusted certificate authority");
    // require with a root certificate verifies the chain, as libpq does (like verify-ca).
    env_file("require", "other-ca.crt");
    kanban(&["tasks"])
        .fails(5)
        .stderr_contains("not signed by a trusted certificate authority");
    env_file("require", "ca.crt");
    kanban(&["tasks"]).success().stdout_contains("over tls");
    // Without sslrootcert, ~/.postgresql/root.crt is the default, for require too.
    let settings = format!(
        "POSTGRES_HOST=localhost\nPOSTGRES_PORT={}\nPOSTGRES_DB=postgres\nPOSTGRES_USER=postgres\n\
         POSTGRES_PASSWORD={PASSWORD}\nPOSTGRES_SSLMODE=verify-full\n",
        server.port
    );
    let path = dir.join("rds_postgres_config.env");
    fs::write(&path, &settings).unwrap();
    fs::create_dir_all(home.join(".postgresql")).unwrap();
    fs::copy(dir.join("ca.crt"), home.join(".postgresql/root.crt")).unwrap();
    kanban(&["tasks"]).success().stdout_contains("over tls");
    fs::copy(dir.join("other-ca.crt"), home.join(".postgresql/root.crt")).unwrap();
    kanban(&["tasks"])
        .fails(5)
        .stderr_contains("not signed by a trusted certificate authority");
    fs::write(&path, settings.replace("verify-full", "require")).unwrap();
    kanban(&["tasks"])
        .fails(5)
        .stderr_contains("not signed by a trusted certificate authority");
    // With no root anywhere, require encrypts without checking, as libpq does.
    fs::remove_file(home.join(".postgresql/root.crt")).unwrap();
    kanban(&["tasks"]).success().stdout_contains("over tls");
    // And a plain connection is refused by this server with a message saying why.
    fs::write(&path, settings.replace("verify-full", "disable")).unwrap();
    kanban(&["tasks"])
        .fails(5)
        .stderr_contains("accepts only encrypted connections");
}

/// Ctrl-C on a TLS session: the cancel request (made with the session's TLS settings) reaches
/// the server, so the change the user abandoned never happens.
#[test]
fn an_interrupt_cancels_the_statement_over_tls() {
    let server = TlsServer::start();
    let kanban = |args: &[&str]| server.kanban("localhost", "verify-full", Some("ca.crt"), args);
    kanban(&["init"]).success();
    kanban(&["new", "held"]).success();
    // psql holds the table lock over TLS for a while.
    let mut holder = Command::new("psql")
        .arg(format!(
            "host=localhost port={} dbname=postgres user=postgres sslmode=require",
            server.port
        ))
        .args([
            "-X",
            "-q",
            "-c",
            "BEGIN; LOCK TABLE kanban_task; SELECT pg_sleep(4); COMMIT;",
        ])
        .env("PGPASSWORD", PASSWORD)
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    std::thread::sleep(std::time::Duration::from_millis(800));
    let running = kanban(&["start", "held"])
        .env("KANBAN_LOCK_TIMEOUT", "0")
        .spawn();
    std::thread::sleep(std::time::Duration::from_millis(800));
    let status = Command::new("kill")
        .args(["-INT", &running.child.id().to_string()])
        .status()
        .unwrap();
    assert!(status.success());
    running
        .finish()
        .code(130)
        .stderr_contains("nothing was changed");
    assert!(holder.wait().unwrap().success());
    kanban(&["tasks", "-o", "tsv"])
        .success()
        .stdout_contains("held\ttodo");
}
