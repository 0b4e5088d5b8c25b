// Succeeded analysis runs, newest first: `id`, `current`, `started_at` and `finished_at` (ISO
// strings), `modularity`, `audience` ('raw' or 'cleaned', from the run's params), `clusters`
// (from its counts) and `kept` (whether it still keeps its per-creator results, so
// `GET /changes?since=` can compare with it). At most $limit rows after skipping $offset.
// $offset: rows to skip
// $limit: rows to return
MATCH (run:AnalysisRun {status: 'succeeded'})
WITH run ORDER BY run.finished_at DESC, run.id
SKIP $offset LIMIT $limit
WITH run, apoc.convert.fromJsonMap(coalesce(run.params, '{}')) AS params,
     apoc.convert.fromJsonMap(coalesce(run.counts, '{}')) AS counts
RETURN run.id AS id, coalesce(run.current, false) AS current, toString(run.started_at) AS started_at,
       toString(run.finished_at) AS finished_at, run.modularity AS modularity,
       coalesce(params.audience, 'raw') AS audience, counts.clusters AS clusters,
       EXISTS { (run)-[:SCORED]->(:Creator) } AS kept
