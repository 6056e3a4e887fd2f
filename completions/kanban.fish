# Print an optspec for argparse to handle cmd's options that are independent of any subcommand.
function __fish_kanban_global_optspecs
    string join \n stage= env-file= database-url= o/output= color= q/quiet no-pager h/help V/version
end

function __fish_kanban_needs_command
    # Figure out if the current invocation already has a command.
    set -l cmd (commandline -opc)
    set -e cmd[1]
    argparse -s (__fish_kanban_global_optspecs) -- $cmd 2>/dev/null
    or return
    if set -q argv[1]
        # Also print the command, so this can be used to figure out what it is.
        echo $argv[1]
        return 1
    end
    return 0
end

function __fish_kanban_using_subcommand
    set -l cmd (__fish_kanban_needs_command)
    test -z "$cmd"
    and return 1
    contains -- $cmd[1] $argv
end

complete -c kanban -n "__fish_kanban_needs_command" -l stage -d 'Stage whose settings to use: reads <STAGE>_postgres_config.env' -r
complete -c kanban -n "__fish_kanban_needs_command" -l env-file -d 'Read connection settings from this file instead of the stage\'s env file' -r -F
complete -c kanban -n "__fish_kanban_needs_command" -l database-url -d 'Connect with this postgres:// URL or key=value string (wins over every other source)' -r
complete -c kanban -n "__fish_kanban_needs_command" -s o -l output -d 'Output format: table for people; json, csv (RFC 4180) or tsv for scripts, with a header row in csv and tsv; KANBAN_OUTPUT sets it too' -r -f -a "table\t''
json\t''
csv\t''
tsv\t''"
complete -c kanban -n "__fish_kanban_needs_command" -l color -d 'When to colour tables: auto colours only a terminal (and honours NO_COLOR)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c kanban -n "__fish_kanban_needs_command" -s q -l quiet -d 'Print nothing when a change (new, start, stop, resolve, reopen, rename, rm) or init succeeds'
complete -c kanban -n "__fish_kanban_needs_command" -l no-pager -d 'Never page long tables (tasks, log, board) on a terminal; KANBAN_PAGER or PAGER names the pager (default less with LESS=FRX), empty or cat for none'
complete -c kanban -n "__fish_kanban_needs_command" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c kanban -n "__fish_kanban_needs_command" -s V -l version -d 'Print version'
complete -c kanban -n "__fish_kanban_needs_command" -f -a "new" -d 'Add tasks to To Do'
complete -c kanban -n "__fish_kanban_needs_command" -f -a "start" -d 'Move tasks from To Do to In Progress, starting their timers'
complete -c kanban -n "__fish_kanban_needs_command" -f -a "resolve" -d 'Move tasks from In Progress to Done, fixing their cost'
complete -c kanban -n "__fish_kanban_needs_command" -f -a "stop" -d 'Move tasks from In Progress back to To Do, pausing their timers (alias: pause)'
complete -c kanban -n "__fish_kanban_needs_command" -f -a "reopen" -d 'Move tasks from Done back to In Progress'
complete -c kanban -n "__fish_kanban_needs_command" -f -a "rename" -d 'Give a task a new name; its sessions and history follow it'
complete -c kanban -n "__fish_kanban_needs_command" -f -a "rm" -d 'Delete tasks, all or none (alias: remove)'
complete -c kanban -n "__fish_kanban_needs_command" -f -a "log" -d 'Show the history of changes, newest first'
complete -c kanban -n "__fish_kanban_needs_command" -f -a "tasks" -d 'List tasks: a table, or JSON, CSV or TSV with --output'
complete -c kanban -n "__fish_kanban_needs_command" -f -a "elapsed" -d 'Print a task\'s time in work as HH:MM:SS'
complete -c kanban -n "__fish_kanban_needs_command" -f -a "cost" -d 'Print a done task\'s cost as $D.CC'
complete -c kanban -n "__fish_kanban_needs_command" -f -a "report" -d 'Time and money over a period, by task, day, week, month or actor'
complete -c kanban -n "__fish_kanban_needs_command" -f -a "init" -d 'Create or upgrade the schema in the stage\'s database'
complete -c kanban -n "__fish_kanban_needs_command" -f -a "board" -d 'Show the board: To Do, In Progress and Done side by side'
complete -c kanban -n "__fish_kanban_needs_command" -f -a "doctor" -d 'Check the settings, the connection, the schema and this user\'s rights'
complete -c kanban -n "__fish_kanban_needs_command" -f -a "grant" -d 'Let a role read the board, or change it too (run as the kanban_task table\'s owner)'
complete -c kanban -n "__fish_kanban_needs_command" -f -a "man" -d 'Print the manual page (roff)'
complete -c kanban -n "__fish_kanban_needs_command" -f -a "completions" -d 'Print a shell completion script'
complete -c kanban -n "__fish_kanban_needs_command" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c kanban -n "__fish_kanban_using_subcommand new" -l stage -d 'Stage whose settings to use: reads <STAGE>_postgres_config.env' -r
complete -c kanban -n "__fish_kanban_using_subcommand new" -l env-file -d 'Read connection settings from this file instead of the stage\'s env file' -r -F
complete -c kanban -n "__fish_kanban_using_subcommand new" -l database-url -d 'Connect with this postgres:// URL or key=value string (wins over every other source)' -r
complete -c kanban -n "__fish_kanban_using_subcommand new" -s o -l output -d 'Output format: table for people; json, csv (RFC 4180) or tsv for scripts, with a header row in csv and tsv; KANBAN_OUTPUT sets it too' -r -f -a "table\t''
json\t''
csv\t''
tsv\t''"
complete -c kanban -n "__fish_kanban_using_subcommand new" -l color -d 'When to colour tables: auto colours only a terminal (and honours NO_COLOR)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c kanban -n "__fish_kanban_using_subcommand new" -s q -l quiet -d 'Print nothing when a change (new, start, stop, resolve, reopen, rename, rm) or init succeeds'
complete -c kanban -n "__fish_kanban_using_subcommand new" -l no-pager -d 'Never page long tables (tasks, log, board) on a terminal; KANBAN_PAGER or PAGER names the pager (default less with LESS=FRX), empty or cat for none'
complete -c kanban -n "__fish_kanban_using_subcommand new" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c kanban -n "__fish_kanban_using_subcommand start" -l stage -d 'Stage whose settings to use: reads <STAGE>_postgres_config.env' -r
complete -c kanban -n "__fish_kanban_using_subcommand start" -l env-file -d 'Read connection settings from this file instead of the stage\'s env file' -r -F
complete -c kanban -n "__fish_kanban_using_subcommand start" -l database-url -d 'Connect with this postgres:// URL or key=value string (wins over every other source)' -r
complete -c kanban -n "__fish_kanban_using_subcommand start" -s o -l output -d 'Output format: table for people; json, csv (RFC 4180) or tsv for scripts, with a header row in csv and tsv; KANBAN_OUTPUT sets it too' -r -f -a "table\t''
json\t''
csv\t''
tsv\t''"
complete -c kanban -n "__fish_kanban_using_subcommand start" -l color -d 'When to colour tables: auto colours only a terminal (and honours NO_COLOR)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c kanban -n "__fish_kanban_using_subcommand start" -s q -l quiet -d 'Print nothing when a change (new, start, stop, resolve, reopen, rename, rm) or init succeeds'
complete -c kanban -n "__fish_kanban_using_subcommand start" -l no-pager -d 'Never page long tables (tasks, log, board) on a terminal; KANBAN_PAGER or PAGER names the pager (default less with LESS=FRX), empty or cat for none'
complete -c kanban -n "__fish_kanban_using_subcommand start" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c kanban -n "__fish_kanban_using_subcommand resolve" -l stage -d 'Stage whose settings to use: reads <STAGE>_postgres_config.env' -r
complete -c kanban -n "__fish_kanban_using_subcommand resolve" -l env-file -d 'Read connection settings from this file instead of the stage\'s env file' -r -F
complete -c kanban -n "__fish_kanban_using_subcommand resolve" -l database-url -d 'Connect with this postgres:// URL or key=value string (wins over every other source)' -r
complete -c kanban -n "__fish_kanban_using_subcommand resolve" -s o -l output -d 'Output format: table for people; json, csv (RFC 4180) or tsv for scripts, with a header row in csv and tsv; KANBAN_OUTPUT sets it too' -r -f -a "table\t''
json\t''
csv\t''
tsv\t''"
complete -c kanban -n "__fish_kanban_using_subcommand resolve" -l color -d 'When to colour tables: auto colours only a terminal (and honours NO_COLOR)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c kanban -n "__fish_kanban_using_subcommand resolve" -s q -l quiet -d 'Print nothing when a change (new, start, stop, resolve, reopen, rename, rm) or init succeeds'
complete -c kanban -n "__fish_kanban_using_subcommand resolve" -l no-pager -d 'Never page long tables (tasks, log, board) on a terminal; KANBAN_PAGER or PAGER names the pager (default less with LESS=FRX), empty or cat for none'
complete -c kanban -n "__fish_kanban_using_subcommand resolve" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c kanban -n "__fish_kanban_using_subcommand stop" -l stage -d 'Stage whose settings to use: reads <STAGE>_postgres_config.env' -r
complete -c kanban -n "__fish_kanban_using_subcommand stop" -l env-file -d 'Read connection settings from this file instead of the stage\'s env file' -r -F
complete -c kanban -n "__fish_kanban_using_subcommand stop" -l database-url -d 'Connect with this postgres:// URL or key=value string (wins over every other source)' -r
complete -c kanban -n "__fish_kanban_using_subcommand stop" -s o -l output -d 'Output format: table for people; json, csv (RFC 4180) or tsv for scripts, with a header row in csv and tsv; KANBAN_OUTPUT sets it too' -r -f -a "table\t''
json\t''
csv\t''
tsv\t''"
complete -c kanban -n "__fish_kanban_using_subcommand stop" -l color -d 'When to colour tables: auto colours only a terminal (and honours NO_COLOR)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c kanban -n "__fish_kanban_using_subcommand stop" -s q -l quiet -d 'Print nothing when a change (new, start, stop, resolve, reopen, rename, rm) or init succeeds'
complete -c kanban -n "__fish_kanban_using_subcommand stop" -l no-pager -d 'Never page long tables (tasks, log, board) on a terminal; KANBAN_PAGER or PAGER names the pager (default less with LESS=FRX), empty or cat for none'
complete -c kanban -n "__fish_kanban_using_subcommand stop" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c kanban -n "__fish_kanban_using_subcommand reopen" -l stage -d 'Stage whose settings to use: reads <STAGE>_postgres_config.env' -r
complete -c kanban -n "__fish_kanban_using_subcommand reopen" -l env-file -d 'Read connection settings from this file instead of the stage\'s env file' -r -F
complete -c kanban -n "__fish_kanban_using_subcommand reopen" -l database-url -d 'Connect with this postgres:// URL or key=value string (wins over every other source)' -r
complete -c kanban -n "__fish_kanban_using_subcommand reopen" -s o -l output -d 'Output format: table for people; json, csv (RFC 4180) or tsv for scripts, with a header row in csv and tsv; KANBAN_OUTPUT sets it too' -r -f -a "table\t''
json\t''
csv\t''
tsv\t''"
complete -c kanban -n "__fish_kanban_using_subcommand reopen" -l color -d 'When to colour tables: auto colours only a terminal (and honours NO_COLOR)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c kanban -n "__fish_kanban_using_subcommand reopen" -s q -l quiet -d 'Print nothing when a change (new, start, stop, resolve, reopen, rename, rm) or init succeeds'
complete -c kanban -n "__fish_kanban_using_subcommand reopen" -l no-pager -d 'Never page long tables (tasks, log, board) on a terminal; KANBAN_PAGER or PAGER names the pager (default less with LESS=FRX), empty or cat for none'
complete -c kanban -n "__fish_kanban_using_subcommand reopen" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c kanban -n "__fish_kanban_using_subcommand rename" -l stage -d 'Stage whose settings to use: reads <STAGE>_postgres_config.env' -r
complete -c kanban -n "__fish_kanban_using_subcommand rename" -l env-file -d 'Read connection settings from this file instead of the stage\'s env file' -r -F
complete -c kanban -n "__fish_kanban_using_subcommand rename" -l database-url -d 'Connect with this postgres:// URL or key=value string (wins over every other source)' -r
complete -c kanban -n "__fish_kanban_using_subcommand rename" -s o -l output -d 'Output format: table for people; json, csv (RFC 4180) or tsv for scripts, with a header row in csv and tsv; KANBAN_OUTPUT sets it too' -r -f -a "table\t''
json\t''
csv\t''
tsv\t''"
complete -c kanban -n "__fish_kanban_using_subcommand rename" -l color -d 'When to colour tables: auto colours only a terminal (and honours NO_COLOR)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c kanban -n "__fish_kanban_using_subcommand rename" -s q -l quiet -d 'Print nothing when a change (new, start, stop, resolve, reopen, rename, rm) or init succeeds'
complete -c kanban -n "__fish_kanban_using_subcommand rename" -l no-pager -d 'Never page long tables (tasks, log, board) on a terminal; KANBAN_PAGER or PAGER names the pager (default less with LESS=FRX), empty or cat for none'
complete -c kanban -n "__fish_kanban_using_subcommand rename" -s h -l help -d 'Print help'
complete -c kanban -n "__fish_kanban_using_subcommand rm" -l stage -d 'Stage whose settings to use: reads <STAGE>_postgres_config.env' -r
complete -c kanban -n "__fish_kanban_using_subcommand rm" -l env-file -d 'Read connection settings from this file instead of the stage\'s env file' -r -F
complete -c kanban -n "__fish_kanban_using_subcommand rm" -l database-url -d 'Connect with this postgres:// URL or key=value string (wins over every other source)' -r
complete -c kanban -n "__fish_kanban_using_subcommand rm" -s o -l output -d 'Output format: table for people; json, csv (RFC 4180) or tsv for scripts, with a header row in csv and tsv; KANBAN_OUTPUT sets it too' -r -f -a "table\t''
json\t''
csv\t''
tsv\t''"
complete -c kanban -n "__fish_kanban_using_subcommand rm" -l color -d 'When to colour tables: auto colours only a terminal (and honours NO_COLOR)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c kanban -n "__fish_kanban_using_subcommand rm" -s f -l force -d 'Delete tasks In Progress, Done, or stopped with time in work recorded, too'
complete -c kanban -n "__fish_kanban_using_subcommand rm" -s q -l quiet -d 'Print nothing when a change (new, start, stop, resolve, reopen, rename, rm) or init succeeds'
complete -c kanban -n "__fish_kanban_using_subcommand rm" -l no-pager -d 'Never page long tables (tasks, log, board) on a terminal; KANBAN_PAGER or PAGER names the pager (default less with LESS=FRX), empty or cat for none'
complete -c kanban -n "__fish_kanban_using_subcommand rm" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c kanban -n "__fish_kanban_using_subcommand log" -l since -d 'Only changes since WHEN: 30m, 36h, 7d, 2w ago; today, yesterday; YYYY-MM-DD (local midnight); or an RFC 3339 time' -r
complete -c kanban -n "__fish_kanban_using_subcommand log" -l limit -d 'Show at most N changes' -r
complete -c kanban -n "__fish_kanban_using_subcommand log" -l stage -d 'Stage whose settings to use: reads <STAGE>_postgres_config.env' -r
complete -c kanban -n "__fish_kanban_using_subcommand log" -l env-file -d 'Read connection settings from this file instead of the stage\'s env file' -r -F
complete -c kanban -n "__fish_kanban_using_subcommand log" -l database-url -d 'Connect with this postgres:// URL or key=value string (wins over every other source)' -r
complete -c kanban -n "__fish_kanban_using_subcommand log" -s o -l output -d 'Output format: table for people; json, csv (RFC 4180) or tsv for scripts, with a header row in csv and tsv; KANBAN_OUTPUT sets it too' -r -f -a "table\t''
json\t''
csv\t''
tsv\t''"
complete -c kanban -n "__fish_kanban_using_subcommand log" -l color -d 'When to colour tables: auto colours only a terminal (and honours NO_COLOR)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c kanban -n "__fish_kanban_using_subcommand log" -s q -l quiet -d 'Print nothing when a change (new, start, stop, resolve, reopen, rename, rm) or init succeeds'
complete -c kanban -n "__fish_kanban_using_subcommand log" -l no-pager -d 'Never page long tables (tasks, log, board) on a terminal; KANBAN_PAGER or PAGER names the pager (default less with LESS=FRX), empty or cat for none'
complete -c kanban -n "__fish_kanban_using_subcommand log" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c kanban -n "__fish_kanban_using_subcommand tasks" -s s -l status -d 'Only the tasks in this column' -r -f -a "todo\t''
in_progress\t''
done\t''"
complete -c kanban -n "__fish_kanban_using_subcommand tasks" -l grep -d 'Only tasks whose name contains TEXT, ignoring letter case (matched in the database)' -r
complete -c kanban -n "__fish_kanban_using_subcommand tasks" -l sort -d 'Order: board (the default: To Do, In Progress, Done, oldest first in each), name, created, started or finished (tasks without that time last)' -r -f -a "board\t''
name\t''
created\t''
started\t''
finished\t''"
complete -c kanban -n "__fish_kanban_using_subcommand tasks" -l limit -d 'Show at most N tasks' -r
complete -c kanban -n "__fish_kanban_using_subcommand tasks" -l stage -d 'Stage whose settings to use: reads <STAGE>_postgres_config.env' -r
complete -c kanban -n "__fish_kanban_using_subcommand tasks" -l env-file -d 'Read connection settings from this file instead of the stage\'s env file' -r -F
complete -c kanban -n "__fish_kanban_using_subcommand tasks" -l database-url -d 'Connect with this postgres:// URL or key=value string (wins over every other source)' -r
complete -c kanban -n "__fish_kanban_using_subcommand tasks" -s o -l output -d 'Output format: table for people; json, csv (RFC 4180) or tsv for scripts, with a header row in csv and tsv; KANBAN_OUTPUT sets it too' -r -f -a "table\t''
json\t''
csv\t''
tsv\t''"
complete -c kanban -n "__fish_kanban_using_subcommand tasks" -l color -d 'When to colour tables: auto colours only a terminal (and honours NO_COLOR)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c kanban -n "__fish_kanban_using_subcommand tasks" -s r -l reverse -d 'Reverse the order'
complete -c kanban -n "__fish_kanban_using_subcommand tasks" -s q -l quiet -d 'Print nothing when a change (new, start, stop, resolve, reopen, rename, rm) or init succeeds'
complete -c kanban -n "__fish_kanban_using_subcommand tasks" -l no-pager -d 'Never page long tables (tasks, log, board) on a terminal; KANBAN_PAGER or PAGER names the pager (default less with LESS=FRX), empty or cat for none'
complete -c kanban -n "__fish_kanban_using_subcommand tasks" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c kanban -n "__fish_kanban_using_subcommand elapsed" -l stage -d 'Stage whose settings to use: reads <STAGE>_postgres_config.env' -r
complete -c kanban -n "__fish_kanban_using_subcommand elapsed" -l env-file -d 'Read connection settings from this file instead of the stage\'s env file' -r -F
complete -c kanban -n "__fish_kanban_using_subcommand elapsed" -l database-url -d 'Connect with this postgres:// URL or key=value string (wins over every other source)' -r
complete -c kanban -n "__fish_kanban_using_subcommand elapsed" -s o -l output -d 'Output format: table for people; json, csv (RFC 4180) or tsv for scripts, with a header row in csv and tsv; KANBAN_OUTPUT sets it too' -r -f -a "table\t''
json\t''
csv\t''
tsv\t''"
complete -c kanban -n "__fish_kanban_using_subcommand elapsed" -l color -d 'When to colour tables: auto colours only a terminal (and honours NO_COLOR)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c kanban -n "__fish_kanban_using_subcommand elapsed" -s q -l quiet -d 'Print nothing when a change (new, start, stop, resolve, reopen, rename, rm) or init succeeds'
complete -c kanban -n "__fish_kanban_using_subcommand elapsed" -l no-pager -d 'Never page long tables (tasks, log, board) on a terminal; KANBAN_PAGER or PAGER names the pager (default less with LESS=FRX), empty or cat for none'
complete -c kanban -n "__fish_kanban_using_subcommand elapsed" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c kanban -n "__fish_kanban_using_subcommand cost" -l stage -d 'Stage whose settings to use: reads <STAGE>_postgres_config.env' -r
complete -c kanban -n "__fish_kanban_using_subcommand cost" -l env-file -d 'Read connection settings from this file instead of the stage\'s env file' -r -F
complete -c kanban -n "__fish_kanban_using_subcommand cost" -l database-url -d 'Connect with this postgres:// URL or key=value string (wins over every other source)' -r
complete -c kanban -n "__fish_kanban_using_subcommand cost" -s o -l output -d 'Output format: table for people; json, csv (RFC 4180) or tsv for scripts, with a header row in csv and tsv; KANBAN_OUTPUT sets it too' -r -f -a "table\t''
json\t''
csv\t''
tsv\t''"
complete -c kanban -n "__fish_kanban_using_subcommand cost" -l color -d 'When to colour tables: auto colours only a terminal (and honours NO_COLOR)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c kanban -n "__fish_kanban_using_subcommand cost" -s q -l quiet -d 'Print nothing when a change (new, start, stop, resolve, reopen, rename, rm) or init succeeds'
complete -c kanban -n "__fish_kanban_using_subcommand cost" -l no-pager -d 'Never page long tables (tasks, log, board) on a terminal; KANBAN_PAGER or PAGER names the pager (default less with LESS=FRX), empty or cat for none'
complete -c kanban -n "__fish_kanban_using_subcommand cost" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c kanban -n "__fish_kanban_using_subcommand report" -l since -d 'Start of the window (default: this week\'s Monday, 00:00 local time)' -r
complete -c kanban -n "__fish_kanban_using_subcommand report" -l until -d 'End of the window, not included (default: now)' -r
complete -c kanban -n "__fish_kanban_using_subcommand report" -l by -d 'One row per task, local day, ISO week, month, or actor (who started the work)' -r -f -a "task\t''
day\t''
week\t''
month\t''
actor\t''"
complete -c kanban -n "__fish_kanban_using_subcommand report" -s s -l status -d 'Only the work of tasks now in these columns (repeat it, or separate with commas)' -r -f -a "todo\t''
in_progress\t''
done\t''"
complete -c kanban -n "__fish_kanban_using_subcommand report" -l round -d 'Bill each row\'s work time in whole steps of DURATION (6m, 15m, 30m, 1h) before pricing it; the actual time is shown beside the billed time' -r
complete -c kanban -n "__fish_kanban_using_subcommand report" -l rounding -d 'Which way --round goes' -r -f -a "up\t''
nearest\t''
down\t''"
complete -c kanban -n "__fish_kanban_using_subcommand report" -l tz -d 'The time zone of days, weeks, months and dates: a name like Europe/Berlin, or an offset like +05:30 (east of UTC)' -r
complete -c kanban -n "__fish_kanban_using_subcommand report" -l stage -d 'Stage whose settings to use: reads <STAGE>_postgres_config.env' -r
complete -c kanban -n "__fish_kanban_using_subcommand report" -l env-file -d 'Read connection settings from this file instead of the stage\'s env file' -r -F
complete -c kanban -n "__fish_kanban_using_subcommand report" -l database-url -d 'Connect with this postgres:// URL or key=value string (wins over every other source)' -r
complete -c kanban -n "__fish_kanban_using_subcommand report" -s o -l output -d 'Output format: table for people; json, csv (RFC 4180) or tsv for scripts, with a header row in csv and tsv; KANBAN_OUTPUT sets it too' -r -f -a "table\t''
json\t''
csv\t''
tsv\t''"
complete -c kanban -n "__fish_kanban_using_subcommand report" -l color -d 'When to colour tables: auto colours only a terminal (and honours NO_COLOR)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c kanban -n "__fish_kanban_using_subcommand report" -s q -l quiet -d 'Print nothing when a change (new, start, stop, resolve, reopen, rename, rm) or init succeeds'
complete -c kanban -n "__fish_kanban_using_subcommand report" -l no-pager -d 'Never page long tables (tasks, log, board) on a terminal; KANBAN_PAGER or PAGER names the pager (default less with LESS=FRX), empty or cat for none'
complete -c kanban -n "__fish_kanban_using_subcommand report" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c kanban -n "__fish_kanban_using_subcommand init" -l stage -d 'Stage whose settings to use: reads <STAGE>_postgres_config.env' -r
complete -c kanban -n "__fish_kanban_using_subcommand init" -l env-file -d 'Read connection settings from this file instead of the stage\'s env file' -r -F
complete -c kanban -n "__fish_kanban_using_subcommand init" -l database-url -d 'Connect with this postgres:// URL or key=value string (wins over every other source)' -r
complete -c kanban -n "__fish_kanban_using_subcommand init" -s o -l output -d 'Output format: table for people; json, csv (RFC 4180) or tsv for scripts, with a header row in csv and tsv; KANBAN_OUTPUT sets it too' -r -f -a "table\t''
json\t''
csv\t''
tsv\t''"
complete -c kanban -n "__fish_kanban_using_subcommand init" -l color -d 'When to colour tables: auto colours only a terminal (and honours NO_COLOR)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c kanban -n "__fish_kanban_using_subcommand init" -l dry-run -d 'Show the steps that would be applied, and change nothing'
complete -c kanban -n "__fish_kanban_using_subcommand init" -s q -l quiet -d 'Print nothing when a change (new, start, stop, resolve, reopen, rename, rm) or init succeeds'
complete -c kanban -n "__fish_kanban_using_subcommand init" -l no-pager -d 'Never page long tables (tasks, log, board) on a terminal; KANBAN_PAGER or PAGER names the pager (default less with LESS=FRX), empty or cat for none'
complete -c kanban -n "__fish_kanban_using_subcommand init" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c kanban -n "__fish_kanban_using_subcommand board" -l limit -d 'Show at most this many tasks per column' -r
complete -c kanban -n "__fish_kanban_using_subcommand board" -l watch-mode -d 'How --watch learns of changes: listen (LISTEN/NOTIFY), poll (a change counter once a second, for transaction-pooling PgBouncer), or auto (listen unless pooling is detected)' -r -f -a "auto\t''
listen\t''
poll\t''"
complete -c kanban -n "__fish_kanban_using_subcommand board" -l stage -d 'Stage whose settings to use: reads <STAGE>_postgres_config.env' -r
complete -c kanban -n "__fish_kanban_using_subcommand board" -l env-file -d 'Read connection settings from this file instead of the stage\'s env file' -r -F
complete -c kanban -n "__fish_kanban_using_subcommand board" -l database-url -d 'Connect with this postgres:// URL or key=value string (wins over every other source)' -r
complete -c kanban -n "__fish_kanban_using_subcommand board" -s o -l output -d 'Output format: table for people; json, csv (RFC 4180) or tsv for scripts, with a header row in csv and tsv; KANBAN_OUTPUT sets it too' -r -f -a "table\t''
json\t''
csv\t''
tsv\t''"
complete -c kanban -n "__fish_kanban_using_subcommand board" -l color -d 'When to colour tables: auto colours only a terminal (and honours NO_COLOR)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c kanban -n "__fish_kanban_using_subcommand board" -s w -l watch -d 'Stay on screen and redraw as the board changes (q or Ctrl-C quits)'
complete -c kanban -n "__fish_kanban_using_subcommand board" -s q -l quiet -d 'Print nothing when a change (new, start, stop, resolve, reopen, rename, rm) or init succeeds'
complete -c kanban -n "__fish_kanban_using_subcommand board" -l no-pager -d 'Never page long tables (tasks, log, board) on a terminal; KANBAN_PAGER or PAGER names the pager (default less with LESS=FRX), empty or cat for none'
complete -c kanban -n "__fish_kanban_using_subcommand board" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c kanban -n "__fish_kanban_using_subcommand doctor" -l stage -d 'Stage whose settings to use: reads <STAGE>_postgres_config.env' -r
complete -c kanban -n "__fish_kanban_using_subcommand doctor" -l env-file -d 'Read connection settings from this file instead of the stage\'s env file' -r -F
complete -c kanban -n "__fish_kanban_using_subcommand doctor" -l database-url -d 'Connect with this postgres:// URL or key=value string (wins over every other source)' -r
complete -c kanban -n "__fish_kanban_using_subcommand doctor" -s o -l output -d 'Output format: table for people; json, csv (RFC 4180) or tsv for scripts, with a header row in csv and tsv; KANBAN_OUTPUT sets it too' -r -f -a "table\t''
json\t''
csv\t''
tsv\t''"
complete -c kanban -n "__fish_kanban_using_subcommand doctor" -l color -d 'When to colour tables: auto colours only a terminal (and honours NO_COLOR)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c kanban -n "__fish_kanban_using_subcommand doctor" -l read-only -d 'Only reading is needed: a role or database that may not change tasks passes'
complete -c kanban -n "__fish_kanban_using_subcommand doctor" -s q -l quiet -d 'Print nothing when a change (new, start, stop, resolve, reopen, rename, rm) or init succeeds'
complete -c kanban -n "__fish_kanban_using_subcommand doctor" -l no-pager -d 'Never page long tables (tasks, log, board) on a terminal; KANBAN_PAGER or PAGER names the pager (default less with LESS=FRX), empty or cat for none'
complete -c kanban -n "__fish_kanban_using_subcommand doctor" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c kanban -n "__fish_kanban_using_subcommand grant" -l stage -d 'Stage whose settings to use: reads <STAGE>_postgres_config.env' -r
complete -c kanban -n "__fish_kanban_using_subcommand grant" -l env-file -d 'Read connection settings from this file instead of the stage\'s env file' -r -F
complete -c kanban -n "__fish_kanban_using_subcommand grant" -l database-url -d 'Connect with this postgres:// URL or key=value string (wins over every other source)' -r
complete -c kanban -n "__fish_kanban_using_subcommand grant" -s o -l output -d 'Output format: table for people; json, csv (RFC 4180) or tsv for scripts, with a header row in csv and tsv; KANBAN_OUTPUT sets it too' -r -f -a "table\t''
json\t''
csv\t''
tsv\t''"
complete -c kanban -n "__fish_kanban_using_subcommand grant" -l color -d 'When to colour tables: auto colours only a terminal (and honours NO_COLOR)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c kanban -n "__fish_kanban_using_subcommand grant" -l read -d 'Reading only'
complete -c kanban -n "__fish_kanban_using_subcommand grant" -l write -d 'Reading and changing tasks'
complete -c kanban -n "__fish_kanban_using_subcommand grant" -s q -l quiet -d 'Print nothing when a change (new, start, stop, resolve, reopen, rename, rm) or init succeeds'
complete -c kanban -n "__fish_kanban_using_subcommand grant" -l no-pager -d 'Never page long tables (tasks, log, board) on a terminal; KANBAN_PAGER or PAGER names the pager (default less with LESS=FRX), empty or cat for none'
complete -c kanban -n "__fish_kanban_using_subcommand grant" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c kanban -n "__fish_kanban_using_subcommand man" -l stage -d 'Stage whose settings to use: reads <STAGE>_postgres_config.env' -r
complete -c kanban -n "__fish_kanban_using_subcommand man" -l env-file -d 'Read connection settings from this file instead of the stage\'s env file' -r -F
complete -c kanban -n "__fish_kanban_using_subcommand man" -l database-url -d 'Connect with this postgres:// URL or key=value string (wins over every other source)' -r
complete -c kanban -n "__fish_kanban_using_subcommand man" -s o -l output -d 'Output format: table for people; json, csv (RFC 4180) or tsv for scripts, with a header row in csv and tsv; KANBAN_OUTPUT sets it too' -r -f -a "table\t''
json\t''
csv\t''
tsv\t''"
complete -c kanban -n "__fish_kanban_using_subcommand man" -l color -d 'When to colour tables: auto colours only a terminal (and honours NO_COLOR)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c kanban -n "__fish_kanban_using_subcommand man" -s q -l quiet -d 'Print nothing when a change (new, start, stop, resolve, reopen, rename, rm) or init succeeds'
complete -c kanban -n "__fish_kanban_using_subcommand man" -l no-pager -d 'Never page long tables (tasks, log, board) on a terminal; KANBAN_PAGER or PAGER names the pager (default less with LESS=FRX), empty or cat for none'
complete -c kanban -n "__fish_kanban_using_subcommand man" -s h -l help -d 'Print help'
complete -c kanban -n "__fish_kanban_using_subcommand completions" -l stage -d 'Stage whose settings to use: reads <STAGE>_postgres_config.env' -r
complete -c kanban -n "__fish_kanban_using_subcommand completions" -l env-file -d 'Read connection settings from this file instead of the stage\'s env file' -r -F
complete -c kanban -n "__fish_kanban_using_subcommand completions" -l database-url -d 'Connect with this postgres:// URL or key=value string (wins over every other source)' -r
complete -c kanban -n "__fish_kanban_using_subcommand completions" -s o -l output -d 'Output format: table for people; json, csv (RFC 4180) or tsv for scripts, with a header row in csv and tsv; KANBAN_OUTPUT sets it too' -r -f -a "table\t''
json\t''
csv\t''
tsv\t''"
complete -c kanban -n "__fish_kanban_using_subcommand completions" -l color -d 'When to colour tables: auto colours only a terminal (and honours NO_COLOR)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c kanban -n "__fish_kanban_using_subcommand completions" -s q -l quiet -d 'Print nothing when a change (new, start, stop, resolve, reopen, rename, rm) or init succeeds'
complete -c kanban -n "__fish_kanban_using_subcommand completions" -l no-pager -d 'Never page long tables (tasks, log, board) on a terminal; KANBAN_PAGER or PAGER names the pager (default less with LESS=FRX), empty or cat for none'
complete -c kanban -n "__fish_kanban_using_subcommand completions" -s h -l help -d 'Print help'
complete -c kanban -n "__fish_kanban_using_subcommand help; and not __fish_seen_subcommand_from new start resolve stop reopen rename rm log tasks elapsed cost report init board doctor grant man completions help" -f -a "new" -d 'Add tasks to To Do'
complete -c kanban -n "__fish_kanban_using_subcommand help; and not __fish_seen_subcommand_from new start resolve stop reopen rename rm log tasks elapsed cost report init board doctor grant man completions help" -f -a "start" -d 'Move tasks from To Do to In Progress, starting their timers'
complete -c kanban -n "__fish_kanban_using_subcommand help; and not __fish_seen_subcommand_from new start resolve stop reopen rename rm log tasks elapsed cost report init board doctor grant man completions help" -f -a "resolve" -d 'Move tasks from In Progress to Done, fixing their cost'
complete -c kanban -n "__fish_kanban_using_subcommand help; and not __fish_seen_subcommand_from new start resolve stop reopen rename rm log tasks elapsed cost report init board doctor grant man completions help" -f -a "stop" -d 'Move tasks from In Progress back to To Do, pausing their timers (alias: pause)'
complete -c kanban -n "__fish_kanban_using_subcommand help; and not __fish_seen_subcommand_from new start resolve stop reopen rename rm log tasks elapsed cost report init board doctor grant man completions help" -f -a "reopen" -d 'Move tasks from Done back to In Progress'
complete -c kanban -n "__fish_kanban_using_subcommand help; and not __fish_seen_subcommand_from new start resolve stop reopen rename rm log tasks elapsed cost report init board doctor grant man completions help" -f -a "rename" -d 'Give a task a new name; its sessions and history follow it'
complete -c kanban -n "__fish_kanban_using_subcommand help; and not __fish_seen_subcommand_from new start resolve stop reopen rename rm log tasks elapsed cost report init board doctor grant man completions help" -f -a "rm" -d 'Delete tasks, all or none (alias: remove)'
complete -c kanban -n "__fish_kanban_using_subcommand help; and not __fish_seen_subcommand_from new start resolve stop reopen rename rm log tasks elapsed cost report init board doctor grant man completions help" -f -a "log" -d 'Show the history of changes, newest first'
complete -c kanban -n "__fish_kanban_using_subcommand help; and not __fish_seen_subcommand_from new start resolve stop reopen rename rm log tasks elapsed cost report init board doctor grant man completions help" -f -a "tasks" -d 'List tasks: a table, or JSON, CSV or TSV with --output'
complete -c kanban -n "__fish_kanban_using_subcommand help; and not __fish_seen_subcommand_from new start resolve stop reopen rename rm log tasks elapsed cost report init board doctor grant man completions help" -f -a "elapsed" -d 'Print a task\'s time in work as HH:MM:SS'
complete -c kanban -n "__fish_kanban_using_subcommand help; and not __fish_seen_subcommand_from new start resolve stop reopen rename rm log tasks elapsed cost report init board doctor grant man completions help" -f -a "cost" -d 'Print a done task\'s cost as $D.CC'
complete -c kanban -n "__fish_kanban_using_subcommand help; and not __fish_seen_subcommand_from new start resolve stop reopen rename rm log tasks elapsed cost report init board doctor grant man completions help" -f -a "report" -d 'Time and money over a period, by task, day, week, month or actor'
complete -c kanban -n "__fish_kanban_using_subcommand help; and not __fish_seen_subcommand_from new start resolve stop reopen rename rm log tasks elapsed cost report init board doctor grant man completions help" -f -a "init" -d 'Create or upgrade the schema in the stage\'s database'
complete -c kanban -n "__fish_kanban_using_subcommand help; and not __fish_seen_subcommand_from new start resolve stop reopen rename rm log tasks elapsed cost report init board doctor grant man completions help" -f -a "board" -d 'Show the board: To Do, In Progress and Done side by side'
complete -c kanban -n "__fish_kanban_using_subcommand help; and not __fish_seen_subcommand_from new start resolve stop reopen rename rm log tasks elapsed cost report init board doctor grant man completions help" -f -a "doctor" -d 'Check the settings, the connection, the schema and this user\'s rights'
complete -c kanban -n "__fish_kanban_using_subcommand help; and not __fish_seen_subcommand_from new start resolve stop reopen rename rm log tasks elapsed cost report init board doctor grant man completions help" -f -a "grant" -d 'Let a role read the board, or change it too (run as the kanban_task table\'s owner)'
complete -c kanban -n "__fish_kanban_using_subcommand help; and not __fish_seen_subcommand_from new start resolve stop reopen rename rm log tasks elapsed cost report init board doctor grant man completions help" -f -a "man" -d 'Print the manual page (roff)'
complete -c kanban -n "__fish_kanban_using_subcommand help; and not __fish_seen_subcommand_from new start resolve stop reopen rename rm log tasks elapsed cost report init board doctor grant man completions help" -f -a "completions" -d 'Print a shell completion script'
complete -c kanban -n "__fish_kanban_using_subcommand help; and not __fish_seen_subcommand_from new start resolve stop reopen rename rm log tasks elapsed cost report init board doctor grant man completions help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
