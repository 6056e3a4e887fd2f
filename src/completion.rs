//! Completing task names from the database, offering what each command can act on: `start`
//! the To Do names, `resolve` and `stop` those In Progress, `elapsed` every task that has
//! worked, `cost` and `reopen` Done, `rename`, `rm` and `log` every name.
//!
//! A word starting with `#` completes to handles instead. On a board with more matches than
//! can be offered, the newest are. `--stage` completes to the stages whose env files exist.
//!
//! Runs inside a shell's completion (clap_complete's `COMPLETE=<shell>` protocol): it waits
//! at most two seconds for the server, and on any failure offers nothing and prints nothing,
//! so a prompt never fills with errors.

use std::env;
use std::ffi::OsStr;
use std::sync::{OnceLock, mpsc};
use std::thread;
use std::time::{Duration, Instant};

use clap_complete::Shell;
use clap_complete::engine::{CompletionCandidate, ValueCompleter};

use crate::cli;
use crate::config;
use crate::repository::Repository;
use crate::task::Status;

const TIMEOUT: Duration = Duration::from_secs(2);
const MOST: i64 = 500;

/// Task names in some columns (only those that have worked, with `worked`), for one argument.
#[derive(Debug, Clone, Copy)]
pub struct TaskNames(&'static [Status], bool);

const EVERY_COLUMN: &[Status] = &[Status::Todo, Status::InProgress, Status::Done];
pub const TO_START: TaskNames = TaskNames(&[Status::Todo], false);
pub const TO_RESOLVE: TaskNames = TaskNames(&[Status::InProgress], false);
pub const WITH_ELAPSED: TaskNames = TaskNames(EVERY_COLUMN, true);
pub const WITH_COST: TaskNames = TaskNames(&[Status::Done], false);
pub const ANY: TaskNames = TaskNames(EVERY_COLUMN, false);

/// `source <(COMPLETE=bash kanban)`: clap's bash registration, which also hands kanban the
/// line up to the cursor, so that a name can be quoted the way the word was opened (clap
/// passes the word without its opening quote). Prints it and exits; does nothing otherwise.
fn bash_registration(shell: &str) {
    if shell != "bash" || env::args_os().any(|arg| arg == "--") {
        return;
    }
    let completer = env::current_exe()
        .ok()
        .and_then(|path| path.into_os_string().into_string().ok())
        .unwrap_or_else(|| "kanban".to_owned());
    let mut script = Vec::new();
    if clap_complete::env::EnvCompleter::write_registration(
        &clap_complete::env::Bash,
        "COMPLETE",
        "kanban",
        "kanban",
        &completer,
        &mut script,
    )
    .is_err()
    {
        return;
    }
    let script = String::from_utf8_lossy(&script)
        .replace(
            "COMPLETE=\"bash\" \\",
            "COMPLETE=\"bash\" \\\n        _KANBAN_COMP_LINE=\"${COMP_LINE:0:COMP_POINT}\" \\",
        )
        .replace(
            "        words[COMP_CWORD]=\"$2\"\n    fi\n",
            "        words[COMP_CWORD]=\"$2\"\n    fi\n{JOIN_COLON_WORDS}",
        )
        .replace("{JOIN_COLON_WORDS}", JOIN_COLON_WORDS)
        .replace(
            "        compopt -o nospace\n    fi\n",
            "        compopt -o nospace\n    fi\n{TRIM_COLON_PREFIX}",
        )
        .replace("{TRIM_COLON_PREFIX}", TRIM_COLON_PREFIX);
    let _ = std::io::Write::write_all(&mut std::io::stdout().lock(), script.as_bytes());
    std::process::exit(0);
}

/// Bash splits words at the colons and equals signs in COMP_WORDBREAKS: `Schedule\ 1:00` and
/// `--stage=ci` reach a completion function as three words each. Joined again (where the line has no space between them) up to the
/// word being completed, as the command line means them, before clap reads them.
const JOIN_COLON_WORDS: &str = r#"    local _kanban_rest="${COMP_LINE:0:COMP_POINT}" _kanban_gap _kanban_i _kanban_split=0
    local -a _kanban_words=()
    for (( _kanban_i = 0; _kanban_i <= COMP_CWORD; _kanban_i++ )); do
        _kanban_gap="${_kanban_rest%%[![:space:]]*}"
        _kanban_rest="${_kanban_rest:${#_kanban_gap}}"
        _kanban_rest="${_kanban_rest:${#COMP_WORDS[_kanban_i]}}"
        _kanban_split=0
        if (( _kanban_i > 0 )) && [[ -z $_kanban_gap ]] &&
           [[ ${COMP_WORDS[_kanban_i]} == [:=]* || ${_kanban_words[-1]} == *[:=] ]]; then
            _kanban_words[-1]+="${COMP_WORDS[_kanban_i]}"
            _kanban_split=1
        else
            _kanban_words+=("${words[_kanban_i]}")
        fi
    done
    if (( ${#_kanban_words[@]} <= COMP_CWORD )); then
        words=("${_kanban_words[@]}")
        _CLAP_COMPLETE_INDEX=$(( ${#words[@]} - 1 ))
    fi
"#;

/// Readline replaces only what follows the word's last colon or equals sign: the candidates
/// lose what is typed up to it (as bash-completion's `__ltrim_colon_completions` does).
const TRIM_COLON_PREFIX: &str = r#"    if (( _kanban_split )) && [[ ${words[-1]} == *[:=]* ]]; then
        local _kanban_prefix="${words[-1]%"${words[-1]##*[:=]}"}"
        COMPREPLY=( "${COMPREPLY[@]#"$_kanban_prefix"}" )
    fi
"#;

/// The quote left open at the cursor in the line bash is completing, if any.
fn open_quote(line: &str) -> Option<char> {
    let mut quote = None;
    let mut chars = line.chars();
    while let Some(c) = chars.next() {
        match (quote, c) {
            (None, '\'' | '"') => quote = Some(c),
            (Some(open), c) if c == open => quote = None,
            (None | Some('"'), '\\') => {
                chars.next();
            }
            _ => {}
        }
    }
    quote
}

/// The shell asking, from `COMPLETE`; clap_complete clears that variable before it calls the
/// completers, so `answer_if_asked` notes it first.
static SHELL: OnceLock<String> = OnceLock::new();

/// Inside a shell's completion (`COMPLETE=<shell>`): answers and exits. Otherwise returns at
/// once, before clap_complete looks at anything (the working directory, the arguments). A
/// `COMPLETE` that names no shell clap_complete knows (as it reads it: the name, or a path to
/// the shell) is someone else's variable: kanban runs as usual instead of failing with
/// "unknown shell".
pub fn answer_if_asked() {
    let Some(shell) = env::var_os("COMPLETE") else {
        return;
    };
    let path = std::path::Path::new(&shell);
    let name = path
        .file_stem()
        .unwrap_or(path.as_os_str())
        .to_string_lossy();
    if clap_complete::env::Shells::builtins()
        .completer(&name)
        .is_none()
    {
        return;
    }
    // Named as clap_complete names it: `/bin/bash` is bash.
    let _ = SHELL.set(name.clone().into_owned());
    bash_registration(&name);
    clap_complete::CompleteEnv::with_factory(cli::described).complete();
}

impl ValueCompleter for TaskNames {
    fn complete(&self, current: &OsStr) -> Vec<CompletionCandidate> {
        let shell = SHELL.get().map_or("", String::as_str);
        let raw = current.to_string_lossy();
        // Bash's word comes without its opening quote: the line up to the cursor says, and
        // the word is read as inside that quote.
        let begun = raw.chars().next().filter(|c| matches!(c, '"' | '\''));
        let open_in_line = env::var("_KANBAN_COMP_LINE")
            .ok()
            .and_then(|line| open_quote(&line));
        let opened = begun.or(open_in_line);
        let typed = unquote(&raw, if begun.is_some() { None } else { opened });
        names(self.0, self.1, &typed)
            .into_iter()
            .map(|name| CompletionCandidate::new(quote_for(shell, &name, opened)))
            .collect()
    }
}

/// `--stage`: the stages whose env files are found, as `kanban` itself looks for them.
pub fn stages(current: &OsStr) -> Vec<CompletionCandidate> {
    let typed = current.to_string_lossy();
    config::stages_found()
        .into_iter()
        .filter(|stage| stage.starts_with(typed.as_ref()))
        .map(CompletionCandidate::new)
        .collect()
}

/// The names that start with `typed`, or none at all on any failure.
fn names(statuses: &[Status], worked: bool, typed: &str) -> Vec<String> {
    let (stage, env_file, database_url) = settings_being_typed();
    let Ok(mut settings) = config::load(
        &stage,
        env_file.as_deref().map(std::path::Path::new),
        database_url.as_deref(),
    ) else {
        return Vec::new();
    };
    settings.connect_timeout = Some(
        settings
            .connect_timeout
            .map_or(TIMEOUT, |timeout| timeout.min(TIMEOUT)),
    );
    // The whole lookup, not only the connection, gets the two seconds: a lock or a silent
    // server after connecting must not hold up the prompt. A late thread is abandoned.
    let started = Instant::now();
    let (sender, receiver) = mpsc::channel();
    let statuses = statuses.to_vec();
    let typed = typed.to_owned();
    thread::spawn(move || {
        let names = Repository::connect(&settings)
            .and_then(|mut repository| repository.names_in(&statuses, worked, &typed, MOST))
            .unwrap_or_default();
        let _ = sender.send(names);
    });
    receiver
        .recv_timeout(TIMEOUT.saturating_sub(started.elapsed()))
        .unwrap_or_default()
}

/// `--stage`, `--env-file` and `--database-url` from the command line being completed (after
/// the protocol's `--`), else from the environment, as the command itself would read them.
fn settings_being_typed() -> (String, Option<String>, Option<String>) {
    let args: Vec<String> = env::args().skip_while(|arg| arg != "--").collect();
    let flag = |name: &str| {
        args.iter().enumerate().find_map(|(index, arg)| {
            if arg == name {
                args.get(index + 1).cloned()
            } else {
                arg.strip_prefix(&format!("{name}=")).map(str::to_owned)
            }
        })
    };
    let stage = flag("--stage")
        .or_else(|| env::var("KANBAN_BOARD_STAGE").ok())
        .unwrap_or_default();
    let url = flag("--database-url").or_else(|| env::var("KANBAN_DATABASE_URL").ok());
    (stage, flag("--env-file"), url)
}

/// The text of a partly typed word: shell quotes and backslash escapes removed. `inside` is
/// the quote the word is already in (bash passes it without its opening quote).
fn unquote(typed: &str, inside: Option<char>) -> String {
    let mut text = String::new();
    let mut quote = inside;
    let mut chars = typed.chars();
    while let Some(c) = chars.next() {
        match (quote, c) {
            (None, '\'' | '"') => quote = Some(c),
            (Some(open), c) if c == open => quote = None,
            (None | Some('"'), '\\') => text.extend(chars.next()),
            (_, c) => text.push(c),
        }
    }
    text
}

/// A name as the shell must receive it. Bash inserts candidates verbatim after what readline
/// keeps of the word (an opening quote stays): backslash escapes outside quotes, inside double
/// quotes only `"`, `\`, `$` and `` ` `` escaped, inside single quotes `'` as `'\''`. Zsh
/// (through clap's script) and fish quote what they insert themselves.
fn quote_for(shell: &str, name: &str, opened: Option<char>) -> String {
    if shell != "bash" {
        return name.to_owned();
    }
    let mut quoted = String::with_capacity(name.len() + 8);
    match opened {
        Some('"') => {
            for c in name.chars() {
                if matches!(c, '"' | '\\' | '$' | '`') {
                    quoted.push('\\');
                }
                quoted.push(c);
            }
        }
        Some(_) => quoted.push_str(&name.replace('\'', "'\\''")),
        None => {
            for c in name.chars() {
                if !(c.is_alphanumeric() || "-_./,:@%+=".contains(c)) {
                    quoted.push('\\');
                }
                quoted.push(c);
            }
        }
    }
    quoted
}

/// The completion script for `shell`, built in memory: clap_complete panics when its writer
/// fails, and stdout may be a closed pipe.
pub fn completion_script(shell: Shell) -> Vec<u8> {
    let mut script = Vec::new();
    clap_complete::generate(shell, &mut cli::described(), "kanban", &mut script);
    script
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn typed_words_lose_their_shell_quoting() {
        assert_eq!(unquote(r"Build\ a", None), "Build a");
        assert_eq!(unquote(r#""Build a"#, None), "Build a");
        assert_eq!(unquote("'it'\\''s", None), "it's");
        assert_eq!(unquote(r#""say \"hi"#, None), r#"say "hi"#);
        assert_eq!(unquote("", None), "");
        // Inside a quote bash has taken off: the other quote and backslashes are text.
        assert_eq!(unquote("it's 1:", Some('"')), "it's 1:");
        assert_eq!(unquote(r#"say "h"#, Some('\'')), r#"say "h"#);
        assert_eq!(unquote(r"c:\p", Some('\'')), r"c:\p");
        assert_eq!(unquote(r#"say \"h"#, Some('"')), r#"say "h"#);
    }

    #[test]
    fn the_quote_open_at_the_cursor_is_found() {
        assert_eq!(open_quote(r#"kanban start "Plan"#), Some('"'));
        assert_eq!(open_quote("kanban start 'it"), Some('\''));
        assert_eq!(open_quote(r#"kanban start "a" b"#), None);
        assert_eq!(open_quote(r"kanban start Plan\ te"), None);
        assert_eq!(open_quote(r#"kanban start "say \"hi"#), Some('"'));
    }

    #[test]
    fn bash_gets_names_quoted_as_the_word_was_opened_and_others_plain_ones() {
        assert_eq!(quote_for("bash", "Build a house", None), r"Build\ a\ house");
        assert_eq!(quote_for("bash", r#"it's "x""#, None), r#"it\'s\ \"x\""#);
        assert_eq!(quote_for("bash", "Дом", None), "Дом");
        assert_eq!(
            quote_for("bash", r#"a "b" $c"#, Some('"')),
            r#"a \"b\" \$c"#
        );
        assert_eq!(quote_for("bash", "it's here", Some('\'')), r"it'\''s here");
        assert_eq!(quote_for("fish", "Build a house", None), "Build a house");
        assert_eq!(quote_for("zsh", "it's", None), "it's");
    }
}
