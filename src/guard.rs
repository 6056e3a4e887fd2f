//! Bounds on every wait for the server, and a clean end when kanban is interrupted.
//!
//! Every statement runs inside `waiting`. One guard thread cancels a statement the server has
//! kept silent past the read limit, and calls the connection lost when even the cancel goes
//! unanswered; it also turns SIGINT, SIGTERM and SIGHUP into a cancel request for the running
//! statement before kanban exits (128 + the signal), so a change the user was told failed does
//! not happen later. The thread starts only once there is something to guard: a server that
//! accepted the connection (and may now fall silent), a name to look up, a pager or the
//! watch. Until then a signal simply ends kanban with the same exit code and no message:
//! nothing has been sent, nothing is on screen. A command that fails to connect thus never
//! starts a thread (a tenth of a refused connection's time, benches/latency.py). Signals are
//! process-wide, so this state is too: statics.

use std::sync::atomic::{AtomicBool, AtomicU8, AtomicU64, Ordering};
use std::sync::{Arc, Mutex, OnceLock, mpsc};
use std::thread;
use std::time::{Duration, Instant};

use postgres::CancelToken;
use signal_hook::consts::{SIGHUP, SIGINT, SIGTERM};
use signal_hook::iterator::Signals;

use crate::error::ExitCode;
use crate::tls;

/// How long a cancel request may take to be sent (it opens a connection of its own).
const CANCEL_WAIT: Duration = Duration::from_secs(3);
/// How long the statement may take to end once the server has the cancel request.
const CANCEL_GRACE: Duration = Duration::from_secs(3);
/// How often the guard looks at the signals and the statement in flight (the main thread
/// also looks as each statement and the command end: see `settle`).
const TICK: Duration = Duration::from_millis(50);

/// Milliseconds since `epoch()` (plus one, so that 0 means "not waiting") at which the
/// current wait on the server began. Atomics: a streamed listing enters and leaves a wait
/// once per row.
static WAITING_SINCE: AtomicU64 = AtomicU64::new(0);
/// Whether the statement in flight may change the board.
static CHANGING: AtomicBool = AtomicBool::new(false);
/// How the last wait ended: 0 still running or none, 1 with success, 2 with an error.
static LAST_OUTCOME: AtomicU8 = AtomicU8::new(0);
/// The watchdog cancelled the statement in flight: its error means "too slow", not "refused".
static CANCELLED_FOR_SILENCE: AtomicBool = AtomicBool::new(false);
/// A signal arrived; the main thread must not go on to report anything.
static INTERRUPTED: AtomicBool = AtomicBool::new(false);
/// The longest silence allowed, in milliseconds (0: no limit), for reads and for changes.
static READ_LIMIT: AtomicU64 = AtomicU64::new(0);
static CHANGE_LIMIT: AtomicU64 = AtomicU64::new(0);
/// The watch bounds its own statements (it must survive a lost connection, not exit).
static WATCHDOG_OFF: AtomicBool = AtomicBool::new(false);
/// While a command connects (see `connecting`): when, on `now_millis`'s clock, the guard ends
/// the process with `CONNECT_MESSAGE`; 0 when nothing is connecting.
static CONNECT_DEADLINE: AtomicU64 = AtomicU64::new(0);
static CONNECT_MESSAGE: Mutex<String> = Mutex::new(String::new());

/// What a cancel request needs, and how to name the database in messages.
struct Registered {
    token: CancelToken,
    tls: tls::Connector,
    target: String,
}

static CONNECTION: Mutex<Option<Registered>> = Mutex::new(None);
/// Run before an exit forced by a signal or a lost connection (the watch gives the terminal
/// back here).
static ON_EXIT: Mutex<Option<Box<dyn Fn() + Send>>> = Mutex::new(None);
/// Prints the one error line, in the format the user asked for.
type Reporter = Box<dyn Fn(ExitCode, &str) + Send + Sync>;
static REPORT: OnceLock<Reporter> = OnceLock::new();
/// The signals kanban handles; each ends the process at once while this is set (the guard
/// thread not yet running), and is the guard's to act on afterwards.
static ENDS_AT_ONCE: OnceLock<Arc<AtomicBool>> = OnceLock::new();
/// The signals the guard acts on, caught from its start.
static SIGNALS: Mutex<Option<Signals>> = Mutex::new(None);
const HANDLED: [i32; 3] = [SIGINT, SIGTERM, SIGHUP];

