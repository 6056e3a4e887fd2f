//! The manual page, `kanban man`: one complete page built from the same clap definition as
//! `--help` (clap_mangen's sections, every command with its options and examples, then exit
//! status, environment and files).

use crate::cli::{self, GLOBAL_OPTIONS};

/// The whole page, in roff.
pub fn man_page() -> std::io::Result<Vec<u8>> {
    let man = clap_mangen::Man::new(cli::described());
    let mut page = Vec::new();
    man.render_title(&mut page)?;
    man.render_name_section(&mut page)?;
    man.render_synopsis_section(&mut page)?;
    man.render_description_section(&mut page)?;
    man.render_options_section(&mut page)?;
    commands_section(&mut page);
    page.extend_from_slice(MAN_SECTIONS.as_bytes());
    man.render_version_section(&mut page)?;
    Ok(page)
}

/// Every command in the one page, with its arguments, options and examples (clap_mangen's
/// own section only names `kanban-new(1)` pages, which do not exist).
fn commands_section(page: &mut Vec<u8>) {
    let mut text = String::from(".SH COMMANDS\n");
    for command in cli::described().get_subcommands() {
        if command.is_hide_set() {
            continue;
        }
        let aliases: Vec<&str> = command.get_all_aliases().collect();
        let aliases = if aliases.is_empty() {
            String::new()
        } else {
            format!(" (alias {})", aliases.join(", "))
        };
        text.push_str(&format!(
            ".SS \"kanban {}{}\"\n",
            roff(command.get_name()),
            roff(&aliases)
        ));
        if let Some(about) = command.get_long_about().or_else(|| command.get_about()) {
            for paragraph in about.to_string().split("\n\n") {
                text.push_str(&format!(".PP\n{}\n", roff(paragraph)));
            }
        }
        // A command's global options are added when it is built (cli::Deferred); they are
        // listed once, above.
        let mut command = command.clone();
        command.build();
        for arg in command.get_arguments() {
            if arg.is_hide_set()
                || arg.get_id() == "help"
                || arg.get_help_heading() == Some(GLOBAL_OPTIONS)
            {
                continue;
            }
            // A flag takes no value; a positional that takes several says so, as --help does.
            let several = arg.is_positional()
                && arg
                    .get_num_args()
                    .is_some_and(|range| range.max_values() > 1);
            let value = arg
                .get_value_names()
                .filter(|_| arg.get_action().takes_values())
                .map(|names| {
                    names
                        .iter()
                        .map(|name| format!("<{name}>{}", if several { "..." } else { "" }))
                        .collect::<Vec<_>>()
                        .join(" ")
                })
                .unwrap_or_default();
            let head = match (arg.get_long(), arg.get_short()) {
                (Some(long), Some(short)) => {
                    format!("\\fB\\-{short}\\fR, \\fB\\-\\-{long}\\fR {}", roff(&value))
                }
                (Some(long), None) => format!("\\fB\\-\\-{long}\\fR {}", roff(&value)),
                _ => roff(&value),
            };
            let mut help = arg
                .get_long_help()
                .or_else(|| arg.get_help())
                .map(|help| help.to_string())
                .unwrap_or_default();
            let possible: Vec<String> = arg
                .get_possible_values()
                .iter()
                .filter(|value| !value.is_hide_set())
                .map(|value| value.get_name().to_owned())
                .collect();
            if arg.get_action().takes_values() && !possible.is_empty() {
                help.push_str(&format!(" [possible values: {}]", possible.join(", ")));
            }
            let help = roff(&help);
            text.push_str(&format!(".TP\n{}\n{help}\n", head.trim_end()));
        }
        if let Some(examples) = command.get_after_help() {
            text.push_str(&format!(".PP\n.nf\n{}\n.fi\n", roff(&examples.to_string())));
        }
    }
    page.extend_from_slice(text.as_bytes());
}

/// Text as roff shows it: backslashes and hyphens escaped, no line read as a request.
fn roff(text: &str) -> String {
    text.replace('\\', "\\e")
        .replace('-', "\\-")
        .lines()
        .map(|line| {
            if line.starts_with(['.', '\'']) {
                format!("\\&{line}")
            } else {
                line.to_owned()
            }
        })
        .collect::<Vec<_>>()
        .join("\n")
}

