-- The kanban schema, whole and readable: what `kanban init` builds from the numbered steps in
-- db/migrations/ (a test checks the two give the same schema). For psql users and Docker:
--
--     psql -f db/init.sql        # on an empty database
--
-- After that, or on a database made by the old Python system, use `kanban init`: it records
-- and applies only the steps a database is missing.
--
-- Names follow the old system (enum `taskstatus`, `start_datetime`, `end_datetime`); the
-- times are `timestamptz` from the server's clock, and the constraints make impossible board
-- states impossible to store. The table is created as `task`, as the steps did, and renamed
-- `kanban_task` at the end, where `task` becomes the old service's view (step 8).

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
    -- Kept by the triggers below from task_work, so that listings read one row per task: the
    -- closed work sessions' total, the open session's start, and how many sessions there were.
    worked interval NOT NULL DEFAULT '0',
    working_since timestamptz,
    sessions integer NOT NULL DEFAULT 0,
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
    ),
    CONSTRAINT task_works_only_in_progress CHECK ((status = 'in_progress') = (working_since IS NOT NULL)),
    CONSTRAINT task_sessions_are_counted CHECK (sessions >= 0 AND worked >= interval '0')
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
    PERFORM nextval('kanban_board_changes'), pg_notify('kanban_board', '');
    RETURN NULL;
END
$$;

CREATE TRIGGER task_board_changed
    AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON task
    FOR EACH STATEMENT EXECUTE FUNCTION kanban_board_changed();

-- Work sessions and the history of every change (step 6).

-- One row per stretch of time a task spent In Progress; at most one open (ended IS NULL) per
-- task, and none overlapping (an exclusion constraint on ranges, no extension needed).
CREATE TABLE task_work (
    task_id bigint NOT NULL REFERENCES task (id) ON DELETE CASCADE,
    started timestamptz NOT NULL,
    ended timestamptz,
    CONSTRAINT task_work_ends_after_it_starts CHECK (ended >= started),
    CONSTRAINT task_work_times_are_in_range CHECK (
        started BETWEEN '1900-01-01 00:00:00+00' AND '9999-12-31 23:59:59.999999+00'
        AND ended BETWEEN '1900-01-01 00:00:00+00' AND '9999-12-31 23:59:59.999999+00'
    ),
    CONSTRAINT task_work_never_overlaps EXCLUDE USING gist (
        int8range(task_id, task_id, '[]') WITH &&,
        tstzrange(started, ended, '[)') WITH &&
    )
);
CREATE UNIQUE INDEX task_work_one_open_per_task ON task_work (task_id) WHERE ended IS NULL;
-- Every trigger below, and the cascade from task, finds a task's sessions by this.
CREATE INDEX task_work_by_task ON task_work (task_id, started);

