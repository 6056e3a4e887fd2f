-- Step 4: tell watchers (`kanban board --watch`) when the board changes. Every statement that
-- changes task bumps a counter and sends a notification; watchers LISTEN, or, where they cannot
-- keep a session (behind a transaction-pooling PgBouncer), check the counter once a second.
-- A sequence, not a row, so concurrent writers never wait on each other for it.
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
