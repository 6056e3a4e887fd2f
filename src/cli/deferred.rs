//! `Deferred`: a command's description and arguments, and the global options after its name,
//! built by clap only when that command is parsed or its help shown (clap's `Command::defer`,
//! which the derive does not offer); or all at once, for help and errors that list every
//! command (`described`).

use std::cell::Cell;

use clap::{ArgMatches, Args, FromArgMatches};

use super::GlobalArgs;

/// A command's description (its about, long help and examples, from the doc comment and
/// attributes of its arguments struct) and arguments, which clap adds to the command only
/// when it parses or describes that command: a start need not build every other command
/// (12 page faults fewer for the arguments, 9 more for the descriptions: a failed connect
/// 1.21x -> 1.19x of the floor's; benches/latency.py).
#[derive(Debug)]
pub struct Deferred<T>(pub T);

thread_local! {
    static DESCRIBING: Cell<bool> = const { Cell::new(false) };
}

/// `factory`'s command with every command described (and given its own arguments) now: the
/// root's help lists each command's about, which a deferred command has only once built.
/// The global options, the bulk of each command's arguments, still wait for its build.
pub fn described(factory: impl FnOnce() -> clap::Command) -> clap::Command {
    DESCRIBING.set(true);
    let command = factory();
    DESCRIBING.set(false);
    command
}

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
        if DESCRIBING.get() {
            T::augment_args(command).defer(GlobalArgs::augment_args)
        } else {
            command.defer(|command| GlobalArgs::augment_args(T::augment_args(command)))
        }
    }

    fn augment_args_for_update(command: clap::Command) -> clap::Command {
        if DESCRIBING.get() {
            T::augment_args_for_update(command).defer(GlobalArgs::augment_args_for_update)
        } else {
            command.defer(|command| {
                GlobalArgs::augment_args_for_update(T::augment_args_for_update(command))
            })
        }
    }

    fn group_id() -> Option<clap::Id> {
        T::group_id()
    }
}
