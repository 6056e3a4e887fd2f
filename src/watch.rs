//! `kanban board --watch`: the board kept on screen, redrawn in place every second (timers
//! tick) and at once when any client changes a task, until `q` or Ctrl-C; a board taller than
//! the terminal scrolls under its pinned titles.
//!
//! Changes arrive by LISTEN/NOTIFY (migration step 4's trigger). Behind a transaction-pooling
//! PgBouncer a session cannot keep a LISTEN, so in `auto` mode the watcher first sends itself
//! a probe from a second connection; when the probe does not arrive it checks the change
//! counter once a second instead. The status line says which. Timers tick locally between changes: the table is never re-read just
//! because a second passed.

use std::io::{self, Write};
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::mpsc::{self, Receiver, Sender};
use std::thread;
use std::time::{Duration, Instant};

use anyhow::Result;
use crossterm::cursor::{Hide, MoveTo, Show};
use crossterm::event::{self, Event, KeyCode, KeyEventKind, KeyModifiers};
use crossterm::terminal::{
    self, Clear, ClearType, EnterAlternateScreen, LeaveAlternateScreen, disable_raw_mode,
    enable_raw_mode,
};
use crossterm::{execute, queue};

use crate::cli::WatchMode;
use crate::config::Settings;
use crate::error::{ExitCode, Failure};
use crate::guard;
use crate::output::board_table;
use crate::repository::{BoardColumn, ChangeState, Repository};

const TICK: Duration = Duration::from_secs(1);
const LISTEN_WAIT: Duration = Duration::from_millis(100);
/// How long the screen waits for a key before it looks at the worker again: it answers `q`
/// within this, whatever the database is doing.
const KEY_WAIT: Duration = Duration::from_millis(50);
/// A statement slower than this shows "waiting for the database".
const SLOW: Duration = Duration::from_secs(1);
/// Even while listening, look at the counter now and then, in case a pooler ate a NOTIFY.
const SAFETY_CHECK: Duration = Duration::from_secs(5);
const MAX_BACKOFF: Duration = Duration::from_secs(30);
/// How long `auto` mode waits for its probe notification before it polls instead. A direct
/// connection delivers it in milliseconds; behind a pooler it never comes.
const PROBE_WAIT: Duration = Duration::from_secs(1);
/// How long the probe's second connection may take: a full pool or a connection limit must
/// not keep the watch from starting (it polls instead).
const PROBE_CONNECT: Duration = Duration::from_secs(2);

/// The terminal in watch mode: raw input, alternate screen, no cursor. Dropping it gives the
/// terminal back exactly as it was, on every way out (including an error).
struct Screen;

impl Screen {
    fn enter() -> io::Result<Screen> {
        enable_raw_mode()?;
        let screen = Screen;
        execute!(io::stdout(), EnterAlternateScreen, Hide)?;
        Ok(screen)
    }
}

impl Drop for Screen {
    fn drop(&mut self) {
        let _ = execute!(io::stdout(), Show, LeaveAlternateScreen);
        let _ = disable_raw_mode();
    }
}

/// A live connection and how it learns of changes.
struct Live {
    repository: Repository,
    listening: bool,
    /// The change state read just before the board on screen.
    seen: ChangeState,
    checked: Instant,
}

/// What is on screen.
struct Board {
    columns: Vec<BoardColumn>,
    fetched: Instant,
}

/// What the database worker tells the screen.
enum Update {
    /// A fresh read of the board, and how changes are learnt.
    Board {
        columns: Vec<BoardColumn>,
        listening: bool,
    },
    /// The connection failed; the worker tries again after the pause. `settings` when the
    /// failure is one no retry can mend (a wrong password, a missing right, no schema).
    Lost {
        problem: String,
        retry_in: Duration,
        settings: bool,
        /// The server is there but busy (a lock, a limit): not a lost connection.
        busy: bool,
    },
}

/// The thread that talks to the database, so that the screen answers keys whatever the
/// server does. `busy` holds when its current statement began (see `Busy`).
struct Worker {
    updates: Receiver<Update>,
    busy: Arc<Busy>,
}

/// When the worker's statement in flight began, in milliseconds since `started` (0: none).
struct Busy {
    started: Instant,
    since: AtomicU64,
}

