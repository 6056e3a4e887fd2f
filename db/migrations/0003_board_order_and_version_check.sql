-- Step 3: listings in board order straight from an index, and the version check every
-- kanban statement makes.

-- The board's order (To Do, In Progress, Done; oldest first), so listings stream from the
-- index instead of sorting every row first.
CREATE INDEX IF NOT EXISTS task_board_order ON task (status, id);

-- Every kanban statement calls this with the schema version its binary was built for, as a
-- one-time filter: no extra round trip. It fails when the database is behind (run kanban
-- init) or ahead (upgrade kanban). Its signature must never change.
CREATE OR REPLACE FUNCTION kanban_schema_is(expected integer) RETURNS boolean
LANGUAGE plpgsql STABLE AS $$
DECLARE
    current integer;
BEGIN
    SELECT max(version) INTO current FROM kanban_schema_version;
    IF current IS NULL OR current < expected THEN
        RAISE EXCEPTION 'the database schema is at version %, this kanban needs version %',
            coalesce(current, 0), expected
            USING ERRCODE = 'KB001', DETAIL = coalesce(current, 0)::text;
    ELSIF current > expected THEN
        RAISE EXCEPTION 'the database schema is at version %, newer than this kanban''s %',
            current, expected
            USING ERRCODE = 'KB002', DETAIL = current::text;
    END IF;
    RETURN true;
END
$$;
