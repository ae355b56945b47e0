-- H2 only (PostgreSQL keeps text in the row anyway): a report payload up to 64 KB is stored in its row instead of
-- H2's separate LOB maps, so storing a report dirties the report table's pages alone; each intake commit rewrites
-- fewer pages (bench/results/intake.md). The setting is kept in the database; larger payloads are still LOBs.
SET MAX_LENGTH_INPLACE_LOB 65536;