impl Busy {
    /// Runs one statement, marking the time the worker spends waiting on the server.
    fn during<T>(&self, statement: impl FnOnce() -> T) -> T {
        let now = u64::try_from(self.started.elapsed().as_millis()).unwrap_or(u64::MAX) + 1;
        self.since.store(now, Ordering::SeqCst);
        let result = statement();
        self.since.store(0, Ordering::SeqCst);
        result
    }

    /// How long the statement in flight has been waiting, if there is one.
    fn waiting(&self) -> Option<Duration> {
        let since = self.since.load(Ordering::SeqCst);
        (since != 0).then(|| {
            let now = u64::try_from(self.started.elapsed().as_millis()).unwrap_or(u64::MAX) + 1;
            Duration::from_millis(now.saturating_sub(since))
        })
    }
}

impl Worker {
    fn start(settings: &Settings, limit: i64, mode: WatchMode) -> Worker {
        let (sender, updates) = mpsc::channel();
        let busy = Arc::new(Busy {
            started: Instant::now(),
            since: AtomicU64::new(0),
        });
        let settings = settings.clone();
        let shared = Arc::clone(&busy);
        thread::spawn(move || work(&settings, limit, mode, &sender, &shared));
        Worker { updates, busy }
    }
}

/// The worker's life: connect, read, follow changes; on failure say so, back off, again.
/// Ends when the screen no longer listens (it quit, or gave up on this worker).
fn work(settings: &Settings, limit: i64, mode: WatchMode, updates: &Sender<Update>, busy: &Busy) {
    let mut backoff = TICK;
    loop {
        let Err(error) = session(settings, limit, mode, updates, busy, &mut backoff) else {
            return;
        };
        let code = error
            .downcast_ref::<Failure>()
            .map(|failure| failure.exit_code);
        let lost = Update::Lost {
            problem: format!("{error:#}"),
            retry_in: backoff,
            settings: code == Some(ExitCode::Config),
            busy: code == Some(ExitCode::Busy),
        };
        if updates.send(lost).is_err() {
            return;
        }
        thread::sleep(backoff);
        backoff = (backoff * 2).min(MAX_BACKOFF);
    }
}

/// One connection: Ok when the screen hung up, Err when the connection failed.
fn session(
    settings: &Settings,
    limit: i64,
    mode: WatchMode,
    updates: &Sender<Update>,
    busy: &Busy,
    backoff: &mut Duration,
) -> Result<()> {
    let (mut live, columns) = busy.during(|| connect(settings, mode, limit))?;
    *backoff = TICK;
    let listening = live.listening;
    if updates.send(Update::Board { columns, listening }).is_err() {
        return Ok(());
    }
    loop {
        if changes(&mut live, busy)? {
            let columns = busy.during(|| live.repository.board(limit))?;
            if updates.send(Update::Board { columns, listening }).is_err() {
                return Ok(());
            }
        }
    }
}

