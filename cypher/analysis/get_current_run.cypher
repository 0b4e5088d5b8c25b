// Returns the current (last succeeded) analysis run: `id`, `status`, `started_at`, `finished_at`
// (ISO strings), `params`, `counts` and `timings` (JSON strings; timings null for runs recorded
// before runs were timed), `seed`, `modularity`; no row before any run.
MATCH (run:AnalysisRun {current: true})
RETURN run.id AS id, run.status AS status, toString(run.started_at) AS started_at,
       toString(run.finished_at) AS finished_at, run.params AS params, run.counts AS counts, run.timings AS timings,
       run.seed AS seed, run.modularity AS modularity
