//! A pager for the long tables (`tasks`, `log`, `board`) when stdout is a terminal, as git and
//! psql do: `KANBAN_PAGER`, else `PAGER`, else `less` (a command line runs under `sh -c`; a
//! program that is not there leaves the output on stdout), with `LESS=FRX` unless
//! the user set `LESS` (quit at once when the table fits the screen, keep colours, leave the
//! screen as it is). Empty or `cat` means none; `--no-pager` too.
//!
//! The pager starts at the first byte written, so a command that fails before printing shows
//! only its error. kanban then waits for it to end: when its output is done, and before a
//! signal ends kanban (`wait_for_exit`), so the shell never gets the terminal back while the
//! pager still reads from it. Ctrl-C belongs to the pager while it is on screen.

use std::env;
use std::io::{self, IsTerminal, Stdout, Write};
use std::process::{Child, ChildStdin, Command, Stdio};
use std::sync::Mutex;
use std::sync::atomic::{AtomicBool, Ordering};

/// The pager in use, for whoever ends the process first: the main thread when its output is
/// done, or the guard thread when a signal ends kanban.
static RUNNING: Mutex<Option<Child>> = Mutex::new(None);
/// Whether a pager is on screen (readable while another thread waits for it).
static ON_SCREEN: AtomicBool = AtomicBool::new(false);

/// Whether a pager is on screen: Ctrl-C there is the pager's (to stop a search, say), as psql
/// treats it; quitting the pager ends the output.
pub fn on_screen() -> bool {
    ON_SCREEN.load(Ordering::SeqCst)
}

/// Where a command's output goes: stdout, or a pager started at the first write.
#[derive(Debug)]
pub enum Destination {
    Stdout(Stdout),
    /// The command to start, until the first write starts it.
    Pager(String),
    /// The pager's input (taken when the output is done).
    Paging(Option<ChildStdin>),
}

impl Destination {
    /// A pager when `wanted` (a table that may be long), stdout is a terminal, and the user's
    /// settings name one; stdout otherwise.
    pub fn for_output(wanted: bool) -> Destination {
        if !wanted {
            return Destination::Stdout(io::stdout());
        }
        let command = env::var("KANBAN_PAGER")
            .or_else(|_| env::var("PAGER"))
            .unwrap_or_else(|_| "less".to_owned());
        let none = command.trim().is_empty() || command.trim() == "cat";
        let dumb = env::var_os("TERM").is_some_and(|term| term == "dumb");
        if none || dumb || !io::stdout().is_terminal() {
            return Destination::Stdout(io::stdout());
        }
        Destination::Pager(command)
    }

    fn start(command: &str) -> io::Result<ChildStdin> {
        // A plain program name runs as is, so that a missing one fails here and the output
        // stays on stdout; anything more is a shell command, as git runs its pager.
        let plain = command
            .chars()
            .all(|c| c.is_alphanumeric() || "-_./".contains(c));
        let mut pager = if plain {
            Command::new(command)
        } else {
            let mut shell = Command::new("sh");
            shell.arg("-c").arg(command);
            shell
        };
        pager.stdin(Stdio::piped());
        if crate::entry::stderr_replaced() {
            pager.stderr(Stdio::null());
        }
        if env::var_os("LESS").is_none() {
            pager.env("LESS", "FRX");
        }
        if env::var_os("LV").is_none() {
            pager.env("LV", "-c");
        }
        // Ctrl-C on the pager's screen is the pager's: the guard knows to leave it alone.
        crate::guard::start();
        let mut child = pager.spawn()?;
        let input = child
            .stdin
            .take()
            .ok_or_else(|| io::Error::other("the pager has no input"))?;
        *lock() = Some(child);
        ON_SCREEN.store(true, Ordering::SeqCst);
        Ok(input)
    }
}

impl Write for Destination {
    fn write(&mut self, bytes: &[u8]) -> io::Result<usize> {
        if let Destination::Pager(command) = self {
            // A pager that cannot start leaves the output on stdout, as it would have been.
            *self = match Destination::start(command) {
                Ok(input) => Destination::Paging(Some(input)),
                Err(_) => Destination::Stdout(io::stdout()),
            };
        }
        match self {
            Destination::Stdout(out) => out.write(bytes),
            Destination::Paging(Some(input)) => input.write(bytes),
            Destination::Paging(None) | Destination::Pager(_) => Ok(0),
        }
    }

    fn flush(&mut self) -> io::Result<()> {
        match self {
            Destination::Stdout(out) => out.flush(),
            Destination::Paging(Some(input)) => input.flush(),
            Destination::Paging(None) | Destination::Pager(_) => Ok(()),
        }
    }
}

impl Drop for Destination {
    /// The output is done: the pager sees its end, and kanban waits until the user quits it.
    fn drop(&mut self) {
        if let Destination::Paging(input) = self {
            drop(input.take());
            wait_for_exit();
        }
    }
}

fn lock() -> std::sync::MutexGuard<'static, Option<Child>> {
    RUNNING
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
}

/// Waits for the pager, if one runs, to end.
pub fn wait_for_exit() {
    if let Some(mut child) = lock().take() {
        let _ = child.wait();
        ON_SCREEN.store(false, Ordering::SeqCst);
    }
}
