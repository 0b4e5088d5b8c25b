// Stores each creator's stable cluster id on the run's SCORED relationship. Returns `written`.
// $run_id: the running analysis
// $rows: list of {id: creator id, cluster: stable cluster id}
MATCH (run:AnalysisRun {id: $run_id})
UNWIND $rows AS row
MATCH (run)-[score:SCORED]->(:Creator {id: row.id})
SET score.cluster = row.cluster
RETURN count(*) AS written
