// Bench only (bench/plan.py): gives creators a stand-in `cluster` (their genre) so the frequency
// pack can target one, without running an analysis first. Returns `creators`.
// $rows: list of {id, cluster}
UNWIND $rows AS row
MATCH (c:Creator {id: row.id})
SET c.cluster = row.cluster
RETURN count(*) AS creators
