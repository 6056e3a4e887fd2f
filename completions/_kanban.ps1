
using namespace System.Management.Automation
using namespace System.Management.Automation.Language

Register-ArgumentCompleter -Native -CommandName 'kanban' -ScriptBlock {
    param($wordToComplete, $commandAst, $cursorPosition)

    $commandElements = $commandAst.CommandElements
    $command = @(
        'kanban'
        for ($i = 1; $i -lt $commandElements.Count; $i++) {
            $element = $commandElements[$i]
            if ($element -isnot [StringConstantExpressionAst] -or
                $element.StringConstantType -ne [StringConstantType]::BareWord -or
                $element.Value.StartsWith('-') -or
                $element.Value -eq $wordToComplete) {
                break
        }
        $element.Value
    }) -join ';'

    $completions = @(switch ($command) {
        'kanban' {
            [CompletionResult]::new('--stage', '--stage', [CompletionResultType]::ParameterName, 'Stage whose settings to use: reads <STAGE>_postgres_config.env')
            [CompletionResult]::new('--env-file', '--env-file', [CompletionResultType]::ParameterName, 'Read connection settings from this file instead of the stage''s env file')
            [CompletionResult]::new('--database-url', '--database-url', [CompletionResultType]::ParameterName, 'Connect with this postgres:// URL or key=value string (wins over every other source)')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format: table for people; json, csv (RFC 4180) or tsv for scripts, with a header row in csv and tsv; KANBAN_OUTPUT sets it too')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format: table for people; json, csv (RFC 4180) or tsv for scripts, with a header row in csv and tsv; KANBAN_OUTPUT sets it too')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to colour tables: auto colours only a terminal (and honours NO_COLOR)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print nothing when a change (new, start, stop, resolve, reopen, rename, rm) or init succeeds')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print nothing when a change (new, start, stop, resolve, reopen, rename, rm) or init succeeds')
            [CompletionResult]::new('--no-pager', '--no-pager', [CompletionResultType]::ParameterName, 'Never page long tables (tasks, log, board) on a terminal; KANBAN_PAGER or PAGER names the pager (default less with LESS=FRX), empty or cat for none')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('new', 'new', [CompletionResultType]::ParameterValue, 'Add tasks to To Do')
            [CompletionResult]::new('start', 'start', [CompletionResultType]::ParameterValue, 'Move tasks from To Do to In Progress, starting their timers')
            [CompletionResult]::new('resolve', 'resolve', [CompletionResultType]::ParameterValue, 'Move tasks from In Progress to Done, fixing their cost')
            [CompletionResult]::new('stop', 'stop', [CompletionResultType]::ParameterValue, 'Move tasks from In Progress back to To Do, pausing their timers (alias: pause)')
            [CompletionResult]::new('reopen', 'reopen', [CompletionResultType]::ParameterValue, 'Move tasks from Done back to In Progress')
            [CompletionResult]::new('rename', 'rename', [CompletionResultType]::ParameterValue, 'Give a task a new name; its sessions and history follow it')
            [CompletionResult]::new('rm', 'rm', [CompletionResultType]::ParameterValue, 'Delete tasks, all or none (alias: remove)')
            [CompletionResult]::new('log', 'log', [CompletionResultType]::ParameterValue, 'Show the history of changes, newest first')
            [CompletionResult]::new('tasks', 'tasks', [CompletionResultType]::ParameterValue, 'List tasks: a table, or JSON, CSV or TSV with --output')
            [CompletionResult]::new('elapsed', 'elapsed', [CompletionResultType]::ParameterValue, 'Print a task''s time in work as HH:MM:SS')
            [CompletionResult]::new('cost', 'cost', [CompletionResultType]::ParameterValue, 'Print a done task''s cost as $D.CC')
            [CompletionResult]::new('report', 'report', [CompletionResultType]::ParameterValue, 'Time and money over a period, by task, day, week, month or actor')
            [CompletionResult]::new('init', 'init', [CompletionResultType]::ParameterValue, 'Create or upgrade the schema in the stage''s database')
            [CompletionResult]::new('board', 'board', [CompletionResultType]::ParameterValue, 'Show the board: To Do, In Progress and Done side by side')
            [CompletionResult]::new('doctor', 'doctor', [CompletionResultType]::ParameterValue, 'Check the settings, the connection, the schema and this user''s rights')
            [CompletionResult]::new('grant', 'grant', [CompletionResultType]::ParameterValue, 'Let a role read the board, or change it too (run as the kanban_task table''s owner)')
            [CompletionResult]::new('man', 'man', [CompletionResultType]::ParameterValue, 'Print the manual page (roff)')
            [CompletionResult]::new('completions', 'completions', [CompletionResultType]::ParameterValue, 'Print a shell completion script')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'kanban;new' {
            [CompletionResult]::new('--stage', '--stage', [CompletionResultType]::ParameterName, 'Stage whose settings to use: reads <STAGE>_postgres_config.env')
            [CompletionResult]::new('--env-file', '--env-file', [CompletionResultType]::ParameterName, 'Read connection settings from this file instead of the stage''s env file')
            [CompletionResult]::new('--database-url', '--database-url', [CompletionResultType]::ParameterName, 'Connect with this postgres:// URL or key=value string (wins over every other source)')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format: table for people; json, csv (RFC 4180) or tsv for scripts, with a header row in csv and tsv; KANBAN_OUTPUT sets it too')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format: table for people; json, csv (RFC 4180) or tsv for scripts, with a header row in csv and tsv; KANBAN_OUTPUT sets it too')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to colour tables: auto colours only a terminal (and honours NO_COLOR)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print nothing when a change (new, start, stop, resolve, reopen, rename, rm) or init succeeds')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print nothing when a change (new, start, stop, resolve, reopen, rename, rm) or init succeeds')
            [CompletionResult]::new('--no-pager', '--no-pager', [CompletionResultType]::ParameterName, 'Never page long tables (tasks, log, board) on a terminal; KANBAN_PAGER or PAGER names the pager (default less with LESS=FRX), empty or cat for none')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'kanban;start' {
            [CompletionResult]::new('--stage', '--stage', [CompletionResultType]::ParameterName, 'Stage whose settings to use: reads <STAGE>_postgres_config.env')
            [CompletionResult]::new('--env-file', '--env-file', [CompletionResultType]::ParameterName, 'Read connection settings from this file instead of the stage''s env file')
            [CompletionResult]::new('--database-url', '--database-url', [CompletionResultType]::ParameterName, 'Connect with this postgres:// URL or key=value string (wins over every other source)')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format: table for people; json, csv (RFC 4180) or tsv for scripts, with a header row in csv and tsv; KANBAN_OUTPUT sets it too')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format: table for people; json, csv (RFC 4180) or tsv for scripts, with a header row in csv and tsv; KANBAN_OUTPUT sets it too')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to colour tables: auto colours only a terminal (and honours NO_COLOR)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print nothing when a change (new, start, stop, resolve, reopen, rename, rm) or init succeeds')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print nothing when a change (new, start, stop, resolve, reopen, rename, rm) or init succeeds')
            [CompletionResult]::new('--no-pager', '--no-pager', [CompletionResultType]::ParameterName, 'Never page long tables (tasks, log, board) on a terminal; KANBAN_PAGER or PAGER names the pager (default less with LESS=FRX), empty or cat for none')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'kanban;resolve' {
            [CompletionResult]::new('--stage', '--stage', [CompletionResultType]::ParameterName, 'Stage whose settings to use: reads <STAGE>_postgres_config.env')
            [CompletionResult]::new('--env-file', '--env-file', [CompletionResultType]::ParameterName, 'Read connection settings from this file instead of the stage''s env file')
            [CompletionResult]::new('--database-url', '--database-url', [CompletionResultType]::ParameterName, 'Connect with this postgres:// URL or key=value string (wins over every other source)')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format: table for people; json, csv (RFC 4180) or tsv for scripts, with a header row in csv and tsv; KANBAN_OUTPUT sets it too')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format: table for people; json, csv (RFC 4180) or tsv for scripts, with a header row in csv and tsv; KANBAN_OUTPUT sets it too')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to colour tables: auto colours only a terminal (and honours NO_COLOR)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print nothing when a change (new, start, stop, resolve, reopen, rename, rm) or init succeeds')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print nothing when a change (new, start, stop, resolve, reopen, rename, rm) or init succeeds')
            [CompletionResult]::new('--no-pager', '--no-pager', [CompletionResultType]::ParameterName, 'Never page long tables (tasks, log, board) on a terminal; KANBAN_PAGER or PAGER names the pager (default less with LESS=FRX), empty or cat for none')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'kanban;stop' {
            [CompletionResult]::new('--stage', '--stage', [CompletionResultType]::ParameterName, 'Stage whose settings to use: reads <STAGE>_postgres_config.env')
            [CompletionResult]::new('--env-file', '--env-file', [CompletionResultType]::ParameterName, 'Read connection settings from this file instead of the stage''s env file')
            [CompletionResult]::new('--database-url', '--database-url', [CompletionResultType]::ParameterName, 'Connect with this postgres:// URL or key=value string (wins over every other source)')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format: table for people; json, csv (RFC 4180) or tsv for scripts, with a header row in csv and tsv; KANBAN_OUTPUT sets it too')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format: table for people; json, csv (RFC 4180) or tsv for scripts, with a header row in csv and tsv; KANBAN_OUTPUT sets it too')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to colour tables: auto colours only a terminal (and honours NO_COLOR)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print nothing when a change (new, start, stop, resolve, reopen, rename, rm) or init succeeds')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print nothing when a change (new, start, stop, resolve, reopen, rename, rm) or init succeeds')
            [CompletionResult]::new('--no-pager', '--no-pager', [CompletionResultType]::ParameterName, 'Never page long tables (tasks, log, board) on a terminal; KANBAN_PAGER or PAGER names the pager (default less with LESS=FRX), empty or cat for none')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'kanban;reopen' {
            [CompletionResult]::new('--stage', '--stage', [CompletionResultType]::ParameterName, 'Stage whose settings to use: reads <STAGE>_postgres_config.env')
            [CompletionResult]::new('--env-file', '--env-file', [CompletionResultType]::ParameterName, 'Read connection settings from this file instead of the stage''s env file')
            [CompletionResult]::new('--database-url', '--database-url', [CompletionResultType]::ParameterName, 'Connect with this postgres:// URL or key=value string (wins over every other source)')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format: table for people; json, csv (RFC 4180) or tsv for scripts, with a header row in csv and tsv; KANBAN_OUTPUT sets it too')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format: table for people; json, csv (RFC 4180) or tsv for scripts, with a header row in csv and tsv; KANBAN_OUTPUT sets it too')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to colour tables: auto colours only a terminal (and honours NO_COLOR)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print nothing when a change (new, start, stop, resolve, reopen, rename, rm) or init succeeds')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print nothing when a change (new, start, stop, resolve, reopen, rename, rm) or init succeeds')
            [CompletionResult]::new('--no-pager', '--no-pager', [CompletionResultType]::ParameterName, 'Never page long tables (tasks, log, board) on a terminal; KANBAN_PAGER or PAGER names the pager (default less with LESS=FRX), empty or cat for none')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'kanban;rename' {
            [CompletionResult]::new('--stage', '--stage', [CompletionResultType]::ParameterName, 'Stage whose settings to use: reads <STAGE>_postgres_config.env')
            [CompletionResult]::new('--env-file', '--env-file', [CompletionResultType]::ParameterName, 'Read connection settings from this file instead of the stage''s env file')
            [CompletionResult]::new('--database-url', '--database-url', [CompletionResultType]::ParameterName, 'Connect with this postgres:// URL or key=value string (wins over every other source)')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format: table for people; json, csv (RFC 4180) or tsv for scripts, with a header row in csv and tsv; KANBAN_OUTPUT sets it too')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format: table for people; json, csv (RFC 4180) or tsv for scripts, with a header row in csv and tsv; KANBAN_OUTPUT sets it too')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to colour tables: auto colours only a terminal (and honours NO_COLOR)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print nothing when a change (new, start, stop, resolve, reopen, rename, rm) or init succeeds')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print nothing when a change (new, start, stop, resolve, reopen, rename, rm) or init succeeds')
            [CompletionResult]::new('--no-pager', '--no-pager', [CompletionResultType]::ParameterName, 'Never page long tables (tasks, log, board) on a terminal; KANBAN_PAGER or PAGER names the pager (default less with LESS=FRX), empty or cat for none')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'kanban;rm' {
            [CompletionResult]::new('--stage', '--stage', [CompletionResultType]::ParameterName, 'Stage whose settings to use: reads <STAGE>_postgres_config.env')
            [CompletionResult]::new('--env-file', '--env-file', [CompletionResultType]::ParameterName, 'Read connection settings from this file instead of the stage''s env file')
            [CompletionResult]::new('--database-url', '--database-url', [CompletionResultType]::ParameterName, 'Connect with this postgres:// URL or key=value string (wins over every other source)')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format: table for people; json, csv (RFC 4180) or tsv for scripts, with a header row in csv and tsv; KANBAN_OUTPUT sets it too')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format: table for people; json, csv (RFC 4180) or tsv for scripts, with a header row in csv and tsv; KANBAN_OUTPUT sets it too')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to colour tables: auto colours only a terminal (and honours NO_COLOR)')
            [CompletionResult]::new('-f', '-f', [CompletionResultType]::ParameterName, 'Delete tasks In Progress, Done, or stopped with time in work recorded, too')
            [CompletionResult]::new('--force', '--force', [CompletionResultType]::ParameterName, 'Delete tasks In Progress, Done, or stopped with time in work recorded, too')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print nothing when a change (new, start, stop, resolve, reopen, rename, rm) or init succeeds')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print nothing when a change (new, start, stop, resolve, reopen, rename, rm) or init succeeds')
            [CompletionResult]::new('--no-pager', '--no-pager', [CompletionResultType]::ParameterName, 'Never page long tables (tasks, log, board) on a terminal; KANBAN_PAGER or PAGER names the pager (default less with LESS=FRX), empty or cat for none')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'kanban;log' {
            [CompletionResult]::new('--since', '--since', [CompletionResultType]::ParameterName, 'Only changes since WHEN: 30m, 36h, 7d, 2w ago; today, yesterday; YYYY-MM-DD (local midnight); or an RFC 3339 time')
            [CompletionResult]::new('--limit', '--limit', [CompletionResultType]::ParameterName, 'Show at most N changes')
            [CompletionResult]::new('--stage', '--stage', [CompletionResultType]::ParameterName, 'Stage whose settings to use: reads <STAGE>_postgres_config.env')
            [CompletionResult]::new('--env-file', '--env-file', [CompletionResultType]::ParameterName, 'Read connection settings from this file instead of the stage''s env file')
            [CompletionResult]::new('--database-url', '--database-url', [CompletionResultType]::ParameterName, 'Connect with this postgres:// URL or key=value string (wins over every other source)')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format: table for people; json, csv (RFC 4180) or tsv for scripts, with a header row in csv and tsv; KANBAN_OUTPUT sets it too')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format: table for people; json, csv (RFC 4180) or tsv for scripts, with a header row in csv and tsv; KANBAN_OUTPUT sets it too')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to colour tables: auto colours only a terminal (and honours NO_COLOR)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print nothing when a change (new, start, stop, resolve, reopen, rename, rm) or init succeeds')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print nothing when a change (new, start, stop, resolve, reopen, rename, rm) or init succeeds')
            [CompletionResult]::new('--no-pager', '--no-pager', [CompletionResultType]::ParameterName, 'Never page long tables (tasks, log, board) on a terminal; KANBAN_PAGER or PAGER names the pager (default less with LESS=FRX), empty or cat for none')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'kanban;tasks' {
            [CompletionResult]::new('-s', '-s', [CompletionResultType]::ParameterName, 'Only the tasks in this column')
            [CompletionResult]::new('--status', '--status', [CompletionResultType]::ParameterName, 'Only the tasks in this column')
            [CompletionResult]::new('--grep', '--grep', [CompletionResultType]::ParameterName, 'Only tasks whose name contains TEXT, ignoring letter case (matched in the database)')
            [CompletionResult]::new('--sort', '--sort', [CompletionResultType]::ParameterName, 'Order: board (the default: To Do, In Progress, Done, oldest first in each), name, created, started or finished (tasks without that time last)')
            [CompletionResult]::new('--limit', '--limit', [CompletionResultType]::ParameterName, 'Show at most N tasks')
            [CompletionResult]::new('--stage', '--stage', [CompletionResultType]::ParameterName, 'Stage whose settings to use: reads <STAGE>_postgres_config.env')
            [CompletionResult]::new('--env-file', '--env-file', [CompletionResultType]::ParameterName, 'Read connection settings from this file instead of the stage''s env file')
            [CompletionResult]::new('--database-url', '--database-url', [CompletionResultType]::ParameterName, 'Connect with this postgres:// URL or key=value string (wins over every other source)')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format: table for people; json, csv (RFC 4180) or tsv for scripts, with a header row in csv and tsv; KANBAN_OUTPUT sets it too')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format: table for people; json, csv (RFC 4180) or tsv for scripts, with a header row in csv and tsv; KANBAN_OUTPUT sets it too')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to colour tables: auto colours only a terminal (and honours NO_COLOR)')
            [CompletionResult]::new('-r', '-r', [CompletionResultType]::ParameterName, 'Reverse the order')
            [CompletionResult]::new('--reverse', '--reverse', [CompletionResultType]::ParameterName, 'Reverse the order')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print nothing when a change (new, start, stop, resolve, reopen, rename, rm) or init succeeds')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print nothing when a change (new, start, stop, resolve, reopen, rename, rm) or init succeeds')
            [CompletionResult]::new('--no-pager', '--no-pager', [CompletionResultType]::ParameterName, 'Never page long tables (tasks, log, board) on a terminal; KANBAN_PAGER or PAGER names the pager (default less with LESS=FRX), empty or cat for none')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'kanban;elapsed' {
            [CompletionResult]::new('--stage', '--stage', [CompletionResultType]::ParameterName, 'Stage whose settings to use: reads <STAGE>_postgres_config.env')
            [CompletionResult]::new('--env-file', '--env-file', [CompletionResultType]::ParameterName, 'Read connection settings from this file instead of the stage''s env file')
            [CompletionResult]::new('--database-url', '--database-url', [CompletionResultType]::ParameterName, 'Connect with this postgres:// URL or key=value string (wins over every other source)')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format: table for people; json, csv (RFC 4180) or tsv for scripts, with a header row in csv and tsv; KANBAN_OUTPUT sets it too')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format: table for people; json, csv (RFC 4180) or tsv for scripts, with a header row in csv and tsv; KANBAN_OUTPUT sets it too')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to colour tables: auto colours only a terminal (and honours NO_COLOR)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print nothing when a change (new, start, stop, resolve, reopen, rename, rm) or init succeeds')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print nothing when a change (new, start, stop, resolve, reopen, rename, rm) or init succeeds')
            [CompletionResult]::new('--no-pager', '--no-pager', [CompletionResultType]::ParameterName, 'Never page long tables (tasks, log, board) on a terminal; KANBAN_PAGER or PAGER names the pager (default less with LESS=FRX), empty or cat for none')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'kanban;cost' {
            [CompletionResult]::new('--stage', '--stage', [CompletionResultType]::ParameterName, 'Stage whose settings to use: reads <STAGE>_postgres_config.env')
            [CompletionResult]::new('--env-file', '--env-file', [CompletionResultType]::ParameterName, 'Read connection settings from this file instead of the stage''s env file')
            [CompletionResult]::new('--database-url', '--database-url', [CompletionResultType]::ParameterName, 'Connect with this postgres:// URL or key=value string (wins over every other source)')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format: table for people; json, csv (RFC 4180) or tsv for scripts, with a header row in csv and tsv; KANBAN_OUTPUT sets it too')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format: table for people; json, csv (RFC 4180) or tsv for scripts, with a header row in csv and tsv; KANBAN_OUTPUT sets it too')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to colour tables: auto colours only a terminal (and honours NO_COLOR)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print nothing when a change (new, start, stop, resolve, reopen, rename, rm) or init succeeds')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print nothing when a change (new, start, stop, resolve, reopen, rename, rm) or init succeeds')
            [CompletionResult]::new('--no-pager', '--no-pager', [CompletionResultType]::ParameterName, 'Never page long tables (tasks, log, board) on a terminal; KANBAN_PAGER or PAGER names the pager (default less with LESS=FRX), empty or cat for none')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'kanban;report' {
            [CompletionResult]::new('--since', '--since', [CompletionResultType]::ParameterName, 'Start of the window (default: this week''s Monday, 00:00 local time)')
            [CompletionResult]::new('--until', '--until', [CompletionResultType]::ParameterName, 'End of the window, not included (default: now)')
            [CompletionResult]::new('--by', '--by', [CompletionResultType]::ParameterName, 'One row per task, local day, ISO week, month, or actor (who started the work)')
            [CompletionResult]::new('-s', '-s', [CompletionResultType]::ParameterName, 'Only the work of tasks now in these columns (repeat it, or separate with commas)')
            [CompletionResult]::new('--status', '--status', [CompletionResultType]::ParameterName, 'Only the work of tasks now in these columns (repeat it, or separate with commas)')
            [CompletionResult]::new('--round', '--round', [CompletionResultType]::ParameterName, 'Bill each row''s work time in whole steps of DURATION (6m, 15m, 30m, 1h) before pricing it; the actual time is shown beside the billed time')
            [CompletionResult]::new('--rounding', '--rounding', [CompletionResultType]::ParameterName, 'Which way --round goes')
            [CompletionResult]::new('--tz', '--tz', [CompletionResultType]::ParameterName, 'The time zone of days, weeks, months and dates: a name like Europe/Berlin, or an offset like +05:30 (east of UTC)')
            [CompletionResult]::new('--stage', '--stage', [CompletionResultType]::ParameterName, 'Stage whose settings to use: reads <STAGE>_postgres_config.env')
            [CompletionResult]::new('--env-file', '--env-file', [CompletionResultType]::ParameterName, 'Read connection settings from this file instead of the stage''s env file')
            [CompletionResult]::new('--database-url', '--database-url', [CompletionResultType]::ParameterName, 'Connect with this postgres:// URL or key=value string (wins over every other source)')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format: table for people; json, csv (RFC 4180) or tsv for scripts, with a header row in csv and tsv; KANBAN_OUTPUT sets it too')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format: table for people; json, csv (RFC 4180) or tsv for scripts, with a header row in csv and tsv; KANBAN_OUTPUT sets it too')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to colour tables: auto colours only a terminal (and honours NO_COLOR)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print nothing when a change (new, start, stop, resolve, reopen, rename, rm) or init succeeds')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print nothing when a change (new, start, stop, resolve, reopen, rename, rm) or init succeeds')
            [CompletionResult]::new('--no-pager', '--no-pager', [CompletionResultType]::ParameterName, 'Never page long tables (tasks, log, board) on a terminal; KANBAN_PAGER or PAGER names the pager (default less with LESS=FRX), empty or cat for none')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'kanban;init' {
            [CompletionResult]::new('--stage', '--stage', [CompletionResultType]::ParameterName, 'Stage whose settings to use: reads <STAGE>_postgres_config.env')
            [CompletionResult]::new('--env-file', '--env-file', [CompletionResultType]::ParameterName, 'Read connection settings from this file instead of the stage''s env file')
            [CompletionResult]::new('--database-url', '--database-url', [CompletionResultType]::ParameterName, 'Connect with this postgres:// URL or key=value string (wins over every other source)')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format: table for people; json, csv (RFC 4180) or tsv for scripts, with a header row in csv and tsv; KANBAN_OUTPUT sets it too')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format: table for people; json, csv (RFC 4180) or tsv for scripts, with a header row in csv and tsv; KANBAN_OUTPUT sets it too')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to colour tables: auto colours only a terminal (and honours NO_COLOR)')
            [CompletionResult]::new('--dry-run', '--dry-run', [CompletionResultType]::ParameterName, 'Show the steps that would be applied, and change nothing')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print nothing when a change (new, start, stop, resolve, reopen, rename, rm) or init succeeds')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print nothing when a change (new, start, stop, resolve, reopen, rename, rm) or init succeeds')
            [CompletionResult]::new('--no-pager', '--no-pager', [CompletionResultType]::ParameterName, 'Never page long tables (tasks, log, board) on a terminal; KANBAN_PAGER or PAGER names the pager (default less with LESS=FRX), empty or cat for none')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'kanban;board' {
            [CompletionResult]::new('--limit', '--limit', [CompletionResultType]::ParameterName, 'Show at most this many tasks per column')
            [CompletionResult]::new('--watch-mode', '--watch-mode', [CompletionResultType]::ParameterName, 'How --watch learns of changes: listen (LISTEN/NOTIFY), poll (a change counter once a second, for transaction-pooling PgBouncer), or auto (listen unless pooling is detected)')
            [CompletionResult]::new('--stage', '--stage', [CompletionResultType]::ParameterName, 'Stage whose settings to use: reads <STAGE>_postgres_config.env')
            [CompletionResult]::new('--env-file', '--env-file', [CompletionResultType]::ParameterName, 'Read connection settings from this file instead of the stage''s env file')
            [CompletionResult]::new('--database-url', '--database-url', [CompletionResultType]::ParameterName, 'Connect with this postgres:// URL or key=value string (wins over every other source)')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format: table for people; json, csv (RFC 4180) or tsv for scripts, with a header row in csv and tsv; KANBAN_OUTPUT sets it too')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format: table for people; json, csv (RFC 4180) or tsv for scripts, with a header row in csv and tsv; KANBAN_OUTPUT sets it too')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to colour tables: auto colours only a terminal (and honours NO_COLOR)')
            [CompletionResult]::new('-w', '-w', [CompletionResultType]::ParameterName, 'Stay on screen and redraw as the board changes (q or Ctrl-C quits)')
            [CompletionResult]::new('--watch', '--watch', [CompletionResultType]::ParameterName, 'Stay on screen and redraw as the board changes (q or Ctrl-C quits)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print nothing when a change (new, start, stop, resolve, reopen, rename, rm) or init succeeds')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print nothing when a change (new, start, stop, resolve, reopen, rename, rm) or init succeeds')
            [CompletionResult]::new('--no-pager', '--no-pager', [CompletionResultType]::ParameterName, 'Never page long tables (tasks, log, board) on a terminal; KANBAN_PAGER or PAGER names the pager (default less with LESS=FRX), empty or cat for none')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'kanban;doctor' {
            [CompletionResult]::new('--stage', '--stage', [CompletionResultType]::ParameterName, 'Stage whose settings to use: reads <STAGE>_postgres_config.env')
            [CompletionResult]::new('--env-file', '--env-file', [CompletionResultType]::ParameterName, 'Read connection settings from this file instead of the stage''s env file')
            [CompletionResult]::new('--database-url', '--database-url', [CompletionResultType]::ParameterName, 'Connect with this postgres:// URL or key=value string (wins over every other source)')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format: table for people; json, csv (RFC 4180) or tsv for scripts, with a header row in csv and tsv; KANBAN_OUTPUT sets it too')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format: table for people; json, csv (RFC 4180) or tsv for scripts, with a header row in csv and tsv; KANBAN_OUTPUT sets it too')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to colour tables: auto colours only a terminal (and honours NO_COLOR)')
            [CompletionResult]::new('--read-only', '--read-only', [CompletionResultType]::ParameterName, 'Only reading is needed: a role or database that may not change tasks passes')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print nothing when a change (new, start, stop, resolve, reopen, rename, rm) or init succeeds')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print nothing when a change (new, start, stop, resolve, reopen, rename, rm) or init succeeds')
            [CompletionResult]::new('--no-pager', '--no-pager', [CompletionResultType]::ParameterName, 'Never page long tables (tasks, log, board) on a terminal; KANBAN_PAGER or PAGER names the pager (default less with LESS=FRX), empty or cat for none')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'kanban;grant' {
            [CompletionResult]::new('--stage', '--stage', [CompletionResultType]::ParameterName, 'Stage whose settings to use: reads <STAGE>_postgres_config.env')
            [CompletionResult]::new('--env-file', '--env-file', [CompletionResultType]::ParameterName, 'Read connection settings from this file instead of the stage''s env file')
            [CompletionResult]::new('--database-url', '--database-url', [CompletionResultType]::ParameterName, 'Connect with this postgres:// URL or key=value string (wins over every other source)')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format: table for people; json, csv (RFC 4180) or tsv for scripts, with a header row in csv and tsv; KANBAN_OUTPUT sets it too')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format: table for people; json, csv (RFC 4180) or tsv for scripts, with a header row in csv and tsv; KANBAN_OUTPUT sets it too')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to colour tables: auto colours only a terminal (and honours NO_COLOR)')
            [CompletionResult]::new('--read', '--read', [CompletionResultType]::ParameterName, 'Reading only')
            [CompletionResult]::new('--write', '--write', [CompletionResultType]::ParameterName, 'Reading and changing tasks')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print nothing when a change (new, start, stop, resolve, reopen, rename, rm) or init succeeds')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print nothing when a change (new, start, stop, resolve, reopen, rename, rm) or init succeeds')
            [CompletionResult]::new('--no-pager', '--no-pager', [CompletionResultType]::ParameterName, 'Never page long tables (tasks, log, board) on a terminal; KANBAN_PAGER or PAGER names the pager (default less with LESS=FRX), empty or cat for none')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'kanban;man' {
            [CompletionResult]::new('--stage', '--stage', [CompletionResultType]::ParameterName, 'Stage whose settings to use: reads <STAGE>_postgres_config.env')
            [CompletionResult]::new('--env-file', '--env-file', [CompletionResultType]::ParameterName, 'Read connection settings from this file instead of the stage''s env file')
            [CompletionResult]::new('--database-url', '--database-url', [CompletionResultType]::ParameterName, 'Connect with this postgres:// URL or key=value string (wins over every other source)')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format: table for people; json, csv (RFC 4180) or tsv for scripts, with a header row in csv and tsv; KANBAN_OUTPUT sets it too')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format: table for people; json, csv (RFC 4180) or tsv for scripts, with a header row in csv and tsv; KANBAN_OUTPUT sets it too')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to colour tables: auto colours only a terminal (and honours NO_COLOR)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print nothing when a change (new, start, stop, resolve, reopen, rename, rm) or init succeeds')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print nothing when a change (new, start, stop, resolve, reopen, rename, rm) or init succeeds')
            [CompletionResult]::new('--no-pager', '--no-pager', [CompletionResultType]::ParameterName, 'Never page long tables (tasks, log, board) on a terminal; KANBAN_PAGER or PAGER names the pager (default less with LESS=FRX), empty or cat for none')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'kanban;completions' {
            [CompletionResult]::new('--stage', '--stage', [CompletionResultType]::ParameterName, 'Stage whose settings to use: reads <STAGE>_postgres_config.env')
            [CompletionResult]::new('--env-file', '--env-file', [CompletionResultType]::ParameterName, 'Read connection settings from this file instead of the stage''s env file')
            [CompletionResult]::new('--database-url', '--database-url', [CompletionResultType]::ParameterName, 'Connect with this postgres:// URL or key=value string (wins over every other source)')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format: table for people; json, csv (RFC 4180) or tsv for scripts, with a header row in csv and tsv; KANBAN_OUTPUT sets it too')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format: table for people; json, csv (RFC 4180) or tsv for scripts, with a header row in csv and tsv; KANBAN_OUTPUT sets it too')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to colour tables: auto colours only a terminal (and honours NO_COLOR)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print nothing when a change (new, start, stop, resolve, reopen, rename, rm) or init succeeds')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print nothing when a change (new, start, stop, resolve, reopen, rename, rm) or init succeeds')
            [CompletionResult]::new('--no-pager', '--no-pager', [CompletionResultType]::ParameterName, 'Never page long tables (tasks, log, board) on a terminal; KANBAN_PAGER or PAGER names the pager (default less with LESS=FRX), empty or cat for none')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'kanban;help' {
            [CompletionResult]::new('new', 'new', [CompletionResultType]::ParameterValue, 'Add tasks to To Do')
            [CompletionResult]::new('start', 'start', [CompletionResultType]::ParameterValue, 'Move tasks from To Do to In Progress, starting their timers')
            [CompletionResult]::new('resolve', 'resolve', [CompletionResultType]::ParameterValue, 'Move tasks from In Progress to Done, fixing their cost')
            [CompletionResult]::new('stop', 'stop', [CompletionResultType]::ParameterValue, 'Move tasks from In Progress back to To Do, pausing their timers (alias: pause)')
            [CompletionResult]::new('reopen', 'reopen', [CompletionResultType]::ParameterValue, 'Move tasks from Done back to In Progress')
            [CompletionResult]::new('rename', 'rename', [CompletionResultType]::ParameterValue, 'Give a task a new name; its sessions and history follow it')
            [CompletionResult]::new('rm', 'rm', [CompletionResultType]::ParameterValue, 'Delete tasks, all or none (alias: remove)')
            [CompletionResult]::new('log', 'log', [CompletionResultType]::ParameterValue, 'Show the history of changes, newest first')
            [CompletionResult]::new('tasks', 'tasks', [CompletionResultType]::ParameterValue, 'List tasks: a table, or JSON, CSV or TSV with --output')
            [CompletionResult]::new('elapsed', 'elapsed', [CompletionResultType]::ParameterValue, 'Print a task''s time in work as HH:MM:SS')
            [CompletionResult]::new('cost', 'cost', [CompletionResultType]::ParameterValue, 'Print a done task''s cost as $D.CC')
            [CompletionResult]::new('report', 'report', [CompletionResultType]::ParameterValue, 'Time and money over a period, by task, day, week, month or actor')
            [CompletionResult]::new('init', 'init', [CompletionResultType]::ParameterValue, 'Create or upgrade the schema in the stage''s database')
            [CompletionResult]::new('board', 'board', [CompletionResultType]::ParameterValue, 'Show the board: To Do, In Progress and Done side by side')
            [CompletionResult]::new('doctor', 'doctor', [CompletionResultType]::ParameterValue, 'Check the settings, the connection, the schema and this user''s rights')
            [CompletionResult]::new('grant', 'grant', [CompletionResultType]::ParameterValue, 'Let a role read the board, or change it too (run as the kanban_task table''s owner)')
            [CompletionResult]::new('man', 'man', [CompletionResultType]::ParameterValue, 'Print the manual page (roff)')
            [CompletionResult]::new('completions', 'completions', [CompletionResultType]::ParameterValue, 'Print a shell completion script')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'kanban;help;new' {
            break
        }
        'kanban;help;start' {
            break
        }
        'kanban;help;resolve' {
            break
        }
        'kanban;help;stop' {
            break
        }
        'kanban;help;reopen' {
            break
        }
        'kanban;help;rename' {
            break
        }
        'kanban;help;rm' {
            break
        }
        'kanban;help;log' {
            break
        }
        'kanban;help;tasks' {
            break
        }
        'kanban;help;elapsed' {
            break
        }
        'kanban;help;cost' {
            break
        }
        'kanban;help;report' {
            break
        }
        'kanban;help;init' {
            break
        }
        'kanban;help;board' {
            break
        }
        'kanban;help;doctor' {
            break
        }
        'kanban;help;grant' {
            break
        }
        'kanban;help;man' {
            break
        }
        'kanban;help;completions' {
            break
        }
        'kanban;help;help' {
            break
        }
    })

    $completions.Where{ $_.CompletionText -like "$wordToComplete*" } |
        Sort-Object -Property ListItemText
}
