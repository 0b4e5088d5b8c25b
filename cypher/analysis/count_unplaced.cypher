// How many creators a run marked unplaced (write_placement). Returns `unplaced`.
// $run_id: the analysis run
MATCH (:AnalysisRun {id: $run_id})-[score:SCORED]->(:Creator)
RETURN count(CASE WHEN score.unplaced THEN 1 END) AS unplaced
