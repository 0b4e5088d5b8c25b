// Journaled loads of the fast writer (`journal: 'undo'`) still 'writing', 'cleaning' or
// 'rolling_back', oldest first: `id`, `source`, `status` ('cleaning' ones are completed, the rest
// rolled back), `owner` ("host:pid") and `silent_seconds` since `changed_at`, its heartbeat (by the
// database's clock).
// The caller decides which are dead (loaders.ingest.recover_unfinished).
MATCH (l:LoadRun {journal: 'undo'})
WHERE l.status IN ['writing', 'cleaning', 'rolling_back']
RETURN l.id AS id, l.source AS source, l.status AS status, l.owner AS owner,
       duration.inSeconds(l.changed_at, datetime()).seconds AS silent_seconds
ORDER BY l.started_at