fn epoch() -> Instant {
    static EPOCH: OnceLock<Instant> = OnceLock::new();
    *EPOCH.get_or_init(Instant::now)
}

fn now_millis() -> u64 {
    u64::try_from(epoch().elapsed().as_millis()).unwrap_or(u64::MAX - 1) + 1
}

fn lock<T>(mutex: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    mutex
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
}

/// Catches the signals from now on: until the guard starts, each ends the process with
/// 128 + the signal, as if uncaught (but as an exit code, the one documented); `report`
/// prints an error line as `main` would.
pub fn install(report: impl Fn(ExitCode, &str) + Send + Sync + 'static) {
    epoch();
    let _ = REPORT.set(Box::new(report));
    let ends_at_once = ENDS_AT_ONCE.get_or_init(|| Arc::new(AtomicBool::new(true)));
    for signal in HANDLED {
        // Without a handler the default action stays: kanban still dies on the signal.
        let _ = signal_hook::flag::register_conditional_shutdown(
            signal,
            128 + signal,
            Arc::clone(ends_at_once),
        );
    }
}

/// Acts on a signal that has arrived: cancels the statement in flight and ends the process.
fn poll_signals() {
    let signal = {
        let mut signals = lock(&SIGNALS);
        let signal = signals
            .as_mut()
            .and_then(|signals| signals.pending().next())
            .filter(|signal| !(*signal == SIGINT && crate::pager::on_screen()));
        // Marked while the signals are held: the other thread, looking next, sees it.
        if signal.is_some() {
            INTERRUPTED.store(true, Ordering::SeqCst);
        }
        signal
    };
    if let Some(signal) = signal {
        interrupted(signal);
    }
}

/// Acts on a signal that arrived since the guard thread last looked (it looks every `TICK`):
/// a statement or a command that ends sooner must not end as if nothing had happened. If
/// either thread is already acting on one, waits for it to end the process.
pub fn settle() {
    poll_signals();
    if INTERRUPTED.load(Ordering::SeqCst) {
        // The thread acting on it reports and exits; nothing else may reach the user.
        loop {
            thread::park();
        }
    }
}

/// Starts the guard thread, once: from now on it acts on the signals and bounds the waits.
pub fn start() {
    static GUARD: std::sync::Once = std::sync::Once::new();
    GUARD.call_once(|| {
        // The guard's own handlers first, so that no signal falls between the two.
        *lock(&SIGNALS) = Signals::new(HANDLED).ok();
        if let Some(ends_at_once) = ENDS_AT_ONCE.get() {
            ends_at_once.store(false, Ordering::SeqCst);
        }
        thread::spawn(guard);
    });
}

/// The connection statements now run on; `read` and `change` bound the server's silence.
pub fn connected(
    token: CancelToken,
    tls: tls::Connector,
    target: &str,
    read: Option<Duration>,
    change: Option<Duration>,
) {
    let millis = |limit: Option<Duration>| {
        limit.map_or(0, |limit| {
            u64::try_from(limit.as_millis()).unwrap_or(u64::MAX).max(1)
        })
    };
    start();
    READ_LIMIT.store(millis(read), Ordering::SeqCst);
    CHANGE_LIMIT.store(millis(change), Ordering::SeqCst);
    *lock(&CONNECTION) = Some(Registered {
        token,
        tls,
        target: target.to_owned(),
    });
}

/// Runs `connect` on this thread, for a command whose failure to connect is its end: past
/// `limit` the guard ends the process with `unanswered` (exit 6). The connection calls
/// `start` once there is something to wait for (a name to look up, a server that accepted
/// the connection); until then the driver's own connect timeout bounds the wait. Waiting for
/// a thread of its own instead costs every command that thread's start, a wake-up on the
/// other core (85 us of a failed connect's 1.38 ms, benches/latency.py).
pub fn connecting<T>(
    limit: Option<Duration>,
    unanswered: String,
    connect: impl FnOnce() -> T,
) -> T {
    if let Some(limit) = limit {
        *lock(&CONNECT_MESSAGE) = unanswered;
        let millis = u64::try_from(limit.as_millis()).unwrap_or(u64::MAX / 2);
        CONNECT_DEADLINE.store(now_millis().saturating_add(millis), Ordering::SeqCst);
    }
    let outcome = connect();
    CONNECT_DEADLINE.store(0, Ordering::SeqCst);
    outcome
}