-- Every change, newest last: when (the server's clock), what, the task by its stable id and
-- its name then, the columns it moved between, who (kanban's actor, else the client's
-- application_name; and the role that logged in) and the task's state after the change
-- (for a removal, its last state).
CREATE TABLE task_event (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    at timestamptz NOT NULL DEFAULT now(),
    task_id bigint NOT NULL,
    name text NOT NULL,
    action text NOT NULL CONSTRAINT task_event_action_is_known CHECK (action IN (
        'imported', 'created', 'started', 'stopped', 'resolved', 'reopened', 'renamed',
        'edited', 'removed')),
    from_status taskstatus,
    to_status taskstatus,
    old_name text,
    actor text NOT NULL,
    db_role text NOT NULL,
    start_datetime timestamptz,
    end_datetime timestamptz,
    hourly_rate numeric,
    worked interval,
    -- What kanban can always read back (the same bounds as task's).
    CONSTRAINT task_event_is_readable CHECK (
        at BETWEEN '1900-01-01 00:00:00+00' AND '9999-12-31 23:59:59.999999+00'
        AND start_datetime BETWEEN '1900-01-01 00:00:00+00' AND '9999-12-31 23:59:59.999999+00'
        AND end_datetime BETWEEN '1900-01-01 00:00:00+00' AND '9999-12-31 23:59:59.999999+00'
        AND hourly_rate <= 1000000 AND hourly_rate = round(hourly_rate, 2)
        AND worked BETWEEN interval '0' AND interval '100000 years'
        AND actor !~ '[[:cntrl:]]' AND char_length(actor) <= 200
    )
);
CREATE INDEX task_event_by_task ON task_event (task_id, id);
CREATE INDEX task_event_by_name ON task_event (name);
CREATE INDEX task_event_by_old_name ON task_event (old_name) WHERE old_name IS NOT NULL;

-- Text the history shows to people: control characters, line separators and bidi controls
-- become `?`, at most 200 characters (a log must not carry terminal escapes or reorder text).
CREATE FUNCTION kanban_printable(raw text) RETURNS text
LANGUAGE sql IMMUTABLE AS $$
    SELECT left(regexp_replace(raw, '[[:cntrl:]\u2028\u2029\u202a-\u202e\u2066-\u2069]', '?', 'g'), 200)
$$;

-- Who made a change: kanban says (KANBAN_ACTOR, else user@host) in the transaction's
-- `kanban.actor`; any other client is named by its application_name. Control characters
-- become `?` and the length is capped: a log must not carry terminal escapes.
CREATE FUNCTION kanban_actor() RETURNS text
LANGUAGE sql STABLE AS $$
    SELECT kanban_printable(coalesce(nullif(current_setting('kanban.actor', true), ''),
                                     nullif(current_setting('application_name', true), ''),
                                     'unknown client'))
$$;

-- The role that logged in, as the history shows it (a role's name may hold anything).
CREATE FUNCTION kanban_role() RETURNS text
LANGUAGE sql STABLE AS $$
    SELECT kanban_printable(session_user)
$$;

-- The rate a resolve freezes when the statement gives none (the old system's resolve):
-- the session's `kanban.hourly_rate` (SET, PGOPTIONS, or ALTER DATABASE/ROLE ... SET by a
-- role allowed to), else $10 an hour.
CREATE FUNCTION kanban_rate_in_force() RETURNS numeric
LANGUAGE sql STABLE AS $$
    SELECT coalesce(nullif(current_setting('kanban.hourly_rate', true), '')::numeric, 10)
$$;

-- Moves a task's work sessions with its status, before the row is written:
--   To Do -> In Progress (start, resume)   a session opens: at the start the statement gave,
--                                          else now; the first start stays start_datetime
--   In Progress -> To Do (stop)            the open session ends now
--   In Progress -> Done (resolve)          the open session ends at end_datetime (else now),
--                                          the rate in force is frozen if none was given
--   Done -> In Progress (reopen)           end and rate are cleared, a session opens now
--   To Do -> Done (an outside write)       one session, from the start to the end it gives
-- A session never starts before the last one ended, even if the clock went back. An edit of
-- the times alone moves the first session's start or the last one's end. The derived
-- columns are then recomputed from task_work, whatever the statement wrote into them.
CREATE FUNCTION kanban_task_work() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public SET enable_seqscan = off
AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        -- An id is never reused (TRUNCATE ... RESTART IDENTITY, a hand-set id): a new task
        -- must not inherit another's history. The next free one is taken instead.
        WHILE EXISTS (SELECT FROM task_event WHERE task_id = NEW.id)
              OR EXISTS (SELECT FROM kanban_task WHERE id = NEW.id) LOOP
            NEW.id := nextval(pg_get_serial_sequence('kanban_task', 'id'));
        END LOOP;
        -- A row inserted already started must say when (the constraints refuse it
        -- otherwise); its session is written once the row exists (kanban_task_history).
        NEW.sessions := CASE WHEN NEW.status = 'todo' THEN 0 ELSE 1 END;
        NEW.working_since := CASE WHEN NEW.status = 'in_progress' THEN NEW.start_datetime END;
        -- A Done task inserted whole (an import, a fixture) gets the rate in force, as a
        -- resolve does; one without times is left to the constraints to refuse by name.
        NEW.worked := CASE WHEN NEW.status = 'done'
                           THEN coalesce(NEW.end_datetime - NEW.start_datetime, interval '0')
                           ELSE interval '0' END;
        IF NEW.status = 'done' THEN
            NEW.hourly_rate := coalesce(NEW.hourly_rate, kanban_rate_in_force());
        END IF;
        RETURN NEW;
    END IF;

    IF NEW.id <> OLD.id THEN
        RAISE EXCEPTION 'a task''s id never changes: its sessions and history hang on it'
            USING ERRCODE = 'KB005';
    END IF;
    IF NEW.status = OLD.status THEN
        -- An edit of the times alone: the first session's start or the last one's end
        -- follows, in one statement, so a task worked in one go gets both new ends at once.
        UPDATE task_work AS work
           SET started = CASE WHEN work.started = bounds.first THEN NEW.start_datetime
                              ELSE work.started END,
               ended = CASE WHEN work.ended = bounds.last THEN NEW.end_datetime
                            ELSE work.ended END
          FROM (SELECT min(started) AS first, max(ended) AS last
                  FROM task_work WHERE task_id = OLD.id) AS bounds
         WHERE work.task_id = OLD.id
           AND ((NEW.start_datetime IS DISTINCT FROM OLD.start_datetime
                 AND NEW.start_datetime IS NOT NULL AND work.started = bounds.first)
             OR (NEW.end_datetime IS DISTINCT FROM OLD.end_datetime
                 AND NEW.end_datetime IS NOT NULL AND work.ended = bounds.last));
    ELSIF OLD.status = 'in_progress' THEN
        -- Stop or resolve: the open session ends. An end the statement gives is taken as
        -- given (one before the session began is refused); only the server's own now() is
        -- moved up to the session's start, in case the clock went back.
        UPDATE task_work
           SET ended = CASE WHEN NEW.status = 'done' AND NEW.end_datetime IS NOT NULL
                            THEN NEW.end_datetime
                            ELSE greatest(now(), OLD.working_since) END
         WHERE task_id = OLD.id AND ended IS NULL;
    ELSIF NEW.status = 'in_progress' THEN
        -- Start, resume or reopen: a session opens at the start the statement gave, else
        -- now, and never before the last one ended, even if the clock went back.
        INSERT INTO task_work (task_id, started)
        SELECT OLD.id,
               greatest(CASE WHEN NEW.start_datetime IS DISTINCT FROM OLD.start_datetime
                             THEN coalesce(NEW.start_datetime, now()) ELSE now() END,
                        max(ended))
          FROM task_work WHERE task_id = OLD.id;
    ELSIF NEW.status = 'done' AND NEW.start_datetime IS NOT NULL
          AND NEW.end_datetime IS NOT NULL THEN
        -- To Do -> Done by an outside write: one session, from the start to the end it
        -- gives, after the last one.
        INSERT INTO task_work (task_id, started, ended)
        SELECT OLD.id, first, greatest(NEW.end_datetime, first)
          FROM (SELECT greatest(NEW.start_datetime, max(ended)) AS first
                  FROM task_work WHERE task_id = OLD.id) AS given;
    END IF;
    IF NEW.status <> OLD.status THEN
        IF NEW.status = 'done' THEN
            NEW.hourly_rate := coalesce(NEW.hourly_rate, kanban_rate_in_force());
        ELSE
            -- Only Done has an end and a frozen rate; To Do has no start either (the
            -- sessions, and the time worked, stay).
            NEW.end_datetime := NULL;
            NEW.hourly_rate := NULL;
            IF NEW.status = 'todo' THEN
                NEW.start_datetime := NULL;
            END IF;
        END IF;
    END IF;

    -- The derived columns, from task_work, whatever the statement wrote into them. The first
    -- start is when work began, however often it paused since; a Done task ended when its
    -- last session did.
    SELECT coalesce(sum(ended - started), interval '0'), count(*),
           max(started) FILTER (WHERE ended IS NULL),
           CASE WHEN NEW.status <> 'todo' THEN min(started) ELSE NEW.start_datetime END,
           CASE WHEN NEW.status = 'done' THEN max(ended) ELSE NEW.end_datetime END
      INTO NEW.worked, NEW.sessions, NEW.working_since, NEW.start_datetime, NEW.end_datetime
      FROM task_work WHERE task_id = OLD.id;
    RETURN NEW;
END
$$;

CREATE TRIGGER task_work_follows_status
    BEFORE INSERT OR UPDATE ON task
    FOR EACH ROW EXECUTE FUNCTION kanban_task_work();

-- Sessions edited by hand (psql): the task's totals, first start and end follow, through
-- kanban_task_work (an "edited" event). Not for the session changes that function makes
-- itself, nor for the sessions a removed task takes with it.
CREATE FUNCTION kanban_work_edited() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public AS $$
BEGIN
    UPDATE kanban_task SET worked = worked
     WHERE id = CASE WHEN TG_OP = 'DELETE' THEN OLD.task_id ELSE NEW.task_id END;
    RETURN NULL;
END
$$;

CREATE TRIGGER task_work_edited
    AFTER INSERT OR UPDATE OR DELETE ON task_work
    FOR EACH ROW WHEN (pg_trigger_depth() = 0) EXECUTE FUNCTION kanban_work_edited();

-- Writes the history of a statement's new or removed tasks in one INSERT (transition tables:
-- a batch of 100,000 new tasks is one statement here too), and the sessions of tasks inserted
-- started.
CREATE FUNCTION kanban_task_history() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        INSERT INTO task_work (task_id, started, ended)
        SELECT id, start_datetime, end_datetime FROM new_rows WHERE status <> 'todo';
        INSERT INTO task_event (task_id, name, action, to_status, actor, db_role,
                                start_datetime, end_datetime, hourly_rate, worked)
        SELECT id, name, 'created', status, kanban_actor(), kanban_role(),
               start_datetime, end_datetime, hourly_rate, worked
          FROM new_rows ORDER BY id;
    ELSE
        INSERT INTO task_event (task_id, name, action, from_status, actor, db_role,
                                start_datetime, end_datetime, hourly_rate, worked)
        SELECT id, name, 'removed', status, kanban_actor(), kanban_role(),
               start_datetime, end_datetime, hourly_rate, worked
          FROM old_rows ORDER BY id;
    END IF;
    RETURN NULL;
END
$$;

CREATE TRIGGER task_history_of_inserts
    AFTER INSERT ON task REFERENCING NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION kanban_task_history();
CREATE TRIGGER task_history_of_removals
    AFTER DELETE ON task REFERENCING OLD TABLE AS old_rows
    FOR EACH STATEMENT EXECUTE FUNCTION kanban_task_history();

-- A change's event, written as the row changes: one INSERT of the row's values (a join of
-- the statement's old and new rows was planned anew in every session). No event for an
-- UPDATE that changed nothing shown.
CREATE FUNCTION kanban_task_updated() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public AS $$
BEGIN
    INSERT INTO task_event (task_id, name, action, from_status, to_status, old_name, actor,
                            db_role, start_datetime, end_datetime, hourly_rate, worked)
    VALUES (NEW.id, NEW.name,
            CASE WHEN OLD.status = NEW.status THEN
                     CASE WHEN OLD.name <> NEW.name THEN 'renamed' ELSE 'edited' END
                 WHEN NEW.status = 'todo' AND OLD.status = 'in_progress' THEN 'stopped'
                 WHEN NEW.status = 'todo' THEN 'edited'
                 WHEN NEW.status = 'done' THEN 'resolved'
                 WHEN OLD.status = 'done' THEN 'reopened'
                 ELSE 'started' END,
            OLD.status, NEW.status, CASE WHEN OLD.name <> NEW.name THEN OLD.name END,
            kanban_actor(), kanban_role(),
            NEW.start_datetime, NEW.end_datetime, NEW.hourly_rate, NEW.worked);
    RETURN NULL;
END
$$;

CREATE TRIGGER task_history_of_updates
    AFTER UPDATE ON task
    FOR EACH ROW
    WHEN ((OLD.name, OLD.status, OLD.start_datetime, OLD.end_datetime, OLD.hourly_rate, OLD.worked)
          IS DISTINCT FROM
          (NEW.name, NEW.status, NEW.start_datetime, NEW.end_datetime, NEW.hourly_rate, NEW.worked))
    EXECUTE FUNCTION kanban_task_updated();

-- The history is append-only: kanban and every role it grants may add to it (through the
-- triggers above), nobody may rewrite it short of dropping this trigger as its owner.
CREATE FUNCTION kanban_history_is_append_only() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'the task history is append-only: % is refused', TG_OP
        USING ERRCODE = 'KB004';
END
$$;

CREATE TRIGGER task_event_is_append_only
    BEFORE UPDATE OR DELETE OR TRUNCATE ON task_event
    FOR EACH STATEMENT EXECUTE FUNCTION kanban_history_is_append_only();

-- Events are written by the triggers on task only (they run nested, at trigger depth 2 here):
-- a hand-made INSERT would forge the history.
CREATE FUNCTION kanban_history_is_written_by_triggers() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF pg_trigger_depth() < 2 THEN
        RAISE EXCEPTION 'the task history is written by the database''s triggers only: change the task instead'
            USING ERRCODE = 'KB004';
    END IF;
    RETURN NULL;
END
$$;

CREATE TRIGGER task_event_is_written_by_triggers
    BEFORE INSERT ON task_event
    FOR EACH STATEMENT WHEN (pg_trigger_depth() < 1)
    EXECUTE FUNCTION kanban_history_is_written_by_triggers();

-- TRUNCATE fires no row triggers: the removals are recorded before it empties the table.
CREATE FUNCTION kanban_task_truncated() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public AS $$
BEGIN
    INSERT INTO task_event (task_id, name, action, from_status, actor, db_role,
                            start_datetime, end_datetime, hourly_rate, worked)
    SELECT id, name, 'removed', status, kanban_actor(), kanban_role(),
           start_datetime, end_datetime, hourly_rate, worked
      FROM kanban_task ORDER BY id;
    RETURN NULL;
END
$$;

CREATE TRIGGER task_history_of_truncate
    BEFORE TRUNCATE ON task
    FOR EACH STATEMENT EXECUTE FUNCTION kanban_task_truncated();

-- Sessions emptied by TRUNCATE: every task's totals follow (refused, as for DELETE, where
-- a started task would be left without its sessions).
CREATE FUNCTION kanban_work_truncated() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public AS $$
BEGIN
    IF pg_trigger_depth() = 1 THEN
        UPDATE kanban_task SET worked = worked WHERE sessions > 0;
    END IF;
    RETURN NULL;
END
$$;

CREATE TRIGGER task_work_truncated
    AFTER TRUNCATE ON task_work
    FOR EACH STATEMENT EXECUTE FUNCTION kanban_work_truncated();

-- The old service's table, as it knew it (step 8). kanban's table is kanban_task; `task` is
-- a view with the old system's four columns and naive times (UTC, as the old service wrote
-- them on AWS Lambda), so that its ORM (SQLAlchemy's naive DateTime, SERIALIZABLE) reads and
-- writes unchanged beside kanban, and psql sees the old table's shape. Its writes go through
-- to kanban_task, where the same triggers keep the work sessions, the rate in force and the
-- history as for kanban's own changes. Dropping the view switches the old service off;
-- kanban never reads it.
ALTER TABLE task RENAME TO kanban_task;

-- The old service takes end (or now) minus start as the time in work, so its start is the
-- end (or the open session's start) less the time already worked: the first start for a task
-- worked in one go, later by the pauses for one that was stopped and resumed.
CREATE VIEW task AS
    SELECT name, status,
           CASE status
               WHEN 'done' THEN (end_datetime - worked) AT TIME ZONE 'UTC'
               WHEN 'in_progress' THEN (working_since - worked) AT TIME ZONE 'UTC'
           END AS start_datetime,
           end_datetime AT TIME ZONE 'UTC' AS end_datetime
      FROM kanban_task;
ALTER VIEW task ALTER COLUMN status SET DEFAULT 'todo';
COMMENT ON VIEW task IS
    'the old service''s task table: naive UTC times; writes go to kanban_task';

-- A write to the view, made on kanban_task: naive times are UTC, and only the times the
-- writer changed are written. The row must still be in the state the writer saw (another
-- client may have moved it while this one waited for its lock): else nothing is done and the
-- writer is told no row matched, as a table's WHERE would, so a task is never moved twice.
CREATE FUNCTION kanban_old_task_written() RETURNS trigger
LANGUAGE plpgsql SET search_path = pg_catalog, public AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        INSERT INTO kanban_task (name, status, start_datetime, end_datetime)
        VALUES (NEW.name, coalesce(NEW.status, 'todo'),
                NEW.start_datetime AT TIME ZONE 'UTC', NEW.end_datetime AT TIME ZONE 'UTC');
        RETURN NEW;
    ELSIF TG_OP = 'UPDATE' THEN
        UPDATE kanban_task
           SET name = NEW.name, status = NEW.status,
               start_datetime = CASE WHEN NEW.start_datetime IS DISTINCT FROM OLD.start_datetime
                                     THEN NEW.start_datetime AT TIME ZONE 'UTC'
                                     ELSE start_datetime END,
               end_datetime = CASE WHEN NEW.end_datetime IS DISTINCT FROM OLD.end_datetime
                                   THEN NEW.end_datetime AT TIME ZONE 'UTC'
                                   ELSE end_datetime END
         WHERE name = OLD.name AND status = OLD.status;
        RETURN CASE WHEN FOUND THEN NEW END;
    END IF;
    DELETE FROM kanban_task WHERE name = OLD.name AND status = OLD.status;
    RETURN CASE WHEN FOUND THEN OLD END;
END
$$;

CREATE TRIGGER task_writes_go_to_kanban_task
    INSTEAD OF INSERT OR UPDATE OR DELETE ON task
    FOR EACH ROW EXECUTE FUNCTION kanban_old_task_written();

-- Whoever may read or change kanban_task may do the same through the view.
DO $$
DECLARE
    grantee text;
    privileges text;
BEGIN
    FOR grantee, privileges IN
        SELECT CASE WHEN a.grantee = 0 THEN 'PUBLIC' ELSE quote_ident(pg_get_userbyid(a.grantee)) END,
               string_agg(a.privilege_type, ', ' ORDER BY a.privilege_type)
          FROM pg_class AS c, aclexplode(c.relacl) AS a
         WHERE c.oid = 'kanban_task'::regclass AND a.grantee <> c.relowner
           AND a.privilege_type IN ('SELECT', 'INSERT', 'UPDATE', 'DELETE')
         GROUP BY a.grantee
    LOOP
        EXECUTE format('GRANT %s ON task TO %s', privileges, grantee);
    END LOOP;
    -- Rights on some columns only: the same columns of the view.
    FOR grantee, privileges IN
        SELECT CASE WHEN a.grantee = 0 THEN 'PUBLIC' ELSE quote_ident(pg_get_userbyid(a.grantee)) END,
               format('%s (%s)', a.privilege_type, quote_ident(c.attname))
          FROM pg_attribute AS c, aclexplode(c.attacl) AS a
         WHERE c.attrelid = 'kanban_task'::regclass
           AND c.attname IN ('name', 'status', 'start_datetime', 'end_datetime')
           AND a.privilege_type IN ('SELECT', 'INSERT', 'UPDATE')
    LOOP
        EXECUTE format('GRANT %s ON task TO %s', privileges, grantee);
    END LOOP;
END
$$;

-- Every kanban statement names the domain of its schema version: the server finds it in its
-- catalog cache while it parses, far cheaper in a fresh session than reading
-- kanban_schema_version. Each step drops the previous one and creates its own, so a binary
-- built for another version fails to parse (SQLSTATE 42704) and then asks kanban_schema_is for
-- the message.
CREATE DOMAIN kanban_schema_9 AS boolean;
COMMENT ON DOMAIN kanban_schema_9 IS
    'kanban''s schema version marker: present exactly while the schema is at version 9';

INSERT INTO kanban_schema_version (version, description) VALUES
    (1, 'the old system''s task table'),
    (2, 'timestamptz times, creation order, frozen rates, board rules'),
    (3, 'board-order index and the version check'),
    (4, 'change signals for board watchers'),
    (5, 'bounded times and rates, no separators or bidi controls in names'),
    (6, 'work sessions and the history of every change'),
    (7, 'the version check by name'),
    (8, 'the old service''s table as a view with naive times'),
    (9, 'cheaper changes in a fresh session, linear batches');

COMMIT;
