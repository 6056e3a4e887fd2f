//! `Deferred`: a command's arguments, and the global options after its name, built by clap
//! only when that command is parsed or its help shown (clap's `Command::defer`, which the
//! derive does not offer).

use clap::{ArgMatches, Args, FromArgMatches};

use super::GlobalArgs;

/// A command's arguments that clap adds to the command only when it parses or describes that
/// command: a start need not build every other command's arguments (12 page faults fewer,
/// a few percent of a failed connect; benches/latency.py).
#[derive(Debug)]
pub struct Deferred<T>(pub T);

impl<T: FromArgMatches> FromArgMatches for Deferred<T> {
    fn from_arg_matches(matches: &ArgMatches) -> Result<Self, clap::Error> {
        T::from_arg_matches(matches).map(Deferred)
    }

    // The derive's default clones the matches first: a tenth of the parse.
    fn from_arg_matches_mut(matches: &mut ArgMatches) -> Result<Self, clap::Error> {
        T::from_arg_matches_mut(matches).map(Deferred)
    }

    fn update_from_arg_matches(&mut self, matches: &ArgMatches) -> Result<(), clap::Error> {
        self.0.update_from_arg_matches(matches)
    }
}

impl<T: Args> Args for Deferred<T> {
    fn augment_args(command: clap::Command) -> clap::Command {
        command.defer(|command| GlobalArgs::augment_args(T::augment_args(command)))
    }

    fn augment_args_for_update(command: clap::Command) -> clap::Command {
        command.defer(|command| {
            GlobalArgs::augment_args_for_update(T::augment_args_for_update(command))
        })
    }

    fn group_id() -> Option<clap::Id> {
        T::group_id()
    }
}
