// Creates the run's (:AnalysisRun)-[:SCORED {audience_size}]->(:Creator) from sizes counted
// outside Cypher (the `sparse` engine; score_audience_sizes counts them in Cypher). Idempotent:
// MERGE on the run and creator. Returns `creators`.
// $run_id: the running analysis
// $rows: list of {id: creator id, audience_size: distinct members who follow or engaged with it}
MATCH (run:AnalysisRun {id: $run_id})
UNWIND $rows AS row
MATCH (creator:Creator {id: row.id})
MERGE (run)-[score:SCORED]->(creator)
SET score.audience_size = row.audience_size
RETURN count(*) AS creators
