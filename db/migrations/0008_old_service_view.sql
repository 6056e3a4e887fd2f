-- Step 8: the old service shares the database while it is retired. kanban's table becomes
-- kanban_task, and `task` becomes a view in the old table's exact shape, with naive UTC times,
-- whose writes go through to kanban_task (see the view below). kanban's trigger functions now
-- name kanban_task. The version marker moves from 7 to 8.
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

-- kanban's triggers name their table anew (the view is `task` now).
CREATE OR REPLACE FUNCTION kanban_task_work() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public AS $$
DECLARE
    at timestamptz;
    last_end timestamptz;
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
    IF NEW.status <> OLD.status THEN
        IF OLD.status = 'in_progress' THEN
            -- An end the statement gives is taken as given (one before the session began is
            -- refused); only the server's own now() is moved up to the session's start, in
            -- case the clock went back.
            at := CASE WHEN NEW.status = 'done' AND NEW.end_datetime IS NOT NULL
                       THEN NEW.end_datetime
                       ELSE greatest(now(), OLD.working_since) END;
            UPDATE task_work SET ended = at WHERE task_id = OLD.id AND ended IS NULL;
            IF NEW.status = 'done' THEN
                NEW.end_datetime := at;
            END IF;
        END IF;
        SELECT max(ended) INTO last_end FROM task_work WHERE task_id = OLD.id;
        IF NEW.status = 'in_progress' THEN
            at := CASE WHEN NEW.start_datetime IS DISTINCT FROM OLD.start_datetime
                       THEN coalesce(NEW.start_datetime, now()) ELSE now() END;
            at := greatest(at, last_end);
            INSERT INTO task_work (task_id, started) VALUES (OLD.id, at);
            NEW.start_datetime := at;
            NEW.end_datetime := NULL;
            NEW.hourly_rate := NULL;
        ELSIF OLD.status = 'todo' AND NEW.status = 'done'
              AND NEW.start_datetime IS NOT NULL AND NEW.end_datetime IS NOT NULL THEN
            at := greatest(NEW.start_datetime, last_end);
            NEW.end_datetime := greatest(NEW.end_datetime, at);
            INSERT INTO task_work (task_id, started, ended) VALUES (OLD.id, at, NEW.end_datetime);
            NEW.start_datetime := at;
        END IF;
        IF NEW.status = 'done' THEN
            NEW.hourly_rate := coalesce(NEW.hourly_rate, kanban_rate_in_force());
        ELSIF NEW.status = 'todo' THEN
            NEW.start_datetime := NULL;
            NEW.end_datetime := NULL;
            NEW.hourly_rate := NULL;
        END IF;
    ELSE
        -- One statement, so a task worked in one go gets both new ends at once.
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
    END IF;

    SELECT coalesce(sum(ended - started), interval '0'), count(*),
           max(started) FILTER (WHERE ended IS NULL), min(started), max(ended)
      INTO NEW.worked, NEW.sessions, NEW.working_since, at, last_end
      FROM task_work WHERE task_id = OLD.id;
    -- The first start is when work began, however often it paused since; a Done task ended
    -- when its last session did.
    IF NEW.status <> 'todo' THEN
        NEW.start_datetime := at;
    END IF;
    IF NEW.status = 'done' THEN
        NEW.end_datetime := last_end;
    END IF;
    RETURN NEW;
END
$$;

CREATE OR REPLACE FUNCTION kanban_work_edited() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public AS $$
BEGIN
    IF pg_trigger_depth() = 1 THEN
        UPDATE kanban_task SET worked = worked
         WHERE id = CASE WHEN TG_OP = 'DELETE' THEN OLD.task_id ELSE NEW.task_id END;
    END IF;
    RETURN NULL;
END
$$;

CREATE OR REPLACE FUNCTION kanban_task_truncated() RETURNS trigger
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

CREATE OR REPLACE FUNCTION kanban_work_truncated() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public AS $$
BEGIN
    IF pg_trigger_depth() = 1 THEN
        UPDATE kanban_task SET worked = worked WHERE sessions > 0;
    END IF;
    RETURN NULL;
END
$$;

DROP DOMAIN kanban_schema_7;
CREATE DOMAIN kanban_schema_8 AS boolean;
COMMENT ON DOMAIN kanban_schema_8 IS
    'kanban''s schema version marker: present exactly while the schema is at version 8';
