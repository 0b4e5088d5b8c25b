// Deletes the staged ANALYSIS_LINK relationships of one run (cleanup after a failure).
// Returns `deleted`.
// $run_id: the run whose staged links go
MATCH (:Creator)-[link:ANALYSIS_LINK {run_id: $run_id}]->(:Creator)
DELETE link
RETURN count(*) AS deleted
