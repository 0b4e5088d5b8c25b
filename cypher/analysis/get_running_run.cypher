// The analysis run in progress, if any: one row with `id` and `started_at`, or none.
MATCH (run:AnalysisRun {status: 'running'})
RETURN run.id AS id, toString(run.started_at) AS started_at
ORDER BY run.started_at DESC
LIMIT 1
