-- Step 5: the version check in plain SQL (see the end), and bounds that keep every stored value readable by kanban and every cost computable,
-- and the name rule extended to the characters that break lines (U+2028, U+2029) or reorder
-- text on screen so one name can pose as another (bidi controls U+202A..U+202E and
-- U+2066..U+2069). Rows that already break them stop the upgrade, named, before anything
-- changes.
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
                   WHEN name ~ '[\u2028\u2029\u202a-\u202e\u2066-\u2069]'
                        THEN 'a line separator or bidi control in the name'
                   WHEN name ~ '^[[:space:]\u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]|[[:space:]\u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]$'
                        THEN 'a space around the name'
                   WHEN start_datetime NOT BETWEEN '1900-01-01 00:00:00+00' AND '9999-12-31 23:59:59.999999+00'
                        THEN 'a start time outside the years 1900 to 9999'
                   WHEN end_datetime NOT BETWEEN '1900-01-01 00:00:00+00' AND '9999-12-31 23:59:59.999999+00'
                        THEN 'an end time outside the years 1900 to 9999'
                   WHEN hourly_rate > 1000000 OR hourly_rate <> round(hourly_rate, 2)
                        THEN 'a rate above 1,000,000 or finer than a cent'
               END AS reason
          FROM task
      ) AS checked
     WHERE reason IS NOT NULL;
    IF how_many > 0 THEN
        RAISE EXCEPTION 'cannot upgrade the task table, nothing was changed: % row(s) break kanban''s rules: %; fix them and run kanban init again',
            how_many, offenders
            USING ERRCODE = 'KB003';
    END IF;
END
$$;

ALTER TABLE task
    ADD CONSTRAINT task_name_has_no_separators_or_bidi_controls CHECK (
        name !~ '[\u2028\u2029\u202a-\u202e\u2066-\u2069]'
    ),
    -- Trimmed of every Unicode space (btrim in step 2 knows only the ASCII one), as kanban trims.
    ADD CONSTRAINT task_name_has_no_surrounding_spaces CHECK (
        name !~ '^[[:space:]\u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]|[[:space:]\u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]$'
    ),
    ADD CONSTRAINT task_times_are_in_range CHECK (
        start_datetime BETWEEN '1900-01-01 00:00:00+00' AND '9999-12-31 23:59:59.999999+00'
        AND end_datetime BETWEEN '1900-01-01 00:00:00+00' AND '9999-12-31 23:59:59.999999+00'
    ),
    ADD CONSTRAINT task_rate_is_whole_cents_up_to_a_million CHECK (
        hourly_rate <= 1000000 AND hourly_rate = round(hourly_rate, 2)
    );

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

CREATE OR REPLACE FUNCTION kanban_schema_is(expected integer) RETURNS boolean
LANGUAGE sql STABLE AS $$
    SELECT CASE WHEN current = expected THEN true
                ELSE kanban_schema_fail(expected, current) END
      FROM (SELECT max(version) AS current FROM kanban_schema_version) AS recorded
$$;
