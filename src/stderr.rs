//! What kanban says on stderr: one line per failure, warning or hint, for people or (under
//! `-o json`) as a JSON object, and clap's own errors in the same shape.

use std::ffi::OsString;
use std::io::{self, Write};

use clap::error::ErrorKind;

use crate::cli::Format;
use crate::error::{ExitCode, Failure};
use crate::records::{self, Value};

/// Prints the one-line message for a failure and picks its exit code; under `-o json` the
/// message is a JSON object. A reader that went away (`kanban tasks | head -1`) is not a
/// failure: like ripgrep, end quietly.
pub fn report(error: &anyhow::Error, format: Format) -> ExitCode {
    let broken_pipe = error.chain().any(|cause| {
        cause
            .downcast_ref::<io::Error>()
            .is_some_and(|io| io.kind() == io::ErrorKind::BrokenPipe)
    });
    if broken_pipe {
        return ExitCode::Success;
    }
    let (exit_code, message) = match (
        error.downcast_ref::<Failure>(),
        error.downcast_ref::<io::Error>(),
    ) {
        (Some(failure), _) => (failure.exit_code, failure.message.clone()),
        // Every other I/O error reaching here is the output's (a full disk, say).
        (None, Some(io)) => (ExitCode::Internal, format!("writing output: {io}")),
        (None, None) => (ExitCode::Internal, format!("{error:#}")),
    };
    print_error(exit_code, &message, format);
    exit_code
}

/// Clap's own errors, in the same one-line shape as ours (exit 2); help and version are not
/// errors, and a bare `kanban` shows the help.
pub fn usage_error(error: &clap::Error, args: &[OsString]) -> ExitCode {
    match error.kind() {
        ErrorKind::DisplayHelp | ErrorKind::DisplayVersion => {
            print_help(error, ExitCode::Success, args)
        }
        ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand => {
            print_help(error, ExitCode::Usage, args)
        }
        _ => {
            let rendered = error.render().to_string();
            // The first paragraph is the error; a list under it ("the following required
            // arguments were not provided:" and the arguments) joins onto its line.
            let mut paragraphs = rendered.split("\n\n");
            let mut first = paragraphs
                .next()
                .unwrap_or_default()
                .lines()
                .map(str::trim)
                .filter(|line| !line.is_empty());
            let mut message = first
                .next()
                .unwrap_or("invalid command line")
                .trim_start_matches("error: ")
                .to_owned();
            let listed: Vec<&str> = first.collect();
            if !listed.is_empty() {
                message.push(' ');
                message.push_str(&listed.join(", "));
            }
            for tip in paragraphs
                .flat_map(str::lines)
                .map(str::trim)
                .filter(|line| line.starts_with("tip:"))
            {
                message.push_str("; ");
                message.push_str(tip);
            }
            // `kanban elapsed Fix login bug`: words of one name, typed without quotes.
            if error.kind() == ErrorKind::UnknownArgument
                && !message.contains("unexpected argument '-")
            {
                message.push_str(
                    "; a name with spaces is one argument: quote it, as in kanban elapsed \"Fix login bug\"",
                );
            }
            message.push_str(" (see `kanban --help`)");
            print_error(ExitCode::Usage, &message, requested_format(args));
            ExitCode::Usage
        }
    }
}

/// Help or the version on stdout: a closed pipe has nothing left to tell, any other failure
/// to write it (a full disk) is an error like a listing's.
fn print_help(help: &clap::Error, shown: ExitCode, args: &[OsString]) -> ExitCode {
    match help.print() {
        Err(error) if error.kind() != io::ErrorKind::BrokenPipe => {
            let message = format!("writing output: {error}");
            print_error(ExitCode::Internal, &message, requested_format(args));
            ExitCode::Internal
        }
        _ => shown,
    }
}

/// The output format asked for, read from raw arguments when clap could not parse them: the
/// last `-o` before any `--` (after it, words are names), as in a parse.
fn requested_format(args: &[OsString]) -> Format {
    let args: Vec<&str> = args
        .iter()
        .filter_map(|arg| arg.to_str())
        .take_while(|arg| *arg != "--")
        .collect();
    let from_args = args.iter().enumerate().rev().find_map(|(index, arg)| {
        let value = match *arg {
            "-o" | "--output" => args.get(index + 1).copied(),
            other => other
                .strip_prefix("--output=")
                .or_else(|| other.strip_prefix("-o")),
        }?;
        Some(value.to_owned())
    });
    let value = from_args.or_else(|| std::env::var("KANBAN_OUTPUT").ok());
    match value {
        Some(value) if value.eq_ignore_ascii_case("json") => Format::Json,
        _ => Format::Table,
    }
}

pub fn print_hint(message: &str, format: Format) {
    print_stderr(format, "hint", "hint: ", &["message"], message, &[]);
}

pub fn print_warning(message: &str, format: Format) {
    print_stderr(format, "warning", "warning: ", &["message"], message, &[]);
}

pub fn print_error(exit_code: ExitCode, message: &str, format: Format) {
    let code = Value::Integer(exit_code.code().into());
    print_stderr(
        format,
        "error",
        "",
        &["kind", "exit_code", "message"],
        message,
        &[Value::text(exit_code.kind()), code],
    );
}

/// One line on stderr: `kanban: PREFIX MESSAGE` for people, or under `-o json`
/// `{"KEY":{fields..., "message":...}}`, the message last. Control characters become spaces,
/// so it stays one line whatever a name or server message held.
fn print_stderr(
    format: Format,
    key: &str,
    prefix: &str,
    names: &[&str],
    message: &str,
    values: &[Value<'_>],
) {
    let one_line: String = message
        .chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect();
    let line = if format == Format::Json {
        let mut fields = values.to_vec();
        fields.push(Value::text(one_line));
        let mut line = format!("{{\"{key}\":").into_bytes();
        // Writing to a Vec cannot fail.
        let _ = records::write_json_object(&mut line, names, &fields);
        line.extend_from_slice(b"}\n");
        line
    } else {
        format!("kanban: {prefix}{one_line}\n").into_bytes()
    };
    // Nothing useful is left to do if stderr is closed too.
    let _ = io::stderr().lock().write_all(&line);
}
