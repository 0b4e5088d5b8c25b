// Keeps per-creator SCORED results of the $keep_runs most recent succeeded runs (the current one
// included) so `influence-map changes` can compare runs; older runs lose their SCORED edges (the
// run records themselves stay). A running run is never touched: the run that just published has
// already freed the slot, so the next run may be staging its scores while this prune runs.
// Returns `deleted`.
// $run_id: the run that just became current
// $keep_runs: how many succeeded runs keep their results (at least 2: the current and the previous)
MATCH (run:AnalysisRun)-[score:SCORED]->(:Creator)
WHERE run.id <> $run_id AND NOT run.current AND coalesce(run.status, '') <> 'running'
  AND NOT run.id IN COLLECT {
    MATCH (kept:AnalysisRun {status: 'succeeded'}) WHERE kept.id <> $run_id
    RETURN kept.id ORDER BY kept.finished_at DESC LIMIT $keep_runs - 1
  }
DELETE score
RETURN count(*) AS deleted
