// Keeps per-creator SCORED results of the current run and the one before it only (the run
// records themselves stay). Returns `deleted`.
// $run_id: the run that just became current
MATCH (run:AnalysisRun)-[score:SCORED]->(:Creator)
WHERE run.id <> $run_id AND NOT run.current
  AND NOT run.id IN COLLECT {
    MATCH (kept:AnalysisRun {status: 'succeeded'}) WHERE kept.id <> $run_id
    RETURN kept.id ORDER BY kept.finished_at DESC LIMIT 1
  }
DELETE score
RETURN count(*) AS deleted
