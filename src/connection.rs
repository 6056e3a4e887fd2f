//! How kanban reaches the server: TLS as sslmode says, kanban's limits as startup options,
//! keepalives, a connect timeout that holds against a silent server, and a failure to
//! connect turned into the message and exit code the user can act on.

use std::sync::mpsc;
use std::thread;
use std::time::Duration;

use anyhow::Result;
use postgres::config::SslMode as DriverSslMode;
use postgres::error::SqlState;
use postgres::tls::MakeTlsConnect;
use postgres::{Client, Socket};
use tokio_postgres_rustls::MakeRustlsConnect;

use crate::config::{Settings, SslMode};
use crate::error::Failure;
use crate::guard;
use crate::tls;

/// How often the server checks that kanban is still connected while it works (PostgreSQL 14+).
const CONNECTION_CHECK_MILLIS: u32 = 1000;
/// How long the server's unacknowledged data to kanban may wait before it drops the
/// connection (PostgreSQL 12+).
const SERVER_TCP_USER_TIMEOUT_MILLIS: u32 = 30_000;

/// How long past the server's statement limit the client waits for a change's answer.
const STATEMENT_GRACE: Duration = Duration::from_secs(5);

/// Connects, giving up after the configured timeout even when a server accepts the TCP
/// connection and then never answers (the driver's own timeout covers only the TCP part), and
/// puts the connection under the guard's limits. Returns it with its name for messages.
pub fn open(settings: &Settings) -> Result<(Client, String)> {
    let target = settings.target();
    // libpq ignores sslmode on Unix sockets: there is nothing to encrypt.
    let mode = if settings.host.starts_with('/') {
        SslMode::Disable
    } else {
        settings.ssl_mode
    };
    let tls = tls::connector(mode, settings.root_certs.as_ref())?;
    let first = match mode {
        SslMode::Disable | SslMode::Allow => DriverSslMode::Disable,
        SslMode::Prefer => DriverSslMode::Prefer,
        SslMode::Require | SslMode::VerifyCa | SslMode::VerifyFull => DriverSslMode::Require,
    };
    let client = match attempt(settings, first, tls.clone(), true) {
        // allow: plain first, encrypted only when the server insists.
        Err(Attempt::Failed(error)) if mode == SslMode::Allow && refused_plain(&error) => {
            attempt(settings, DriverSslMode::Require, tls.clone(), true)
        }
        // A pooler that refuses the `options` startup parameter (PgBouncer without
        // ignore_startup_parameters): again without kanban's own limits in it. The
        // client-side limits still hold; the README says how to set the server's.
        // A server older than one of kanban's settings (client_connection_check_interval is
        // PostgreSQL 14+) refuses it by name: the same retry.
        Err(Attempt::Failed(error))
            if settings.options.is_none()
                && (error.code() == Some(&SqlState::PROTOCOL_VIOLATION)
                    || error.code() == Some(&SqlState::UNDEFINED_OBJECT)) =>
        {
            attempt(settings, first, tls.clone(), false)
        }
        other => other,
    };
    let client = client.map_err(|failed| match failed {
        Attempt::TimedOut(timeout) => Failure::unreachable(timed_out(&target, timeout)),
        Attempt::Failed(error) => connect_failure(&error, settings, mode, &target),
    })?;
    let limits = settings.limits;
    // A change may run up to the server's statement limit before the client calls the
    // silence too long.
    let change_limit = match (limits.read, limits.statement) {
        (Some(read), Some(statement)) => Some(read.max(statement + STATEMENT_GRACE)),
        (read, _) => read,
    };
    guard::connected(
        client.cancel_token(),
        tls,
        &target,
        limits.read,
        change_limit,
    );
    Ok((client, target))
}

/// Why one connection attempt failed.
enum Attempt {
    TimedOut(Duration),
    Failed(postgres::Error),
}