const MAN_SECTIONS: &str = r#".SH "EXIT STATUS"
.TP
\fB0\fR
Success (also when a reader closes the pipe early).
.TP
\fB1\fR
Unexpected internal error.
.TP
\fB2\fR
Usage error or invalid input: an unknown flag, a bad task name or stage.
.TP
\fB3\fR
No such task.
.TP
\fB4\fR
Conflict: the name exists, or the task is not in the column the action needs.
.TP
\fB5\fR
Configuration or authentication problem: no settings, a bad value, password rejected,
TLS failure, schema missing or of another version (run \fBkanban init\fR).
.TP
\fB6\fR
Database unreachable: connection refused, no answer within the connect timeout, or the
connection lost mid-command (the message says whether a change may have been made).
.TP
\fB7\fR
Busy: another session holds a lock kanban needs, or the server cancelled a statement for
taking too long. Nothing was changed; the same command may be run again.
.TP
\fB130\fR, \fB143\fR, \fB129\fR
Interrupted by SIGINT, SIGTERM or SIGHUP; the running statement was cancelled first.
.SH ENVIRONMENT
.TP
\fBKANBAN_BOARD_STAGE\fR
The stage (default \fIlocal\fR): settings are read from \fI<stage>_postgres_config.env\fR.
.TP
\fBKANBAN_DATABASE_URL\fR
A postgres:// URL or key=value connection string; wins over every other source.
.TP
\fBPOSTGRES_HOST\fR, \fBPOSTGRES_PORT\fR, \fBPOSTGRES_DB\fR, \fBPOSTGRES_USER\fR, \fBPOSTGRES_PASSWORD\fR, \fBPOSTGRES_SSLMODE\fR, \fBPOSTGRES_SSLROOTCERT\fR
Connection settings; the environment wins over the stage's env file.
.TP
\fBPGHOST\fR, \fBPGPORT\fR, \fBPGDATABASE\fR, \fBPGUSER\fR, \fBPGPASSWORD\fR, \fBPGSSLMODE\fR, \fBPGSSLROOTCERT\fR, \fBPGCONNECT_TIMEOUT\fR, \fBPGAPPNAME\fR, \fBPGPASSFILE\fR, \fBPGOPTIONS\fR
libpq's variables, used where the sources above say nothing.
.TP
\fBKANBAN_LOCK_TIMEOUT\fR, \fBKANBAN_STATEMENT_TIMEOUT\fR, \fBKANBAN_READ_TIMEOUT\fR
How long to wait for a lock (default 5s), for a change to run on the server (20s), and for
the server's next answer (30s); like \fI500ms\fR, \fI5s\fR or \fI2min\fR, a bare number is seconds,
0 waits forever. Also in the env file, and in the URL as lock_timeout, statement_timeout,
read_timeout.
.TP
\fBKANBAN_HOURLY_RATE\fR
Dollars per hour for tasks resolved from now on (default 10).
.TP
\fBKANBAN_OUTPUT\fR
Default output format: table, json, csv or tsv.
.TP
\fBKANBAN_WATCH_MODE\fR
How \fBboard \-\-watch\fR learns of changes: auto, listen or poll.
.TP
\fBKANBAN_PAGER\fR, \fBPAGER\fR
The pager for long tables (tasks, log, board) on a terminal (default \fIless\fR, with
\fBLESS\fR=FRX unless set); empty or \fIcat\fR for none, like \fB\-\-no\-pager\fR.
.TP
\fBNO_COLOR\fR
Set to anything to keep tables plain on a terminal.
.SH FILES
.TP
\fI./<stage>_postgres_config.env\fR, \fI$XDG_CONFIG_HOME/kanban/<stage>_postgres_config.env\fR
The stage's settings, as NAME=value lines (the first found is used; keep it mode 0600).
.TP
\fI~/.pgpass\fR
The password file, with libpq's format and rules.
.TP
\fI~/.postgresql/root.crt\fR
Trusted certificate authorities for verify\-ca and verify\-full, unless sslrootcert says otherwise.
"#;
