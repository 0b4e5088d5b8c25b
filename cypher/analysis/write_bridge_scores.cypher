// Stores the combined bridge_score and bridge_rank (1 = strongest bridge) on the run's SCORED.
// Returns `written`.
// $run_id: the running analysis
// $rows: list of {id: creator id, bridge_score: float, bridge_rank: int}
MATCH (run:AnalysisRun {id: $run_id})
UNWIND $rows AS row
MATCH (run)-[score:SCORED]->(:Creator {id: row.id})
SET score.bridge_score = row.bridge_score, score.bridge_rank = row.bridge_rank
RETURN count(*) AS written