/// One connection attempt, bounded by the connect timeout even against a server that
/// accepts the connection and never answers: a one-shot command's on this thread under the
/// guard, which ends the process at the timeout; a caller that goes on after a failure
/// (doctor, the watch, completion) waits for a thread of its own, abandoned if it times out.
fn attempt(
    settings: &Settings,
    ssl_mode: DriverSslMode,
    tls: tls::Connector,
    with_limits: bool,
) -> Result<Client, Attempt> {
    let mut config = postgres::Config::new();
    config
        .port(settings.port)
        .dbname(&settings.dbname)
        .user(&settings.user)
        .application_name(&settings.application_name)
        .ssl_mode(ssl_mode);
    if let Some(password) = &settings.password {
        config.password(password);
    }
    if let Some(timeout) = settings.connect_timeout {
        config.connect_timeout(timeout);
    }
    let keepalives = settings.keepalives;
    config
        .keepalives(keepalives.enabled)
        .keepalives_idle(keepalives.idle)
        .keepalives_interval(keepalives.interval)
        .keepalives_retries(keepalives.count);
    if let Some(timeout) = keepalives.tcp_user_timeout {
        config.tcp_user_timeout(timeout);
    }
    // kanban's limits first, then the user's options, which win (the server applies the
    // `-c` switches in order).
    let mut options = Vec::new();
    if with_limits {
        let millis = |limit: Option<Duration>| limit.map_or(0, |limit| limit.as_millis());
        options.push(format!("-c lock_timeout={}", millis(settings.limits.lock)));
        // The server looks every second whether kanban is still there while it waits (a lock,
        // a long statement), and cancels the work of a client that is gone: a killed kanban
        // or a cut network does not leave a change to land later.
        options.push(format!(
            "-c client_connection_check_interval={CONNECTION_CHECK_MILLIS}"
        ));
        // And the server gives up on a client that stops reading its answer (a batch cut off
        // mid-way) instead of holding its locks until the kernel's TCP timeout, 15 minutes.
        options.push(format!(
            "-c tcp_user_timeout={SERVER_TCP_USER_TIMEOUT_MILLIS}"
        ));
        if settings.changes {
            options.push(format!(
                "-c statement_timeout={}",
                millis(settings.limits.statement)
            ));
        }
    }
    options.extend(settings.options.clone());
    if !options.is_empty() {
        config.options(&options.join(" "));
    }
    let host = settings.host.clone();
    let port = settings.port;
    if settings.connect_ends_process {
        let unanswered = timed_out(
            &settings.target(),
            settings.connect_timeout.unwrap_or_default(),
        );
        return guard::connecting(settings.connect_timeout, unanswered, || {
            connect_each(&config, &host, port, &tls)
        })
        .map_err(Attempt::Failed);
    }
    // This caller goes on after a failure: the connection gets a thread of its own, given
    // up on at the timeout, while the guard acts on signals.
    guard::start();
    let (sender, receiver) = mpsc::channel();
    thread::spawn(move || {
        // The receiver is gone only after a timeout, when nobody wants the answer.
        let _ = sender.send(connect_each(&config, &host, port, &tls));
    });
    let outcome = match settings.connect_timeout {
        Some(timeout) => receiver
            .recv_timeout(timeout)
            .map_err(|error| match error {
                mpsc::RecvTimeoutError::Timeout => Attempt::TimedOut(timeout),
                mpsc::RecvTimeoutError::Disconnected => Attempt::TimedOut(Duration::ZERO),
            })?,
        None => receiver
            .recv()
            .map_err(|_| Attempt::TimedOut(Duration::ZERO))?,
    };
    outcome.map_err(Attempt::Failed)
}

/// What a connection that got no answer in time says.
fn timed_out(target: &str, timeout: Duration) -> String {
    format!(
        "cannot reach {target}: no answer within {} s (PGCONNECT_TIMEOUT changes the limit)",
        timeout.as_secs()
    )
}

/// Connects to `host`, looking its name up on this thread and trying its addresses in turn
/// as libpq does: the first that answers decides (a server that refuses the login is the
/// answer, not a reason to try the next address, whose "connection refused" would hide it);
/// only an address that cannot be reached makes way for the next. The driver's own lookup
/// runs on a thread pool whose shutdown, when the connection closes, costs a command about a
/// millisecond (benches/latency.py). A name that does not resolve is left to the driver,
/// whose error the user sees as before.
fn connect_each(
    config: &postgres::Config,
    host: &str,
    port: u16,
    tls: &tls::Connector,
) -> Result<Client, postgres::Error> {
    use std::net::{IpAddr, ToSocketAddrs};
    let tls = Guarded(tls.clone());
    let addresses: Vec<IpAddr> = if host.starts_with('/') || host.parse::<IpAddr>().is_ok() {
        Vec::new()
    } else {
        // A name server may never answer: the connect timeout must hold meanwhile.
        guard::start();
        (host, port)
            .to_socket_addrs()
            .map(|found| found.map(|address| address.ip()).collect())
            .unwrap_or_default()
    };
    if addresses.is_empty() {
        return config.clone().host(host).connect(tls.clone());
    }
    let mut unreachable = None;
    for address in addresses {
        // The name stays the host, for TLS; the address is where to connect.
        match config
            .clone()
            .host(host)
            .hostaddr(address)
            .connect(tls.clone())
        {
            Err(error) if error.as_db_error().is_none() && io_cause(&error).is_some() => {
                unreachable = Some(error);
            }
            outcome => return outcome,
        }
    }
    match unreachable {
        Some(error) => Err(error),
        None => config.clone().host(host).connect(tls.clone()),
    }
}

/// The TLS connector, which the driver asks for once the server has accepted the TCP
/// connection: from then on a server may fall silent, so the guard starts there (a refused
/// connection never needs it), and the connector is built there.
#[derive(Clone)]
struct Guarded(tls::Connector);

impl MakeTlsConnect<Socket> for Guarded {
    type Stream = <MakeRustlsConnect as MakeTlsConnect<Socket>>::Stream;
    type TlsConnect = <MakeRustlsConnect as MakeTlsConnect<Socket>>::TlsConnect;
    type Error = Box<dyn std::error::Error + Send + Sync>;

