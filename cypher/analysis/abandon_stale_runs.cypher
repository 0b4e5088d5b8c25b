// Marks runs left 'running' by an interrupted process (any run other than this one) as
// 'abandoned' and deletes their staged per-creator scores. Returns `abandoned`, how many.
// $run_id: the run that is starting now (left alone)
MATCH (stale:AnalysisRun {status: 'running'})
WHERE stale.id <> $run_id
OPTIONAL MATCH (stale)-[score:SCORED]->(:Creator)
DELETE score
WITH DISTINCT stale
SET stale.status = 'abandoned', stale.finished_at = datetime()
RETURN count(stale) AS abandoned