/// Leaves the bounding of statements to the caller (the watch, which reconnects instead);
/// signals are still handled, from now on.
pub fn watchdog_off() {
    WATCHDOG_OFF.store(true, Ordering::SeqCst);
    start();
}

/// Something to run before a forced exit (only the last one registered runs).
pub fn on_exit(cleanup: impl Fn() + Send + 'static) {
    *lock(&ON_EXIT) = Some(Box::new(cleanup));
}

/// Runs `statement` as a wait on the server, under the watchdog and the signal handlers.
pub fn waiting<T, E>(changing: bool, statement: impl FnOnce() -> Result<T, E>) -> Result<T, E> {
    CHANGING.store(changing, Ordering::SeqCst);
    LAST_OUTCOME.store(0, Ordering::SeqCst);
    WAITING_SINCE.store(now_millis(), Ordering::SeqCst);
    let result = statement();
    LAST_OUTCOME.store(if result.is_ok() { 1 } else { 2 }, Ordering::SeqCst);
    WAITING_SINCE.store(0, Ordering::SeqCst);
    settle();
    result
}

/// Runs `work` (writing a row for the user, say) as time not spent waiting on the server,
/// inside a wait: a reader paging slowly through a listing is not a silent server.
pub fn outside<T>(work: impl FnOnce() -> T) -> T {
    let since = WAITING_SINCE.swap(0, Ordering::SeqCst);
    let result = work();
    if since != 0 {
        WAITING_SINCE.store(now_millis(), Ordering::SeqCst);
    }
    result
}

/// Whether the watchdog cancelled the last statement for silence (and forgets it).
pub fn cancelled_for_silence() -> bool {
    CANCELLED_FOR_SILENCE.swap(false, Ordering::SeqCst)
}

/// Whether the statement in flight (or the last one) may change the board.
pub fn changing() -> bool {
    CHANGING.load(Ordering::SeqCst)
}

/// The read limit in force, for messages.
pub fn read_limit() -> Option<Duration> {
    let millis = READ_LIMIT.load(Ordering::SeqCst);
    (millis > 0).then(|| Duration::from_millis(millis))
}

/// Sends a cancel request for the statement in flight, waiting at most `CANCEL_WAIT`.
fn cancel() -> bool {
    let Some((token, tls)) = lock(&CONNECTION)
        .as_ref()
        .map(|registered| (registered.token.clone(), registered.tls.clone()))
    else {
        return false;
    };
    let (sender, receiver) = mpsc::channel();
    thread::spawn(move || {
        let cancelled = tls.get().is_ok_and(|tls| token.cancel_query(tls).is_ok());
        let _ = sender.send(cancelled);
    });
    receiver.recv_timeout(CANCEL_WAIT).unwrap_or(false)
}

/// Waits up to `limit` for the main thread to leave its wait; true if it did.
fn left_within(limit: Duration) -> bool {
    let started = Instant::now();
    while WAITING_SINCE.load(Ordering::SeqCst) != 0 {
        if started.elapsed() > limit {
            return false;
        }
        thread::sleep(Duration::from_millis(5));
    }
    true
}

fn target() -> String {
    lock(&CONNECTION)
        .as_ref()
        .map_or_else(|| "the database".to_owned(), |r| r.target.clone())
}

/// Restores what must be restored, prints the one line and ends the process.
fn exit_with(code: ExitCode, exit_status: i32, message: &str) -> ! {
    if let Some(cleanup) = lock(&ON_EXIT).take() {
        cleanup();
    }
    // A pager on screen keeps the terminal until the user quits it; the message follows.
    crate::pager::wait_for_exit();
    if let Some(report) = REPORT.get() {
        report(code, message);
    }
    std::process::exit(exit_status);
}

