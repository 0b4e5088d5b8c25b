// Schema: one (:LoadRun {id, source, kind, status, started_at}) per large (journaled) load. Returns nothing.
CREATE CONSTRAINT load_run_id IF NOT EXISTS FOR (l:LoadRun) REQUIRE l.id IS UNIQUE
