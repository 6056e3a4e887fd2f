//! `kanban board --watch`: the board kept on screen, redrawn in place every second (timers
//! tick) and at once when any client changes a task, until `q` or Ctrl-C.
//!
//! Changes arrive by LISTEN/NOTIFY (migration step 4's trigger). Behind a transaction-pooling
//! PgBouncer a session cannot keep a LISTEN, so in `auto` mode the watcher first sends itself
//! a probe from a second connection; when the probe does not arrive it checks the change
//! counter once a second instead. The status line says which. Timers tick locally between changes: the table is never re-read just
//! because a second passed.

use std::io::{self, Write};
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
use crate::output::board_table;
use crate::repository::{BoardColumn, Repository};

const TICK: Duration = Duration::from_secs(1);
const LISTEN_WAIT: Duration = Duration::from_millis(100);
/// Even while listening, look at the counter now and then, in case a pooler ate a NOTIFY.
const SAFETY_CHECK: Duration = Duration::from_secs(5);
const MAX_BACKOFF: Duration = Duration::from_secs(30);
/// How long `auto` mode waits for its probe notification before it polls instead. A direct
/// connection delivers it in milliseconds; behind a pooler it never comes.
const PROBE_WAIT: Duration = Duration::from_secs(1);

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
    counter: i64,
    checked: Instant,
}

/// What is on screen.
struct Board {
    columns: Vec<BoardColumn>,
    fetched: Instant,
}

/// When to try connecting again, backing off while the server stays away.
struct Retry {
    backoff: Duration,
    at: Instant,
}

impl Retry {
    /// Notes a failure; returns the line for the bottom of the screen.
    fn failed(&mut self, error: &anyhow::Error) -> String {
        let line = format!(
            "connection lost: {error:#}; reconnecting in {} s",
            self.backoff.as_secs()
        );
        self.at = Instant::now() + self.backoff;
        self.backoff = (self.backoff * 2).min(MAX_BACKOFF);
        line
    }
}

pub fn run(settings: &Settings, limit: i64, mode: WatchMode, color: bool) -> Result<()> {
    let screen = Screen::enter()?;
    let mut live: Option<Live> = None;
    let mut board: Option<Board> = None;
    let mut problem: Option<String> = None;
    let mut retry = Retry {
        backoff: TICK,
        at: Instant::now(),
    };
    let mut drawn_at: Option<Instant> = None;
    loop {
        if live.is_none() && Instant::now() >= retry.at {
            match connect(settings, mode, limit) {
                Ok((connection, columns)) => {
                    live = Some(connection);
                    board = Some(Board {
                        columns,
                        fetched: Instant::now(),
                    });
                    problem = None;
                    retry.backoff = TICK;
                }
                Err(error) => problem = Some(retry.failed(&error)),
            }
            drawn_at = None;
        }

        if drawn_at.is_none_or(|at| at.elapsed() >= TICK) {
            let listening = live.as_ref().map(|live| live.listening);
            draw(
                settings,
                board.as_ref(),
                problem.as_deref(),
                listening,
                color,
            )?;
            drawn_at = Some(Instant::now());
        }

        if let Some(connection) = live.as_mut() {
            let fresh = changes(connection).and_then(|changed| {
                changed
                    .then(|| connection.repository.board(limit))
                    .transpose()
            });
            match fresh {
                Ok(Some(columns)) => {
                    board = Some(Board {
                        columns,
                        fetched: Instant::now(),
                    });
                    drawn_at = None;
                }
                Ok(None) => {}
                Err(error) => {
                    live = None;
                    problem = Some(retry.failed(&error));
                    drawn_at = None;
                }
            }
        }

        let wait = if live.as_ref().is_some_and(|live| live.listening) {
            Duration::ZERO
        } else {
            LISTEN_WAIT
        };
        // Keys: wait for one (while not waiting on the server instead), then take all queued.
        if event::poll(wait)? {
            loop {
                match event::read()? {
                    Event::Key(key) if key.kind == KeyEventKind::Press => {
                        let control_c = key.code == KeyCode::Char('c')
                            && key.modifiers.contains(KeyModifiers::CONTROL);
                        if control_c || matches!(key.code, KeyCode::Char('q') | KeyCode::Esc) {
                            drop(screen);
                            return Ok(());
                        }
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

/// Connects, sets up change signals, and reads the board.
fn connect(settings: &Settings, mode: WatchMode, limit: i64) -> Result<(Live, Vec<BoardColumn>)> {
    let mut repository = Repository::connect(settings)?;
    let listening = match mode {
        WatchMode::Poll => false,
        WatchMode::Listen => {
            repository.listen()?;
            true
        }
        WatchMode::Auto => {
            repository.listen()?;
            let mut other = Repository::connect(settings)?;
            repository.hears_notifications_from(&mut other, PROBE_WAIT)?
        }
    };
    let counter = repository.change_counter()?;
    let columns = repository.board(limit)?;
    Ok((
        Live {
            repository,
            listening,
            counter,
            checked: Instant::now(),
        },
        columns,
    ))
}

/// Whether the board changed: a notification within a short wait, or a moved counter (once
/// a second when polling, now and then when listening).
fn changes(live: &mut Live) -> Result<bool> {
    if live.listening && live.repository.wait_for_change(LISTEN_WAIT)? {
        return Ok(true);
    }
    let every = if live.listening { SAFETY_CHECK } else { TICK };
    if live.checked.elapsed() < every {
        return Ok(false);
    }
    live.checked = Instant::now();
    let counter = live.repository.change_counter()?;
    let moved = counter != live.counter;
    live.counter = counter;
    Ok(moved)
}

fn draw(
    settings: &Settings,
    board: Option<&Board>,
    problem: Option<&str>,
    listening: Option<bool>,
    color: bool,
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
    let status = match problem {
        Some(problem) => problem.to_owned(),
        None => format!(
            "{} · {} · {} · q quits",
            settings.target(),
            match listening {
                Some(true) => "live: notifications",
                Some(false) => "live: polling every 1 s",
                None => "connecting",
            },
            chrono::Local::now().format("%H:%M:%S")
        ),
    };
    let room = usize::from(height.saturating_sub(1));
    if lines.len() > room {
        lines.truncate(room.saturating_sub(1));
        lines.push("…".to_owned());
    }
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