/// Reports `signal` and ends the process (INTERRUPTED is already set, by `poll_signals`).
fn interrupted(signal: i32) {
    let name = match signal {
        SIGINT => "SIGINT",
        SIGTERM => "SIGTERM",
        _ => "SIGHUP",
    };
    let code = match signal {
        SIGINT => ExitCode::Interrupted,
        SIGTERM => ExitCode::Terminated,
        _ => ExitCode::HungUp,
    };
    let message = if WAITING_SINCE.load(Ordering::SeqCst) == 0 {
        // Between statements, or after the last: what the last one did stands.
        match (
            CHANGING.load(Ordering::SeqCst),
            LAST_OUTCOME.load(Ordering::SeqCst),
        ) {
            (true, 1) => format!(
                "interrupted by {name}, but the server had already made the change (see `kanban tasks`)"
            ),
            (true, 2) => format!("interrupted by {name}; nothing was changed"),
            _ => format!("interrupted by {name}"),
        }
    } else {
        let changing = CHANGING.load(Ordering::SeqCst);
        let sent = cancel();
        let ended = sent && left_within(CANCEL_GRACE);
        let outcome = LAST_OUTCOME.load(Ordering::SeqCst);
        match (changing, ended, outcome) {
            (false, _, _) => format!("interrupted by {name}; the statement was cancelled"),
            (true, true, 2) => {
                format!("interrupted by {name}; the change was cancelled: nothing was changed")
            }
            (true, true, _) => format!(
                "interrupted by {name}, but the server had already made the change (see `kanban tasks`)"
            ),
            (true, false, _) => format!(
                "interrupted by {name}; {} did not confirm the cancel, so the change may still be made: check with `kanban tasks`",
                target()
            ),
        }
    };
    exit_with(code, 128 + signal, &message);
}

/// Acts on signals, and cancels a statement the server has been silent on for too long;
/// ends the process when even the cancel gets no answer (the network or the server is
/// gone). While it waits for a cancel (at most `CANCEL_WAIT` + `CANCEL_GRACE`), a signal
/// waits too.
fn guard() {
    loop {
        thread::sleep(TICK);
        poll_signals();
        let deadline = CONNECT_DEADLINE.load(Ordering::SeqCst);
        if deadline != 0 && now_millis() >= deadline {
            let message = lock(&CONNECT_MESSAGE).clone();
            exit_with(
                ExitCode::Unreachable,
                ExitCode::Unreachable.code(),
                &message,
            );
        }
        let since = WAITING_SINCE.load(Ordering::SeqCst);
        if since == 0 || INTERRUPTED.load(Ordering::SeqCst) || WATCHDOG_OFF.load(Ordering::SeqCst) {
            continue;
        }
        let changing = CHANGING.load(Ordering::SeqCst);
        let limit = if changing {
            CHANGE_LIMIT.load(Ordering::SeqCst)
        } else {
            READ_LIMIT.load(Ordering::SeqCst)
        };
        if limit == 0 || now_millis().saturating_sub(since) < limit {
            continue;
        }
        CANCELLED_FOR_SILENCE.store(true, Ordering::SeqCst);
        let silent_for = Duration::from_millis(limit).as_secs_f64();
        if cancel() && left_within(CANCEL_GRACE) {
            // The server answered the cancel: the main thread reports a cancelled statement.
            continue;
        }
        if WAITING_SINCE.load(Ordering::SeqCst) != since {
            continue;
        }
        let lines = crate::stdout::lines_out();
        let applied = if changing {
            "the change may or may not have been made: check with `kanban tasks`".to_owned()
        } else if lines > 0 {
            format!(
                "nothing was changed; {lines} whole line(s) of output reached stdout before that"
            )
        } else {
            "nothing was changed".to_owned()
        };
        exit_with(
            ExitCode::Unreachable,
            ExitCode::Unreachable.code(),
            &format!(
                "lost the connection to {}: no answer for {silent_for} s, nor to a cancel request (KANBAN_READ_TIMEOUT sets the limit); {applied}",
                target()
            ),
        );
    }
}
