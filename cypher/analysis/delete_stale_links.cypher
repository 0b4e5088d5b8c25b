// Deletes staged ANALYSIS_LINK relationships of every run other than this one (left behind by a
// failed or interrupted run). Returns `deleted`.
// $run_id: the run that is starting now (its links are kept)
MATCH (:Creator)-[link:ANALYSIS_LINK]->(:Creator)
WHERE link.run_id <> $run_id
DELETE link
RETURN count(*) AS deleted
