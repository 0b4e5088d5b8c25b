// Succeeded analysis runs, newest first: `id`, `current`, `finished_at` (ISO string) and `scored`
// (creators whose results the run still keeps; 0 once pruned). At most $limit rows.
// $limit: rows to return
MATCH (run:AnalysisRun {status: 'succeeded'})
RETURN run.id AS id, run.current AS current, toString(run.finished_at) AS finished_at,
       COUNT { (run)-[:SCORED]->(:Creator) } AS scored
ORDER BY run.finished_at DESC
LIMIT $limit
