-- The kanban schema. `kanban init` runs exactly this file; `psql -f db/init.sql` does the same.
-- Safe to run again: it creates only what is missing, in one transaction, one runner at a time.
--
-- Names follow the old Python system (table `task`, enum `taskstatus`, `start_datetime`,
-- `end_datetime`) so its tools keep working; the times are now `timestamptz` from the server's
-- clock, and the constraints below make impossible board states impossible to store.

BEGIN;

-- Serialize concurrent runs (many CI jobs may call `kanban init` at once): the lock is held
-- until COMMIT, so a second runner sees the finished schema instead of racing to create it.
SELECT pg_advisory_xact_lock(hashtext('kanban schema'));

DO $$
BEGIN
    IF to_regtype('taskstatus') IS NULL THEN
        CREATE TYPE taskstatus AS ENUM ('todo', 'in_progress', 'done');
    END IF;
END
$$;

CREATE TABLE IF NOT EXISTS task (
    name varchar PRIMARY KEY,
    status taskstatus NOT NULL DEFAULT 'todo',
    start_datetime timestamptz,
    end_datetime timestamptz,
    -- Creation order, for a stable listing; names alone do not say which came first.
    id bigint GENERATED ALWAYS AS IDENTITY UNIQUE,
    created_at timestamptz NOT NULL DEFAULT now(),
    -- The rate in force when the task was resolved, so later rate changes keep old costs.
    hourly_rate numeric,

    CONSTRAINT task_name_is_one_trimmed_line CHECK (
        name <> ''
        AND name = btrim(name)
        AND char_length(name) <= 200
        AND name !~ '[[:cntrl:]]'
    ),
    CONSTRAINT task_times_match_status CHECK (
        CASE status
            WHEN 'todo' THEN start_datetime IS NULL AND end_datetime IS NULL
            WHEN 'in_progress' THEN start_datetime IS NOT NULL AND end_datetime IS NULL
            WHEN 'done' THEN start_datetime IS NOT NULL AND end_datetime IS NOT NULL
                AND end_datetime >= start_datetime
        END
    ),
    -- 'infinity' is a timestamp to PostgreSQL, but no task starts or ends there.
    CONSTRAINT task_times_are_finite CHECK (isfinite(start_datetime) AND isfinite(end_datetime)),
    CONSTRAINT task_rate_only_when_done CHECK ((status = 'done') = (hourly_rate IS NOT NULL)),
    CONSTRAINT task_rate_is_positive CHECK (hourly_rate > 0)
);

-- The board's order (To Do, In Progress, Done; oldest first), so listings stream from the
-- index instead of sorting every row first.
CREATE INDEX IF NOT EXISTS task_board_order ON task (status, id);

COMMIT;
