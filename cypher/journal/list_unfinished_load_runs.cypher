// Journaled loads (the classic journal, no `journal` property; the fast writer's 'undo' loads are
// ingest.list_unfinished_load_runs) still 'writing', 'cleaning' or 'rolling_back', oldest first:
// `id`, `source`, `status` ('cleaning' ones are completed, the rest rolled back), `owner`
// ("host:pid", null for loads of older versions) and `silent_seconds` since `changed_at`, its
// heartbeat (by the database's clock). The caller decides which are dead (loaders.journal.recover_unfinished).
MATCH (l:LoadRun)
WHERE l.journal IS NULL
  AND l.status IN ['writing', 'cleaning', 'rolling_back']
RETURN l.id AS id, l.source AS source, l.status AS status, l.owner AS owner,
       duration.inSeconds(l.changed_at, datetime()).seconds AS silent_seconds
ORDER BY l.started_at
