// Returns one analysis run by id: `id`, `status`, `current`, `error`, `started_at`,
// `finished_at`, `params`, `counts`, `timings` (seconds per step, JSON; null while running and for
// runs recorded before runs were timed), `seed`, `modularity`; no row when unknown.
// $run_id: the run id
MATCH (run:AnalysisRun {id: $run_id})
RETURN run.id AS id, run.status AS status, run.current AS current, run.error AS error,
       toString(run.started_at) AS started_at, toString(run.finished_at) AS finished_at,
       run.params AS params, run.counts AS counts, run.timings AS timings, run.seed AS seed, run.modularity AS modularity
