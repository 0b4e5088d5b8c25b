// Starts an analysis run: creates (:AnalysisRun {status: 'running', current: false}). Its results
// are staged under its id and only become the served ones when publish succeeds. Returns `id`.
// $run_id: the new run's id
// $params: the run's parameters, as a JSON string
// $seed: the random seed used by every randomised algorithm of the run
CREATE (run:AnalysisRun {
  id: $run_id, status: 'running', current: false, started_at: datetime(),
  params: $params, seed: $seed
})
RETURN run.id AS id
