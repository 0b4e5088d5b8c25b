// Journaled loads that stopped half-way (their process or the server died): one row per LoadRun not
// 'done' or 'rolled_back' whose heartbeat is older than $stale_seconds (a live load beats more
// often), its `id`, `source` and `status` ('cleaning' ones are completed, the rest rolled back).
// $stale_seconds: how long without a heartbeat before a load counts as dead
MATCH (l:LoadRun)
WHERE l.journal IS NULL
  AND NOT l.status IN ['done', 'rolled_back']
  AND l.changed_at <= datetime() - duration({seconds: $stale_seconds})
RETURN l.id AS id, l.source AS source, l.status AS status
ORDER BY l.started_at
