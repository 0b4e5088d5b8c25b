// Deletes the staged ANALYSIS_LINK relationships of one run (cleanup after a failure), unless the
// run succeeded after all (its publish committed before the failure was seen). Returns `deleted`.
// $run_id: the run whose staged links go
MATCH (:Creator)-[link:ANALYSIS_LINK {run_id: $run_id}]->(:Creator)
WHERE NOT EXISTS { MATCH (:AnalysisRun {id: $run_id, status: 'succeeded'}) }
DELETE link
RETURN count(*) AS deleted