pub fn run(settings: &Settings, limit: i64, mode: WatchMode, color: bool) -> Result<()> {
    // The screen watches the worker's statements itself: a stuck one means a new worker.
    // The guard, started here, acts on signals before the terminal changes.
    guard::watchdog_off();
    let screen = Screen::enter()?;
    // SIGTERM or SIGHUP (a closed terminal) must leave the terminal as it was, too.
    // The main thread holds the stdout lock for the whole command, so this writes to the
    // terminal device itself.
    guard::on_exit(|| {
        if let Ok(mut tty) = std::fs::OpenOptions::new().write(true).open("/dev/tty") {
            let _ = execute!(tty, Show, LeaveAlternateScreen);
        }
        let _ = disable_raw_mode();
    });
    let read_limit = settings.limits.read;
    // A connection that cannot be had is shown and tried again, never the end.
    let settings = &Settings {
        connect_ends_process: false,
        ..settings.clone()
    };
    let mut worker = Worker::start(settings, limit, mode);
    let mut board: Option<Board> = None;
    let mut listening: Option<bool> = None;
    let mut problem: Option<String> = None;
    let mut drawn_at: Option<Instant> = None;
    // How many lines of the board's body are scrolled off the top.
    let mut scroll: usize = 0;
    loop {
        while let Ok(update) = worker.updates.try_recv() {
            match update {
                Update::Board {
                    columns,
                    listening: mode,
                } => {
                    board = Some(Board {
                        columns,
                        fetched: Instant::now(),
                    });
                    listening = Some(mode);
                    problem = None;
                }
                Update::Lost {
                    problem: what,
                    settings: true,
                    ..
                } if board.is_none() => {
                    // Nothing shown yet and nothing a retry can mend: say it as any command
                    // would, with its exit code.
                    drop(screen);
                    return Err(Failure::config(what).into());
                }
                Update::Lost {
                    problem: what,
                    retry_in,
                    busy,
                    ..
                } => {
                    listening = None;
                    let seconds = retry_in.as_secs();
                    problem = Some(if busy {
                        format!("{what}; trying again in {seconds} s")
                    } else {
                        format!("connection lost: {what}; reconnecting in {seconds} s")
                    });
                }
            }
            drawn_at = None;
        }
        let waited = worker.busy.waiting();
        if let (Some(waited), Some(read_limit)) = (waited, read_limit)
            && waited > read_limit
        {
            // No answer at all: leave that worker to its fate and start another.
            problem = Some(format!(
                "connection lost: no answer for {} s; reconnecting",
                waited.as_secs()
            ));
            listening = None;
            worker = Worker::start(settings, limit, mode);
            drawn_at = None;
        }
        let status = match (&problem, waited) {
            (Some(problem), _) => Status::Problem(problem.clone()),
            (None, Some(waited)) if waited >= SLOW => Status::Waiting(waited),
            (None, _) => match listening {
                Some(listening) => Status::Live(listening),
                None => Status::Connecting,
            },
        };
        if drawn_at.is_none_or(|at| at.elapsed() >= TICK) {
            draw(settings, board.as_ref(), &status, color, &mut scroll)?;
            drawn_at = Some(Instant::now());
        }
        // Keys: wait for one briefly, then take all queued.
        if event::poll(KEY_WAIT)? {
            loop {
                match event::read()? {
                    Event::Key(key) if key.kind == KeyEventKind::Press => {
                        let control_c = key.code == KeyCode::Char('c')
                            && key.modifiers.contains(KeyModifiers::CONTROL);
                        if control_c || matches!(key.code, KeyCode::Char('q') | KeyCode::Esc) {
                            drop(screen);
                            return Ok(());
                        }
                        let page = usize::from(terminal::size().map_or(24, |(_, h)| h))
                            .saturating_sub(HEADER_LINES + 2)
                            .max(1);
                        // `draw` clamps what goes past the end.
                        scroll = match key.code {
                            KeyCode::Up | KeyCode::Char('k') => scroll.saturating_sub(1),
                            KeyCode::Down | KeyCode::Char('j') => scroll.saturating_add(1),
                            KeyCode::PageUp | KeyCode::Char('b') => scroll.saturating_sub(page),
                            KeyCode::PageDown | KeyCode::Char(' ') => scroll.saturating_add(page),
                            KeyCode::Home | KeyCode::Char('g') => 0,
                            KeyCode::End | KeyCode::Char('G') => usize::MAX,
                            _ => scroll,
                        };
                        drawn_at = None;
                    }
                    Event::Resize(..) => drawn_at = None,
                    _ => {}
                }
                if !event::poll(Duration::ZERO)? {
                    break;
                }
            }
        }
    }
}

/// The bottom line: where, how changes arrive, and any trouble.
enum Status {
    Connecting,
    Live(bool),
    Waiting(Duration),
    Problem(String),
}

/// Connects, sets up change signals, and reads the board.
fn connect(settings: &Settings, mode: WatchMode, limit: i64) -> Result<(Live, Vec<BoardColumn>)> {
    let mut repository = Repository::connect(settings)?;
    let listening = match mode {
        WatchMode::Poll => false,
        WatchMode::Listen => true,
        WatchMode::Auto => probe(settings, &mut repository)?,
    };
    if listening {
        repository.listen()?;
    }
    let seen = repository.change_state()?;
    let columns = repository.board(limit)?;
    Ok((
        Live {
            repository,
            listening,
            seen,
            checked: Instant::now(),
        },
        columns,
    ))
}

