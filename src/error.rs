//! The failures a user can cause, each tied to the documented exit code that scripts rely on.

use std::fmt;

/// Process exit codes; the README and `kanban --help` document them, so never renumber.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExitCode {
    Success = 0,
    Internal = 1,
    Usage = 2,
    NotFound = 3,
    Conflict = 4,
    Config = 5,
    Unreachable = 6,
    Busy = 7,
    HungUp = 129,
    Interrupted = 130,
    Terminated = 143,
}

impl ExitCode {
    pub fn code(self) -> i32 {
        self as i32
    }

    /// The name of the failure in JSON errors (`{"error":{"kind":"not_found",...}}`).
    pub fn kind(self) -> &'static str {
        match self {
            ExitCode::Success => "success",
            ExitCode::Internal => "internal",
            ExitCode::Usage => "usage",
            ExitCode::NotFound => "not_found",
            ExitCode::Conflict => "conflict",
            ExitCode::Config => "config",
            ExitCode::Unreachable => "unreachable",
            ExitCode::Busy => "busy",
            ExitCode::HungUp | ExitCode::Interrupted | ExitCode::Terminated => "interrupted",
        }
    }
}

/// An expected failure: a one-line message for stderr and the exit code it ends with.
#[derive(Debug)]
pub struct Failure {
    pub exit_code: ExitCode,
    pub message: String,
}

impl Failure {
    pub fn new(exit_code: ExitCode, message: impl Into<String>) -> Self {
        Failure {
            exit_code,
            message: message.into(),
        }
    }

    pub fn usage(message: impl Into<String>) -> Self {
        Failure::new(ExitCode::Usage, message)
    }

    pub fn not_found(message: impl Into<String>) -> Self {
        Failure::new(ExitCode::NotFound, message)
    }

    pub fn conflict(message: impl Into<String>) -> Self {
        Failure::new(ExitCode::Conflict, message)
    }

    pub fn config(message: impl Into<String>) -> Self {
        Failure::new(ExitCode::Config, message)
    }

    pub fn unreachable(message: impl Into<String>) -> Self {
        Failure::new(ExitCode::Unreachable, message)
    }

    /// Another session holds what this command needs, or the server took too long: nothing
    /// was changed, and the same command may simply be run again.
    pub fn busy(message: impl Into<String>) -> Self {
        Failure::new(ExitCode::Busy, message)
    }
}

impl fmt::Display for Failure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for Failure {}
