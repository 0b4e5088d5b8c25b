// Marks a running run failed, with the error, frees its slot and deletes its staged per-creator
// scores; the current run (and so the served results) is untouched. A run that is no longer
// running (it succeeded after all, or was abandoned meanwhile) is left as it is. Returns `id`.
// $run_id: the run that failed
// $error: what went wrong, for people
MATCH (run:AnalysisRun {id: $run_id, status: 'running'})
OPTIONAL MATCH (run)-[score:SCORED]->(:Creator)
DELETE score
WITH DISTINCT run
SET run.status = 'failed', run.error = $error, run.finished_at = datetime(), run.current = false
REMOVE run.slot
RETURN run.id AS id
