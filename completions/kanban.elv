
use builtin;
use str;

set edit:completion:arg-completer[kanban] = {|@words|
    fn spaces {|n|
        builtin:repeat $n ' ' | str:join ''
    }
    fn cand {|text desc|
        edit:complex-candidate $text &display=$text' '(spaces (- 14 (wcswidth $text)))$desc
    }
    var command = 'kanban'
    for word $words[1..-1] {
        if (str:has-prefix $word '-') {
            break
        }
        set command = $command';'$word
    }
    var completions = [
        &'kanban'= {
            cand --stage 'Stage whose settings to use: reads <STAGE>_postgres_config.env'
            cand --env-file 'Read connection settings from this file instead of the stage''s env file'
            cand --database-url 'Connect with this postgres:// URL or key=value string (wins over every other source)'
            cand -o 'Output format: table for people; json, csv (RFC 4180) or tsv for scripts, with a header row in csv and tsv; KANBAN_OUTPUT sets it too'
            cand --output 'Output format: table for people; json, csv (RFC 4180) or tsv for scripts, with a header row in csv and tsv; KANBAN_OUTPUT sets it too'
            cand --color 'When to colour tables: auto colours only a terminal (and honours NO_COLOR)'
            cand -q 'Print nothing when a change (new, start, stop, resolve, reopen, rename, rm) or init succeeds'
            cand --quiet 'Print nothing when a change (new, start, stop, resolve, reopen, rename, rm) or init succeeds'
            cand --no-pager 'Never page long tables (tasks, log, board) on a terminal; KANBAN_PAGER or PAGER names the pager (default less with LESS=FRX), empty or cat for none'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
            cand new 'Add tasks to To Do'
            cand start 'Move tasks from To Do to In Progress, starting their timers'
            cand resolve 'Move tasks from In Progress to Done, fixing their cost'
            cand stop 'Move tasks from In Progress back to To Do, pausing their timers (alias: pause)'
            cand reopen 'Move tasks from Done back to In Progress'
            cand rename 'Give a task a new name; its sessions and history follow it'
            cand rm 'Delete tasks, all or none (alias: remove)'
            cand log 'Show the history of changes, newest first'
            cand tasks 'List tasks: a table, or JSON, CSV or TSV with --output'
            cand elapsed 'Print a task''s time in work as HH:MM:SS'
            cand cost 'Print a done task''s cost as $D.CC'
            cand report 'Time and money over a period, by task, day, week, month or actor'
            cand init 'Create or upgrade the schema in the stage''s database'
            cand board 'Show the board: To Do, In Progress and Done side by side'
            cand doctor 'Check the settings, the connection, the schema and this user''s rights'
            cand grant 'Let a role read the board, or change it too (run as the kanban_task table''s owner)'
            cand man 'Print the manual page (roff)'
            cand completions 'Print a shell completion script'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'kanban;new'= {
            cand --stage 'Stage whose settings to use: reads <STAGE>_postgres_config.env'
            cand --env-file 'Read connection settings from this file instead of the stage''s env file'
            cand --database-url 'Connect with this postgres:// URL or key=value string (wins over every other source)'
            cand -o 'Output format: table for people; json, csv (RFC 4180) or tsv for scripts, with a header row in csv and tsv; KANBAN_OUTPUT sets it too'
            cand --output 'Output format: table for people; json, csv (RFC 4180) or tsv for scripts, with a header row in csv and tsv; KANBAN_OUTPUT sets it too'
            cand --color 'When to colour tables: auto colours only a terminal (and honours NO_COLOR)'
            cand -q 'Print nothing when a change (new, start, stop, resolve, reopen, rename, rm) or init succeeds'
            cand --quiet 'Print nothing when a change (new, start, stop, resolve, reopen, rename, rm) or init succeeds'
            cand --no-pager 'Never page long tables (tasks, log, board) on a terminal; KANBAN_PAGER or PAGER names the pager (default less with LESS=FRX), empty or cat for none'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'kanban;start'= {
            cand --stage 'Stage whose settings to use: reads <STAGE>_postgres_config.env'
            cand --env-file 'Read connection settings from this file instead of the stage''s env file'
            cand --database-url 'Connect with this postgres:// URL or key=value string (wins over every other source)'
            cand -o 'Output format: table for people; json, csv (RFC 4180) or tsv for scripts, with a header row in csv and tsv; KANBAN_OUTPUT sets it too'
            cand --output 'Output format: table for people; json, csv (RFC 4180) or tsv for scripts, with a header row in csv and tsv; KANBAN_OUTPUT sets it too'
            cand --color 'When to colour tables: auto colours only a terminal (and honours NO_COLOR)'
            cand -q 'Print nothing when a change (new, start, stop, resolve, reopen, rename, rm) or init succeeds'
            cand --quiet 'Print nothing when a change (new, start, stop, resolve, reopen, rename, rm) or init succeeds'
            cand --no-pager 'Never page long tables (tasks, log, board) on a terminal; KANBAN_PAGER or PAGER names the pager (default less with LESS=FRX), empty or cat for none'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'kanban;resolve'= {
            cand --stage 'Stage whose settings to use: reads <STAGE>_postgres_config.env'
            cand --env-file 'Read connection settings from this file instead of the stage''s env file'
            cand --database-url 'Connect with this postgres:// URL or key=value string (wins over every other source)'
            cand -o 'Output format: table for people; json, csv (RFC 4180) or tsv for scripts, with a header row in csv and tsv; KANBAN_OUTPUT sets it too'
            cand --output 'Output format: table for people; json, csv (RFC 4180) or tsv for scripts, with a header row in csv and tsv; KANBAN_OUTPUT sets it too'
            cand --color 'When to colour tables: auto colours only a terminal (and honours NO_COLOR)'
            cand -q 'Print nothing when a change (new, start, stop, resolve, reopen, rename, rm) or init succeeds'
            cand --quiet 'Print nothing when a change (new, start, stop, resolve, reopen, rename, rm) or init succeeds'
            cand --no-pager 'Never page long tables (tasks, log, board) on a terminal; KANBAN_PAGER or PAGER names the pager (default less with LESS=FRX), empty or cat for none'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'kanban;stop'= {
            cand --stage 'Stage whose settings to use: reads <STAGE>_postgres_config.env'
            cand --env-file 'Read connection settings from this file instead of the stage''s env file'
            cand --database-url 'Connect with this postgres:// URL or key=value string (wins over every other source)'
            cand -o 'Output format: table for people; json, csv (RFC 4180) or tsv for scripts, with a header row in csv and tsv; KANBAN_OUTPUT sets it too'
            cand --output 'Output format: table for people; json, csv (RFC 4180) or tsv for scripts, with a header row in csv and tsv; KANBAN_OUTPUT sets it too'
            cand --color 'When to colour tables: auto colours only a terminal (and honours NO_COLOR)'
            cand -q 'Print nothing when a change (new, start, stop, resolve, reopen, rename, rm) or init succeeds'
            cand --quiet 'Print nothing when a change (new, start, stop, resolve, reopen, rename, rm) or init succeeds'
            cand --no-pager 'Never page long tables (tasks, log, board) on a terminal; KANBAN_PAGER or PAGER names the pager (default less with LESS=FRX), empty or cat for none'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'kanban;reopen'= {
            cand --stage 'Stage whose settings to use: reads <STAGE>_postgres_config.env'
            cand --env-file 'Read connection settings from this file instead of the stage''s env file'
            cand --database-url 'Connect with this postgres:// URL or key=value string (wins over every other source)'
            cand -o 'Output format: table for people; json, csv (RFC 4180) or tsv for scripts, with a header row in csv and tsv; KANBAN_OUTPUT sets it too'
            cand --output 'Output format: table for people; json, csv (RFC 4180) or tsv for scripts, with a header row in csv and tsv; KANBAN_OUTPUT sets it too'
            cand --color 'When to colour tables: auto colours only a terminal (and honours NO_COLOR)'
            cand -q 'Print nothing when a change (new, start, stop, resolve, reopen, rename, rm) or init succeeds'
            cand --quiet 'Print nothing when a change (new, start, stop, resolve, reopen, rename, rm) or init succeeds'
            cand --no-pager 'Never page long tables (tasks, log, board) on a terminal; KANBAN_PAGER or PAGER names the pager (default less with LESS=FRX), empty or cat for none'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'kanban;rename'= {
            cand --stage 'Stage whose settings to use: reads <STAGE>_postgres_config.env'
            cand --env-file 'Read connection settings from this file instead of the stage''s env file'
            cand --database-url 'Connect with this postgres:// URL or key=value string (wins over every other source)'
            cand -o 'Output format: table for people; json, csv (RFC 4180) or tsv for scripts, with a header row in csv and tsv; KANBAN_OUTPUT sets it too'
            cand --output 'Output format: table for people; json, csv (RFC 4180) or tsv for scripts, with a header row in csv and tsv; KANBAN_OUTPUT sets it too'
            cand --color 'When to colour tables: auto colours only a terminal (and honours NO_COLOR)'
            cand -q 'Print nothing when a change (new, start, stop, resolve, reopen, rename, rm) or init succeeds'
            cand --quiet 'Print nothing when a change (new, start, stop, resolve, reopen, rename, rm) or init succeeds'
            cand --no-pager 'Never page long tables (tasks, log, board) on a terminal; KANBAN_PAGER or PAGER names the pager (default less with LESS=FRX), empty or cat for none'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'kanban;rm'= {
            cand --stage 'Stage whose settings to use: reads <STAGE>_postgres_config.env'
            cand --env-file 'Read connection settings from this file instead of the stage''s env file'
            cand --database-url 'Connect with this postgres:// URL or key=value string (wins over every other source)'
            cand -o 'Output format: table for people; json, csv (RFC 4180) or tsv for scripts, with a header row in csv and tsv; KANBAN_OUTPUT sets it too'
            cand --output 'Output format: table for people; json, csv (RFC 4180) or tsv for scripts, with a header row in csv and tsv; KANBAN_OUTPUT sets it too'
            cand --color 'When to colour tables: auto colours only a terminal (and honours NO_COLOR)'
            cand -f 'Delete tasks In Progress, Done, or stopped with time in work recorded, too'
            cand --force 'Delete tasks In Progress, Done, or stopped with time in work recorded, too'
            cand -q 'Print nothing when a change (new, start, stop, resolve, reopen, rename, rm) or init succeeds'
            cand --quiet 'Print nothing when a change (new, start, stop, resolve, reopen, rename, rm) or init succeeds'
            cand --no-pager 'Never page long tables (tasks, log, board) on a terminal; KANBAN_PAGER or PAGER names the pager (default less with LESS=FRX), empty or cat for none'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'kanban;log'= {
            cand --since 'Only changes since WHEN: 30m, 36h, 7d, 2w ago; today, yesterday; YYYY-MM-DD (local midnight); or an RFC 3339 time'
            cand --limit 'Show at most N changes'
            cand --stage 'Stage whose settings to use: reads <STAGE>_postgres_config.env'
            cand --env-file 'Read connection settings from this file instead of the stage''s env file'
            cand --database-url 'Connect with this postgres:// URL or key=value string (wins over every other source)'
            cand -o 'Output format: table for people; json, csv (RFC 4180) or tsv for scripts, with a header row in csv and tsv; KANBAN_OUTPUT sets it too'
            cand --output 'Output format: table for people; json, csv (RFC 4180) or tsv for scripts, with a header row in csv and tsv; KANBAN_OUTPUT sets it too'
            cand --color 'When to colour tables: auto colours only a terminal (and honours NO_COLOR)'
            cand -q 'Print nothing when a change (new, start, stop, resolve, reopen, rename, rm) or init succeeds'
            cand --quiet 'Print nothing when a change (new, start, stop, resolve, reopen, rename, rm) or init succeeds'
            cand --no-pager 'Never page long tables (tasks, log, board) on a terminal; KANBAN_PAGER or PAGER names the pager (default less with LESS=FRX), empty or cat for none'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'kanban;tasks'= {
            cand -s 'Only the tasks in this column'
            cand --status 'Only the tasks in this column'
            cand --grep 'Only tasks whose name contains TEXT, ignoring letter case (matched in the database)'
            cand --sort 'Order: board (the default: To Do, In Progress, Done, oldest first in each), name, created, started or finished (tasks without that time last)'
            cand --limit 'Show at most N tasks'
            cand --stage 'Stage whose settings to use: reads <STAGE>_postgres_config.env'
            cand --env-file 'Read connection settings from this file instead of the stage''s env file'
            cand --database-url 'Connect with this postgres:// URL or key=value string (wins over every other source)'
            cand -o 'Output format: table for people; json, csv (RFC 4180) or tsv for scripts, with a header row in csv and tsv; KANBAN_OUTPUT sets it too'
            cand --output 'Output format: table for people; json, csv (RFC 4180) or tsv for scripts, with a header row in csv and tsv; KANBAN_OUTPUT sets it too'
            cand --color 'When to colour tables: auto colours only a terminal (and honours NO_COLOR)'
            cand -r 'Reverse the order'
            cand --reverse 'Reverse the order'
            cand -q 'Print nothing when a change (new, start, stop, resolve, reopen, rename, rm) or init succeeds'
            cand --quiet 'Print nothing when a change (new, start, stop, resolve, reopen, rename, rm) or init succeeds'
            cand --no-pager 'Never page long tables (tasks, log, board) on a terminal; KANBAN_PAGER or PAGER names the pager (default less with LESS=FRX), empty or cat for none'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'kanban;elapsed'= {
            cand --stage 'Stage whose settings to use: reads <STAGE>_postgres_config.env'
            cand --env-file 'Read connection settings from this file instead of the stage''s env file'
            cand --database-url 'Connect with this postgres:// URL or key=value string (wins over every other source)'
            cand -o 'Output format: table for people; json, csv (RFC 4180) or tsv for scripts, with a header row in csv and tsv; KANBAN_OUTPUT sets it too'
            cand --output 'Output format: table for people; json, csv (RFC 4180) or tsv for scripts, with a header row in csv and tsv; KANBAN_OUTPUT sets it too'
            cand --color 'When to colour tables: auto colours only a terminal (and honours NO_COLOR)'
            cand -q 'Print nothing when a change (new, start, stop, resolve, reopen, rename, rm) or init succeeds'
            cand --quiet 'Print nothing when a change (new, start, stop, resolve, reopen, rename, rm) or init succeeds'
            cand --no-pager 'Never page long tables (tasks, log, board) on a terminal; KANBAN_PAGER or PAGER names the pager (default less with LESS=FRX), empty or cat for none'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'kanban;cost'= {
            cand --stage 'Stage whose settings to use: reads <STAGE>_postgres_config.env'
            cand --env-file 'Read connection settings from this file instead of the stage''s env file'
            cand --database-url 'Connect with this postgres:// URL or key=value string (wins over every other source)'
            cand -o 'Output format: table for people; json, csv (RFC 4180) or tsv for scripts, with a header row in csv and tsv; KANBAN_OUTPUT sets it too'
            cand --output 'Output format: table for people; json, csv (RFC 4180) or tsv for scripts, with a header row in csv and tsv; KANBAN_OUTPUT sets it too'
            cand --color 'When to colour tables: auto colours only a terminal (and honours NO_COLOR)'
            cand -q 'Print nothing when a change (new, start, stop, resolve, reopen, rename, rm) or init succeeds'
            cand --quiet 'Print nothing when a change (new, start, stop, resolve, reopen, rename, rm) or init succeeds'
            cand --no-pager 'Never page long tables (tasks, log, board) on a terminal; KANBAN_PAGER or PAGER names the pager (default less with LESS=FRX), empty or cat for none'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'kanban;report'= {
            cand --since 'Start of the window (default: this week''s Monday, 00:00 local time)'
            cand --until 'End of the window, not included (default: now)'
            cand --by 'One row per task, local day, ISO week, month, or actor (who started the work)'
            cand -s 'Only the work of tasks now in these columns (repeat it, or separate with commas)'
            cand --status 'Only the work of tasks now in these columns (repeat it, or separate with commas)'
            cand --round 'Bill each row''s work time in whole steps of DURATION (6m, 15m, 30m, 1h) before pricing it; the actual time is shown beside the billed time'
            cand --rounding 'Which way --round goes'
            cand --tz 'The time zone of days, weeks, months and dates: a name like Europe/Berlin, or an offset like +05:30 (east of UTC)'
            cand --stage 'Stage whose settings to use: reads <STAGE>_postgres_config.env'
            cand --env-file 'Read connection settings from this file instead of the stage''s env file'
            cand --database-url 'Connect with this postgres:// URL or key=value string (wins over every other source)'
            cand -o 'Output format: table for people; json, csv (RFC 4180) or tsv for scripts, with a header row in csv and tsv; KANBAN_OUTPUT sets it too'
            cand --output 'Output format: table for people; json, csv (RFC 4180) or tsv for scripts, with a header row in csv and tsv; KANBAN_OUTPUT sets it too'
            cand --color 'When to colour tables: auto colours only a terminal (and honours NO_COLOR)'
            cand -q 'Print nothing when a change (new, start, stop, resolve, reopen, rename, rm) or init succeeds'
            cand --quiet 'Print nothing when a change (new, start, stop, resolve, reopen, rename, rm) or init succeeds'
            cand --no-pager 'Never page long tables (tasks, log, board) on a terminal; KANBAN_PAGER or PAGER names the pager (default less with LESS=FRX), empty or cat for none'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'kanban;init'= {
            cand --stage 'Stage whose settings to use: reads <STAGE>_postgres_config.env'
            cand --env-file 'Read connection settings from this file instead of the stage''s env file'
            cand --database-url 'Connect with this postgres:// URL or key=value string (wins over every other source)'
            cand -o 'Output format: table for people; json, csv (RFC 4180) or tsv for scripts, with a header row in csv and tsv; KANBAN_OUTPUT sets it too'
            cand --output 'Output format: table for people; json, csv (RFC 4180) or tsv for scripts, with a header row in csv and tsv; KANBAN_OUTPUT sets it too'
            cand --color 'When to colour tables: auto colours only a terminal (and honours NO_COLOR)'
            cand --dry-run 'Show the steps that would be applied, and change nothing'
            cand -q 'Print nothing when a change (new, start, stop, resolve, reopen, rename, rm) or init succeeds'
            cand --quiet 'Print nothing when a change (new, start, stop, resolve, reopen, rename, rm) or init succeeds'
            cand --no-pager 'Never page long tables (tasks, log, board) on a terminal; KANBAN_PAGER or PAGER names the pager (default less with LESS=FRX), empty or cat for none'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'kanban;board'= {
            cand --limit 'Show at most this many tasks per column'
            cand --watch-mode 'How --watch learns of changes: listen (LISTEN/NOTIFY), poll (a change counter once a second, for transaction-pooling PgBouncer), or auto (listen unless pooling is detected)'
            cand --stage 'Stage whose settings to use: reads <STAGE>_postgres_config.env'
            cand --env-file 'Read connection settings from this file instead of the stage''s env file'
            cand --database-url 'Connect with this postgres:// URL or key=value string (wins over every other source)'
            cand -o 'Output format: table for people; json, csv (RFC 4180) or tsv for scripts, with a header row in csv and tsv; KANBAN_OUTPUT sets it too'
            cand --output 'Output format: table for people; json, csv (RFC 4180) or tsv for scripts, with a header row in csv and tsv; KANBAN_OUTPUT sets it too'
            cand --color 'When to colour tables: auto colours only a terminal (and honours NO_COLOR)'
            cand -w 'Stay on screen and redraw as the board changes (q or Ctrl-C quits)'
            cand --watch 'Stay on screen and redraw as the board changes (q or Ctrl-C quits)'
            cand -q 'Print nothing when a change (new, start, stop, resolve, reopen, rename, rm) or init succeeds'
            cand --quiet 'Print nothing when a change (new, start, stop, resolve, reopen, rename, rm) or init succeeds'
            cand --no-pager 'Never page long tables (tasks, log, board) on a terminal; KANBAN_PAGER or PAGER names the pager (default less with LESS=FRX), empty or cat for none'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'kanban;doctor'= {
            cand --stage 'Stage whose settings to use: reads <STAGE>_postgres_config.env'
            cand --env-file 'Read connection settings from this file instead of the stage''s env file'
            cand --database-url 'Connect with this postgres:// URL or key=value string (wins over every other source)'
            cand -o 'Output format: table for people; json, csv (RFC 4180) or tsv for scripts, with a header row in csv and tsv; KANBAN_OUTPUT sets it too'
            cand --output 'Output format: table for people; json, csv (RFC 4180) or tsv for scripts, with a header row in csv and tsv; KANBAN_OUTPUT sets it too'
            cand --color 'When to colour tables: auto colours only a terminal (and honours NO_COLOR)'
            cand --read-only 'Only reading is needed: a role or database that may not change tasks passes'
            cand -q 'Print nothing when a change (new, start, stop, resolve, reopen, rename, rm) or init succeeds'
            cand --quiet 'Print nothing when a change (new, start, stop, resolve, reopen, rename, rm) or init succeeds'
            cand --no-pager 'Never page long tables (tasks, log, board) on a terminal; KANBAN_PAGER or PAGER names the pager (default less with LESS=FRX), empty or cat for none'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'kanban;grant'= {
            cand --stage 'Stage whose settings to use: reads <STAGE>_postgres_config.env'
            cand --env-file 'Read connection settings from this file instead of the stage''s env file'
            cand --database-url 'Connect with this postgres:// URL or key=value string (wins over every other source)'
            cand -o 'Output format: table for people; json, csv (RFC 4180) or tsv for scripts, with a header row in csv and tsv; KANBAN_OUTPUT sets it too'
            cand --output 'Output format: table for people; json, csv (RFC 4180) or tsv for scripts, with a header row in csv and tsv; KANBAN_OUTPUT sets it too'
            cand --color 'When to colour tables: auto colours only a terminal (and honours NO_COLOR)'
            cand --read 'Reading only'
            cand --write 'Reading and changing tasks'
            cand -q 'Print nothing when a change (new, start, stop, resolve, reopen, rename, rm) or init succeeds'
            cand --quiet 'Print nothing when a change (new, start, stop, resolve, reopen, rename, rm) or init succeeds'
            cand --no-pager 'Never page long tables (tasks, log, board) on a terminal; KANBAN_PAGER or PAGER names the pager (default less with LESS=FRX), empty or cat for none'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'kanban;man'= {
            cand --stage 'Stage whose settings to use: reads <STAGE>_postgres_config.env'
            cand --env-file 'Read connection settings from this file instead of the stage''s env file'
            cand --database-url 'Connect with this postgres:// URL or key=value string (wins over every other source)'
            cand -o 'Output format: table for people; json, csv (RFC 4180) or tsv for scripts, with a header row in csv and tsv; KANBAN_OUTPUT sets it too'
            cand --output 'Output format: table for people; json, csv (RFC 4180) or tsv for scripts, with a header row in csv and tsv; KANBAN_OUTPUT sets it too'
            cand --color 'When to colour tables: auto colours only a terminal (and honours NO_COLOR)'
            cand -q 'Print nothing when a change (new, start, stop, resolve, reopen, rename, rm) or init succeeds'
            cand --quiet 'Print nothing when a change (new, start, stop, resolve, reopen, rename, rm) or init succeeds'
            cand --no-pager 'Never page long tables (tasks, log, board) on a terminal; KANBAN_PAGER or PAGER names the pager (default less with LESS=FRX), empty or cat for none'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'kanban;completions'= {
            cand --stage 'Stage whose settings to use: reads <STAGE>_postgres_config.env'
            cand --env-file 'Read connection settings from this file instead of the stage''s env file'
            cand --database-url 'Connect with this postgres:// URL or key=value string (wins over every other source)'
            cand -o 'Output format: table for people; json, csv (RFC 4180) or tsv for scripts, with a header row in csv and tsv; KANBAN_OUTPUT sets it too'
            cand --output 'Output format: table for people; json, csv (RFC 4180) or tsv for scripts, with a header row in csv and tsv; KANBAN_OUTPUT sets it too'
            cand --color 'When to colour tables: auto colours only a terminal (and honours NO_COLOR)'
            cand -q 'Print nothing when a change (new, start, stop, resolve, reopen, rename, rm) or init succeeds'
            cand --quiet 'Print nothing when a change (new, start, stop, resolve, reopen, rename, rm) or init succeeds'
            cand --no-pager 'Never page long tables (tasks, log, board) on a terminal; KANBAN_PAGER or PAGER names the pager (default less with LESS=FRX), empty or cat for none'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'kanban;help'= {
            cand new 'Add tasks to To Do'
            cand start 'Move tasks from To Do to In Progress, starting their timers'
            cand resolve 'Move tasks from In Progress to Done, fixing their cost'
            cand stop 'Move tasks from In Progress back to To Do, pausing their timers (alias: pause)'
            cand reopen 'Move tasks from Done back to In Progress'
            cand rename 'Give a task a new name; its sessions and history follow it'
            cand rm 'Delete tasks, all or none (alias: remove)'
            cand log 'Show the history of changes, newest first'
            cand tasks 'List tasks: a table, or JSON, CSV or TSV with --output'
            cand elapsed 'Print a task''s time in work as HH:MM:SS'
            cand cost 'Print a done task''s cost as $D.CC'
            cand report 'Time and money over a period, by task, day, week, month or actor'
            cand init 'Create or upgrade the schema in the stage''s database'
            cand board 'Show the board: To Do, In Progress and Done side by side'
            cand doctor 'Check the settings, the connection, the schema and this user''s rights'
            cand grant 'Let a role read the board, or change it too (run as the kanban_task table''s owner)'
            cand man 'Print the manual page (roff)'
            cand completions 'Print a shell completion script'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'kanban;help;new'= {
        }
        &'kanban;help;start'= {
        }
        &'kanban;help;resolve'= {
        }
        &'kanban;help;stop'= {
        }
        &'kanban;help;reopen'= {
        }
        &'kanban;help;rename'= {
        }
        &'kanban;help;rm'= {
        }
        &'kanban;help;log'= {
        }
        &'kanban;help;tasks'= {
        }
        &'kanban;help;elapsed'= {
        }
        &'kanban;help;cost'= {
        }
        &'kanban;help;report'= {
        }
        &'kanban;help;init'= {
        }
        &'kanban;help;board'= {
        }
        &'kanban;help;doctor'= {
        }
        &'kanban;help;grant'= {
        }
        &'kanban;help;man'= {
        }
        &'kanban;help;completions'= {
        }
        &'kanban;help;help'= {
        }
    ]
    $completions[$command]
}
