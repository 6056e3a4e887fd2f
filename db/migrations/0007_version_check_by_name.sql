-- Step 7: the version check by name. Every kanban statement names the domain
-- kanban_schema_7, which the server finds in its catalog cache while it parses the statement:
-- a fresh session pays about 0.05 ms for it, where reading kanban_schema_version cost 0.4 ms
-- of a 6 ms command (benches/latency.py). Each later step drops this domain and creates its
-- own, so a binary built for another version fails to parse its statements (SQLSTATE 42704)
-- and only then reads the version table, through kanban_schema_is, for the message. The
-- version table stays the record of the steps applied.
CREATE DOMAIN kanban_schema_7 AS boolean;
COMMENT ON DOMAIN kanban_schema_7 IS
    'kanban''s schema version marker: present exactly while the schema is at version 7';
