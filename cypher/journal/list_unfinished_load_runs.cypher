// Journaled loads that stopped half-way (the process or the server died): one row per LoadRun not
// 'done' or 'rolled_back', its `id`, `source` and `status` ('cleaning' ones are finished, the rest
// rolled back).
MATCH (l:LoadRun)
WHERE NOT l.status IN ['done', 'rolled_back']
RETURN l.id AS id, l.source AS source, l.status AS status
ORDER BY l.started_at
