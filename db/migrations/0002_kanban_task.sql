-- Step 2: the old table becomes kanban's, in place. Times become timestamptz read as UTC (as
-- the old system wrote them), new columns arrive, and constraints make impossible board
-- states impossible to store. Rows that already break those rules stop the upgrade, named,
-- before anything changes.
DO $$
DECLARE
    offenders text;
    how_many integer;
BEGIN
    SELECT array_to_string((array_agg(format('%L (%s)', name, reason) ORDER BY name))[1:10], ', '),
           count(*)
      INTO offenders, how_many
      FROM (
        SELECT name,
               CASE
                   WHEN name = '' OR name <> btrim(name) OR char_length(name) > 200
                        OR name ~ '[[:cntrl:]]' THEN 'a name kanban does not allow'
                   WHEN status = 'todo' AND (start_datetime IS NOT NULL OR end_datetime IS NOT NULL)
                        THEN 'To Do with a start or end time'
                   WHEN status = 'in_progress' AND start_datetime IS NULL
                        THEN 'In Progress without a start time'
                   WHEN status = 'in_progress' AND end_datetime IS NOT NULL
                        THEN 'In Progress with an end time'
                   WHEN status = 'done' AND (start_datetime IS NULL OR end_datetime IS NULL)
                        THEN 'Done without a start or end time'
                   WHEN status = 'done' AND end_datetime < start_datetime
                        THEN 'Done before it started'
                   WHEN NOT (isfinite(start_datetime) AND isfinite(end_datetime))
                        THEN 'an infinite time'
               END AS reason
          FROM task
      ) AS checked
     WHERE reason IS NOT NULL;
    IF how_many > 0 THEN
        RAISE EXCEPTION 'cannot upgrade the old task table, nothing was changed: % row(s) break kanban''s rules: %; fix them and run kanban init again',
            how_many, offenders
            USING ERRCODE = 'KB003';
    END IF;
END
$$;

ALTER TABLE task
    ALTER COLUMN start_datetime TYPE timestamptz USING start_datetime AT TIME ZONE 'UTC',
    ALTER COLUMN end_datetime TYPE timestamptz USING end_datetime AT TIME ZONE 'UTC',
    ALTER COLUMN status SET DEFAULT 'todo';

ALTER TABLE task
    -- Creation order, for a stable listing; names alone do not say which came first.
    ADD COLUMN id bigint GENERATED ALWAYS AS IDENTITY UNIQUE,
    ADD COLUMN created_at timestamptz NOT NULL DEFAULT now(),
    -- The rate in force when the task was resolved, so later rate changes keep old costs.
    ADD COLUMN hourly_rate numeric;

-- The old system's finished work was priced at its constant rate.
UPDATE task SET hourly_rate = 10 WHERE status = 'done';

ALTER TABLE task
    ADD CONSTRAINT task_name_is_one_trimmed_line CHECK (
        name <> ''
        AND name = btrim(name)
        AND char_length(name) <= 200
        AND name !~ '[[:cntrl:]]'
    ),
    ADD CONSTRAINT task_times_match_status CHECK (
        CASE status
            WHEN 'todo' THEN start_datetime IS NULL AND end_datetime IS NULL
            WHEN 'in_progress' THEN start_datetime IS NOT NULL AND end_datetime IS NULL
            WHEN 'done' THEN start_datetime IS NOT NULL AND end_datetime IS NOT NULL
                AND end_datetime >= start_datetime
        END
    ),
    -- 'infinity' is a timestamp to PostgreSQL, but no task starts or ends there.
    ADD CONSTRAINT task_times_are_finite CHECK (isfinite(start_datetime) AND isfinite(end_datetime)),
    ADD CONSTRAINT task_rate_only_when_done CHECK ((status = 'done') = (hourly_rate IS NOT NULL)),
    ADD CONSTRAINT task_rate_is_positive CHECK (hourly_rate > 0);

-- The primary key's index already serves lookups by name.
DROP INDEX ix_task_name;