/// Whether notifications reach `repository`: a probe sent from a second, briefly opened
/// connection. When that connection cannot be had (a connection limit, a full session pool)
/// polling needs no second one, so the answer is no rather than an error.
fn probe(settings: &Settings, repository: &mut Repository) -> Result<bool> {
    let mut quick = settings.clone();
    quick.connect_timeout = Some(
        quick
            .connect_timeout
            .map_or(PROBE_CONNECT, |timeout| timeout.min(PROBE_CONNECT)),
    );
    let heard = match Repository::connect(&quick) {
        Ok(mut other) => repository.hears_notifications_from(&mut other, PROBE_WAIT)?,
        Err(_) => false,
    };
    if !heard {
        repository.unlisten()?;
    }
    Ok(heard)
}

/// Whether the board may have changed: a notification within a short wait, or (once a second
/// when polling, now and then when listening) a moved counter or a new snapshot, since a
/// change counted before its commit shows only once its transaction has ended.
fn changes(live: &mut Live, busy: &Busy) -> Result<bool> {
    if live.listening {
        if live.repository.wait_for_change(LISTEN_WAIT)? {
            live.seen = busy.during(|| live.repository.change_state())?;
            return Ok(true);
        }
    } else {
        thread::sleep(LISTEN_WAIT);
    }
    let every = if live.listening { SAFETY_CHECK } else { TICK };
    if live.checked.elapsed() < every {
        return Ok(false);
    }
    live.checked = Instant::now();
    let now = busy.during(|| live.repository.change_state())?;
    // A board changes only when some transaction commits, and a commit changes the snapshot.
    let moved = now != live.seen;
    if moved {
        live.seen = now;
    }
    Ok(moved)
}

/// The table's lines kept on screen while its body scrolls: top border, titles, rule.
const HEADER_LINES: usize = 3;

/// Draws the board from line `scroll` of its body (clamped here to the last screenful), the
/// titles pinned above it, and the status line.
fn draw(
    settings: &Settings,
    board: Option<&Board>,
    status: &Status,
    color: bool,
    scroll: &mut usize,
) -> Result<()> {
    let (width, height) = terminal::size().unwrap_or((80, 24));
    let mut out = io::stdout().lock();
    // Overwrite in place, clearing only what is left over: no flicker of a blank screen.
    queue!(out, MoveTo(0, 0))?;
    let mut lines: Vec<String> = Vec::new();
    if let Some(board) = board {
        // Timers tick on: the rows were read `fetched` ago.
        let since = chrono::TimeDelta::from_std(board.fetched.elapsed()).unwrap_or_default();
        let mut columns = board.columns.clone();
        for task in columns
            .iter_mut()
            .flat_map(|column| column.tasks.iter_mut())
        {
            task.read_at += since;
        }
        let table = board_table(&columns, color, Some(width));
        lines.extend(table.lines());
    }
    let room = usize::from(height.saturating_sub(1));
    // Too long for the screen: the body scrolls under the pinned titles, and the status line
    // says what is off screen.
    let mut position = String::new();
    if lines.len() > room && room > HEADER_LINES {
        let body = lines.split_off(HEADER_LINES.min(lines.len()));
        let shown = room - HEADER_LINES;
        *scroll = (*scroll).min(body.len() - shown);
        let below = body.len() - shown - *scroll;
        position = format!(
            "{} line(s) above, {below} below (↑↓ j k PgUp PgDn) · ",
            *scroll
        );
        lines.extend(body.into_iter().skip(*scroll).take(shown));
    } else {
        *scroll = 0;
        lines.truncate(room);
    }
    let status = match status {
        Status::Problem(problem) => format!("q quits · {position}{problem}"),
        Status::Waiting(waited) => format!(
            "q quits · {position}waiting for the database ({} s) · {}",
            waited.as_secs(),
            settings.target()
        ),
        Status::Live(listening) => format!(
            "q quits · {position}{} · {} · {}",
            if *listening {
                "live: notifications"
            } else {
                "live: polling every 1 s"
            },
            chrono::Local::now().format("%H:%M:%S"),
            settings.target()
        ),
        Status::Connecting => format!("q quits · {position}connecting · {}", settings.target()),
    };
    for line in &lines {
        write!(out, "{line}")?;
        queue!(out, Clear(ClearType::UntilNewLine))?;
        write!(out, "\r\n")?;
    }
    queue!(out, Clear(ClearType::FromCursorDown))?;
    let status: String = status.chars().take(usize::from(width)).collect();
    queue!(out, MoveTo(0, height.saturating_sub(1)))?;
    write!(out, "{status}")?;
    out.flush()?;
    Ok(())
}
