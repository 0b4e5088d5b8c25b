// Returns `hubs`: how many creators the run marked as hubs.
// $run_id: the running analysis
MATCH (:AnalysisRun {id: $run_id})-[score:SCORED]->(:Creator)
WHERE score.is_hub
RETURN count(score) AS hubs
