//! The process's entry point, in place of Rust's start-up, and what of that start-up kanban
//! keeps.
//!
//! Rust's own start-up (`fn main`) also finds the main thread's stack in /proc/self/maps and
//! maps a signal stack, only to name a stack overflow in its message: about 90 µs of every
//! start (a bare program 790 -> 700 µs), a tenth of a refused connection's whole run. A stack
//! overflow is now a plain SIGSEGV (exit 139). What else it did is done here: closed standard
//! streams are opened on /dev/null (and, as there, a process that cannot do so stops at
//! once), a write to a closed pipe fails with EPIPE instead of killing the process, and a
//! panic still ends it with 101 after its message.

use std::ffi::{c_char, c_int};
use std::fs::{File, OpenOptions};
use std::io;
use std::os::fd::{AsFd, AsRawFd, IntoRawFd};
use std::process;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

/// Whether stderr was closed when kanban started and now stands on /dev/null.
static STDERR_REPLACED: AtomicBool = AtomicBool::new(false);

/// Called by the C runtime by this name, on glibc only: glibc hands `std::env::args` the
/// arguments itself, other C libraries only through Rust's start-up (see src/main.rs).
#[allow(unsafe_code)] // `no_mangle` only: the C runtime finds `main` by its name.
#[cfg_attr(
    all(not(test), target_os = "linux", target_env = "gnu"),
    unsafe(no_mangle)
)]
#[cfg_attr(
    not(all(not(test), target_os = "linux", target_env = "gnu")),
    allow(dead_code)
)]
extern "C" fn main(_argc: c_int, _argv: *const *const c_char) -> c_int {
    open_closed_standard_streams();
    // A handler, where Rust's start-up ignores the signal: the same EPIPE, no unsafe code.
    let _ = signal_hook::flag::register(
        signal_hook::consts::SIGPIPE,
        Arc::new(AtomicBool::new(false)),
    );
    let exit_code = std::panic::catch_unwind(crate::run_command_line).unwrap_or(101);
    process::exit(exit_code)
}

/// A standard stream the caller closed is opened on /dev/null, so that nothing kanban opens
/// (the database connection, its own signal pipe) takes its number and receives what is
/// meant for the stream. Rust's start-up did the same, and aborted where it could not.
fn open_closed_standard_streams() {
    loop {
        let Ok(null) = OpenOptions::new().read(true).write(true).open("/dev/null") else {
            // Only a stream that is open can be duplicated.
            let closed = [
                io::stdin().as_fd().try_clone_to_owned(),
                io::stdout().as_fd().try_clone_to_owned(),
                io::stderr().as_fd().try_clone_to_owned(),
            ]
            .iter()
            .any(Result::is_err);
            if closed {
                process::abort();
            }
            return;
        };
        let number = null.as_raw_fd();
        if number > 2 {
            return;
        }
        STDERR_REPLACED.fetch_or(number == 2, Ordering::Relaxed);
        let _stays_open: i32 = File::into_raw_fd(null);
    }
}

/// Whether stderr stands on /dev/null for a caller that closed it. Opened close-on-exec (as
/// every file Rust opens), it would be closed again in a child: the pager is given its own.
pub fn stderr_replaced() -> bool {
    STDERR_REPLACED.load(Ordering::Relaxed)
}
