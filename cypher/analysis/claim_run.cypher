// Starts an analysis run if no other holds the slot: in one transaction, marks the runs named
// in $dead 'abandoned' (their process is gone; their staged scores are deleted, their slot freed)
// and creates (:AnalysisRun {status: 'running', current: false, slot: 'analysis'}). A second run
// holding the slot fails the unique constraint analysis_run_slot (a conflict). Its results are
// staged under its id and only become the served ones when publish succeeds. Returns `id` and
// `abandoned`.
// $run_id: the new run's id
// $params: the run's parameters, as a JSON string
// $seed: the random seed used by every randomised algorithm of the run
// $owner: "host:pid" of the process that runs it
// $dead: ids of running runs whose process is gone (checked by the caller)
OPTIONAL MATCH (dead:AnalysisRun {status: 'running'}) WHERE dead.id IN $dead
OPTIONAL MATCH (dead)-[score:SCORED]->(:Creator)
DELETE score
WITH DISTINCT dead
FOREACH (run IN CASE WHEN dead IS NULL THEN [] ELSE [dead] END |
  SET run.status = 'abandoned', run.finished_at = datetime(),
      run.error = 'its process stopped without finishing it'
  REMOVE run.slot)
WITH count(dead) AS abandoned
CREATE (run:AnalysisRun {
  id: $run_id, status: 'running', current: false, slot: 'analysis', owner: $owner,
  started_at: datetime(), heartbeat_at: datetime(), params: $params, seed: $seed
})
RETURN run.id AS id, abandoned
