-- Step 1: the old Python system's schema, exactly: an enum of columns and one table, with
-- naive timestamps (written in UTC) and an extra index on the name. A database made by the
-- old system is recognised as being at this step; a new one starts here.
CREATE TYPE taskstatus AS ENUM ('todo', 'in_progress', 'done');

CREATE TABLE task (
    name varchar NOT NULL,
    status taskstatus NOT NULL,
    start_datetime timestamp without time zone,
    end_datetime timestamp without time zone,
    PRIMARY KEY (name)
);

CREATE INDEX ix_task_name ON task (name);
