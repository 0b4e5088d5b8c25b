// How well each creator sits in its cluster: `placement` = the share of its clustering-link weight
// (ANALYSIS_LINK, both directions) that goes to creators of its own cluster, stored on the run's
// SCORED relationship with `unplaced` = placement below $min_placement, or no links at all
// (placement null). Unplaced creators keep their cluster id (a Leiden community always has one)
// but answers say the placement is weak instead of lumping them with the cluster's core.
// Returns `creators` (scored) and `unplaced`.
// $run_id: the running analysis (its SCORED clusters are written)
// $min_placement: least share of link weight inside the cluster for a placed creator
MATCH (run:AnalysisRun {id: $run_id})-[score:SCORED]->(creator:Creator)
CALL (run, score, creator) {
  OPTIONAL MATCH (creator)-[link:ANALYSIS_LINK {run_id: $run_id}]-(other:Creator)
  OPTIONAL MATCH (run)-[theirs:SCORED]->(other)
  RETURN sum(link.weight) AS total,
         sum(CASE WHEN theirs.cluster = score.cluster THEN link.weight ELSE 0.0 END) AS inside
}
WITH score, CASE WHEN total > 0 THEN round(inside / total, 4) END AS placement
SET score.placement = placement,
    score.unplaced = placement IS NULL OR placement < $min_placement
RETURN count(*) AS creators, count(CASE WHEN score.unplaced THEN 1 END) AS unplaced
