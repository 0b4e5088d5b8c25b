// One analysis run's kept per-creator results (its SCORED edges), by creator id: `id`,
// `cluster`, `hub_score`, `is_hub`, `bridge_score`, `bridge_rank`. No rows for a run whose results
// were pruned (see analysis.prune_old_scores) or that never ran.
// $run_id: the run id
MATCH (:AnalysisRun {id: $run_id})-[score:SCORED]->(creator:Creator)
RETURN creator.id AS id, score.cluster AS cluster, score.hub_score AS hub_score,
       coalesce(score.is_hub, false) AS is_hub, score.bridge_score AS bridge_score,
       score.bridge_rank AS bridge_rank
ORDER BY id
