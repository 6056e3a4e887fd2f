
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
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
            cand new 'Add tasks to To Do (all of them, or none if one name is taken)'
            cand start 'Move tasks from To Do to In Progress and start their timers (all or none)'
            cand resolve 'Move tasks from In Progress to Done, stop their timers and fix their cost (all or none)'
            cand tasks 'List tasks as a table: To Do first, then In Progress, then Done; oldest first within each'
            cand elapsed 'Print a task''s time in work as HH:MM:SS (hours do not wrap at a day)'
            cand cost 'Print a done task''s cost as $D.CC'
            cand init 'Create the schema in the stage''s database; running it again changes nothing'
            cand completions 'Print a shell completion script'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'kanban;new'= {
            cand --stage 'Stage whose settings to use: reads <STAGE>_postgres_config.env'
            cand --env-file 'Read connection settings from this file instead of the stage''s env file'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'kanban;start'= {
            cand --stage 'Stage whose settings to use: reads <STAGE>_postgres_config.env'
            cand --env-file 'Read connection settings from this file instead of the stage''s env file'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'kanban;resolve'= {
            cand --stage 'Stage whose settings to use: reads <STAGE>_postgres_config.env'
            cand --env-file 'Read connection settings from this file instead of the stage''s env file'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'kanban;tasks'= {
            cand -s 'Only the tasks in this column'
            cand --status 'Only the tasks in this column'
            cand --stage 'Stage whose settings to use: reads <STAGE>_postgres_config.env'
            cand --env-file 'Read connection settings from this file instead of the stage''s env file'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'kanban;elapsed'= {
            cand --stage 'Stage whose settings to use: reads <STAGE>_postgres_config.env'
            cand --env-file 'Read connection settings from this file instead of the stage''s env file'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'kanban;cost'= {
            cand --stage 'Stage whose settings to use: reads <STAGE>_postgres_config.env'
            cand --env-file 'Read connection settings from this file instead of the stage''s env file'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'kanban;init'= {
            cand --stage 'Stage whose settings to use: reads <STAGE>_postgres_config.env'
            cand --env-file 'Read connection settings from this file instead of the stage''s env file'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'kanban;completions'= {
            cand --stage 'Stage whose settings to use: reads <STAGE>_postgres_config.env'
            cand --env-file 'Read connection settings from this file instead of the stage''s env file'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'kanban;help'= {
            cand new 'Add tasks to To Do (all of them, or none if one name is taken)'
            cand start 'Move tasks from To Do to In Progress and start their timers (all or none)'
            cand resolve 'Move tasks from In Progress to Done, stop their timers and fix their cost (all or none)'
            cand tasks 'List tasks as a table: To Do first, then In Progress, then Done; oldest first within each'
            cand elapsed 'Print a task''s time in work as HH:MM:SS (hours do not wrap at a day)'
            cand cost 'Print a done task''s cost as $D.CC'
            cand init 'Create the schema in the stage''s database; running it again changes nothing'
            cand completions 'Print a shell completion script'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'kanban;help;new'= {
        }
        &'kanban;help;start'= {
        }
        &'kanban;help;resolve'= {
        }
        &'kanban;help;tasks'= {
        }
        &'kanban;help;elapsed'= {
        }
        &'kanban;help;cost'= {
        }
        &'kanban;help;init'= {
        }
        &'kanban;help;completions'= {
        }
        &'kanban;help;help'= {
        }
    ]
    $completions[$command]
}
