-- Step 9: a change costs less in a fresh session, and a change of many tasks stays linear.
-- Every kanban command is a fresh session, in which each trigger statement is parsed and
-- planned on first use and each trigger function compiled: a start spent 4.4 ms in the
-- server, 3.6 ms of it in the triggers (EXPLAIN ANALYZE in new sessions). The same rules,
-- with fewer statements and trigger calls; the version marker moves from 8 to 9.

-- One statement fewer on every status change (the last session's end is read inside the
-- statement that needs it), and the derived columns set by the final read. Plans cached for a
-- session (a batch of changes is one statement, one session) keep the shape they got when
-- task_work was small, a sequential scan per row: index scans at any size (100,000 tasks
-- started at once took over six minutes; now seconds).
CREATE OR REPLACE FUNCTION kanban_task_work() RETURNS trigger
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

-- Sessions edited by hand: whether the edit comes from kanban_task_work itself (depth 1,
-- where nothing is left to do) is decided when the event is queued, so that function's own
-- session changes no longer call, nor compile, this one.
CREATE OR REPLACE FUNCTION kanban_work_edited() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public AS $$
BEGIN
    UPDATE kanban_task SET worked = worked
     WHERE id = CASE WHEN TG_OP = 'DELETE' THEN OLD.task_id ELSE NEW.task_id END;
    RETURN NULL;
END
$$;

DROP TRIGGER task_work_edited ON task_work;
CREATE TRIGGER task_work_edited
    AFTER INSERT OR UPDATE OR DELETE ON task_work
    FOR EACH ROW WHEN (pg_trigger_depth() = 0) EXECUTE FUNCTION kanban_work_edited();

-- A change's event, written as the row changes: one INSERT of the row's values, where the
-- statement-level trigger joined the statement's old and new rows (planned anew in every
-- session). The same actions, and no event for an UPDATE that changed nothing shown.
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

DROP TRIGGER task_history_of_updates ON kanban_task;
CREATE TRIGGER task_history_of_updates
    AFTER UPDATE ON kanban_task
    FOR EACH ROW
    WHEN ((OLD.name, OLD.status, OLD.start_datetime, OLD.end_datetime, OLD.hourly_rate, OLD.worked)
          IS DISTINCT FROM
          (NEW.name, NEW.status, NEW.start_datetime, NEW.end_datetime, NEW.hourly_rate, NEW.worked))
    EXECUTE FUNCTION kanban_task_updated();

-- Inserts and removals keep their statement-level history (a batch of 100,000 new tasks is
-- one INSERT here).
CREATE OR REPLACE FUNCTION kanban_task_history() RETURNS trigger
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

-- A hand-made INSERT into the history is refused; the triggers' own (at depth 1 when the
-- statement is queued) no longer call, nor compile, the function that says so.
DROP TRIGGER task_event_is_written_by_triggers ON task_event;
CREATE TRIGGER task_event_is_written_by_triggers
    BEFORE INSERT ON task_event
    FOR EACH STATEMENT WHEN (pg_trigger_depth() < 1)
    EXECUTE FUNCTION kanban_history_is_written_by_triggers();

-- One statement where there were two.
CREATE OR REPLACE FUNCTION kanban_board_changed() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public AS $$
BEGIN
    PERFORM nextval('kanban_board_changes'), pg_notify('kanban_board', '');
    RETURN NULL;
END
$$;

DROP DOMAIN kanban_schema_8;
CREATE DOMAIN kanban_schema_9 AS boolean;
COMMENT ON DOMAIN kanban_schema_9 IS
    'kanban''s schema version marker: present exactly while the schema is at version 9';
