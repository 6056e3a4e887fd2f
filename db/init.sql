-- The kanban schema, whole and readable: what `kanban init` builds from the numbered steps in
-- db/migrations/ (a test checks the two give the same schema). For psql users and Docker:
--
--     psql -f db/init.sql        # on an empty database
--
-- After that, or on a database made by the old Python system, use `kanban init`: it records
-- and applies only the steps a database is missing.
--
-- Names follow the old system (table `task`, enum `taskstatus`, `start_datetime`,
-- `end_datetime`) so its tools keep working; the times are `timestamptz` from the server's
-- clock, and the constraints make impossible board states impossible to store.

BEGIN;

-- kanban init's record of the steps applied; the highest is the schema's version.
CREATE TABLE kanban_schema_version (
    version integer PRIMARY KEY,
    description text NOT NULL,
    applied_at timestamptz NOT NULL DEFAULT now()
);

CREATE TYPE taskstatus AS ENUM ('todo', 'in_progress', 'done');

CREATE TABLE task (
    name varchar NOT NULL,
    status taskstatus NOT NULL DEFAULT 'todo',
    start_datetime timestamptz,
    end_datetime timestamptz,
    -- Creation order, for a stable listing; names alone do not say which came first.
    id bigint GENERATED ALWAYS AS IDENTITY UNIQUE,
    created_at timestamptz NOT NULL DEFAULT now(),
    -- The rate in force when the task was resolved, so later rate changes keep old costs.
    hourly_rate numeric,
    PRIMARY KEY (name),

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
    CONSTRAINT task_rate_is_positive CHECK (hourly_rate > 0),
    -- No line or paragraph separators, no bidi controls: a name shows as what it is.
    CONSTRAINT task_name_has_no_separators_or_bidi_controls CHECK (
        name !~ '[\u2028\u2029\u202a-\u202e\u2066-\u2069]'
    ),
    -- Trimmed of every Unicode space (btrim above knows only the ASCII one), as kanban trims.
    CONSTRAINT task_name_has_no_surrounding_spaces CHECK (
        name !~ '^[[:space:]\u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]|[[:space:]\u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]$'
    ),
    -- Values kanban can always read, and costs it can always compute.
    CONSTRAINT task_times_are_in_range CHECK (
        start_datetime BETWEEN '1900-01-01 00:00:00+00' AND '9999-12-31 23:59:59.999999+00'
        AND end_datetime BETWEEN '1900-01-01 00:00:00+00' AND '9999-12-31 23:59:59.999999+00'
    ),
    CONSTRAINT task_rate_is_whole_cents_up_to_a_million CHECK (
        hourly_rate <= 1000000 AND hourly_rate = round(hourly_rate, 2)
    )
);

-- The board's order (To Do, In Progress, Done; oldest first), so listings stream from the
-- index instead of sorting every row first.
CREATE INDEX task_board_order ON task (status, id);

-- Every kanban statement checks the schema version its binary was built for, as a one-time
-- filter: no extra round trip. On a mismatch it calls kanban_schema_is(expected), which fails
-- when the database is behind (run kanban init) or ahead (upgrade kanban); its signature must
-- never change, since every kanban binary calls it. Plain SQL down to the one PL/pgSQL
-- function that raises: loading PL/pgSQL costs a fresh session about 2 ms, which every read
-- would otherwise pay.
CREATE FUNCTION kanban_schema_mismatch(expected integer, current integer) RETURNS boolean
LANGUAGE plpgsql STABLE AS $$
BEGIN
    IF current IS NULL OR current < expected THEN
        RAISE EXCEPTION 'the database schema is at version %, this kanban needs version %',
            coalesce(current, 0), expected
            USING ERRCODE = 'KB001', DETAIL = coalesce(current, 0)::text;
    END IF;
    RAISE EXCEPTION 'the database schema is at version %, newer than this kanban''s %',
        current, expected
        USING ERRCODE = 'KB002', DETAIL = current::text;
END
$$;

-- Plain SQL in between, so that planning a call to it loads nothing.
CREATE FUNCTION kanban_schema_fail(expected integer, current integer) RETURNS boolean
LANGUAGE sql STABLE AS $$
    SELECT kanban_schema_mismatch(expected, current)
$$;

CREATE FUNCTION kanban_schema_is(expected integer) RETURNS boolean
LANGUAGE sql STABLE AS $$
    SELECT CASE WHEN current = expected THEN true
                ELSE kanban_schema_fail(expected, current) END
      FROM (SELECT max(version) AS current FROM kanban_schema_version) AS recorded
$$;

-- Watchers (`kanban board --watch`) learn of changes: every statement that changes task bumps
-- a counter and sends a notification; watchers LISTEN, or, where they cannot keep a session
-- (behind a transaction-pooling PgBouncer), check the counter once a second. A sequence, not a
-- row, so concurrent writers never wait on each other for it.
CREATE SEQUENCE kanban_board_changes;

-- Security definer: anyone allowed to change tasks may signal, without rights on the sequence.
CREATE FUNCTION kanban_board_changed() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public AS $$
BEGIN
    PERFORM nextval('kanban_board_changes');
    PERFORM pg_notify('kanban_board', '');
    RETURN NULL;
END
$$;

CREATE TRIGGER task_board_changed
    AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON task
    FOR EACH STATEMENT EXECUTE FUNCTION kanban_board_changed();

INSERT INTO kanban_schema_version (version, description) VALUES
    (1, 'the old system''s task table'),
    (2, 'timestamptz times, creation order, frozen rates, board rules'),
    (3, 'board-order index and the version check'),
    (4, 'change signals for board watchers'),
    (5, 'bounded times and rates, no separators or bidi controls in names');

COMMIT;
