// Analysis runs recorded as running, newest first: `id`, `owner` ("host:pid" of the process
// running it; null for runs of older versions), `started_at` (ISO string) and `silent_seconds`,
// seconds since its last heartbeat (or its start), by the database's clock.
MATCH (run:AnalysisRun {status: 'running'})
RETURN run.id AS id, run.owner AS owner, toString(run.started_at) AS started_at,
       duration.inSeconds(coalesce(run.heartbeat_at, run.started_at), datetime()).seconds
         AS silent_seconds
ORDER BY run.started_at DESC