    fn make_tls_connect(&mut self, domain: &str) -> Result<Self::TlsConnect, Self::Error> {
        guard::start();
        let mut tls = self.0.get()?;
        Ok(<MakeRustlsConnect as MakeTlsConnect<Socket>>::make_tls_connect(&mut tls, domain)?)
    }
}

/// The server turned the login away (pg_hba.conf: no line for it) on a plain connection:
/// libpq's `allow` tries again with TLS.
fn refused_plain(error: &postgres::Error) -> bool {
    error.code() == Some(&SqlState::INVALID_AUTHORIZATION_SPECIFICATION)
}

/// Classifies a failed connection by SQLSTATE and error kind: the server said no or TLS
/// failed (exit 5), or it could not be reached (exit 6). The driver's messages never contain
/// the password; ours name only the user, and where the settings came from.
fn connect_failure(
    error: &postgres::Error,
    settings: &Settings,
    mode: SslMode,
    target: &str,
) -> Failure {
    let user = &settings.user;
    if let Some(db) = error.as_db_error() {
        let message = db.message();
        let code = db.code();
        return if *code == SqlState::INVALID_PASSWORD {
            let password = settings
                .password_source
                .as_deref()
                .unwrap_or("no password at all");
            Failure::config(format!(
                "{target} refused user `{user}`: {message}; check the user ({}) and the password ({password})",
                settings.user_source
            ))
        } else if *code == SqlState::INVALID_AUTHORIZATION_SPECIFICATION
            && matches!(mode, SslMode::Disable | SslMode::Allow | SslMode::Prefer)
        {
            Failure::config(format!(
                "{target} turned away user `{user}`: {message} (on an unencrypted connection: if it accepts only encrypted connections, use sslmode=require or stricter)"
            ))
        } else if *code == SqlState::INVALID_CATALOG_NAME {
            Failure::config(format!(
                "{target} does not exist: create it, or check the database name (POSTGRES_DB, PGDATABASE, or the URL's path)"
            ))
        } else if *code == SqlState::TOO_MANY_CONNECTIONS {
            Failure::busy(format!(
                "busy: {target} has no connection to spare ({message}); safe to retry later"
            ))
        } else if *code == SqlState::CANNOT_CONNECT_NOW {
            Failure::unreachable(format!("{target} is not accepting connections: {message}"))
        } else {
            Failure::config(format!("{target} refused the connection: {message}"))
        };
    }
    if let Some(tls_error) = io_cause(error)
        .and_then(|io| io.get_ref())
        .and_then(|inner| inner.downcast_ref::<rustls::Error>())
    {
        return Failure::config(format!(
            "cannot connect to {target} with sslmode={}: {}",
            mode.name(),
            tls::describe(tls_error, &settings.host)
        ));
    }
    if let Some(io) = io_cause(error) {
        // The driver's own connect timeout (nothing answered the TCP connection): the same
        // message as the guard's for a server that accepts and then says nothing.
        if io.kind() == std::io::ErrorKind::TimedOut
            && let Some(timeout) = settings.connect_timeout
        {
            return Failure::unreachable(timed_out(target, timeout));
        }
        // `db/up` exists only in a checkout: the hint is for someone working in one.
        let local = if std::path::Path::new("db/up").is_file() {
            " (`db/up` starts the local one)"
        } else {
            ""
        };
        return Failure::unreachable(format!(
            "cannot reach {target}: {io}; is the server running?{local}"
        ));
    }
    // The server (or something on the way) hung up during the login: a network failure, not
    // a setting to fix.
    if error.is_closed() {
        return Failure::unreachable(format!(
            "cannot reach {target}: the connection was closed during the login; safe to retry"
        ));
    }
    // Neither the server nor the network failed: the driver stopped before sending a login.
    // With TLS required, that is the server answering that it has no TLS; without a password,
    // the server asking for one.
    let tls_required = matches!(
        mode,
        SslMode::Require | SslMode::VerifyCa | SslMode::VerifyFull
    );
    let no_tls = format!(
        "does not support TLS (SSL), but sslmode={} requires it: enable ssl on the server, or use sslmode=prefer",
        mode.name()
    );
    let no_password = format!(
        "asks user `{user}` for a password and none is set (POSTGRES_PASSWORD, PGPASSWORD, the URL, or a matching line in ~/.pgpass or PGPASSFILE)"
    );
    match (tls_required, settings.password.is_some()) {
        (true, true) => return Failure::config(format!("{target} {no_tls}")),
        (true, false) => {
            return Failure::config(format!("{target} either {no_tls}, or {no_password}"));
        }
        (false, false) => return Failure::config(format!("{target} {no_password}")),
        (false, true) => {}
    }
    Failure::config(format!("cannot connect to {target}: {error}"))
}

pub fn io_cause(error: &postgres::Error) -> Option<&std::io::Error> {
    let mut source = std::error::Error::source(error);
    while let Some(cause) = source {
        if let Some(io) = cause.downcast_ref::<std::io::Error>() {
            return Some(io);
        }
        source = cause.source();
    }
    None
}
