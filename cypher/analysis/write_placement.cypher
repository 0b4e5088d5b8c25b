// How well each creator sits in its cluster: `placement` = the share of its clustering-link weight
// (ANALYSIS_LINK, both directions) that goes to creators of its own cluster, computed in memory
// from the clustered links (service/domain/analysis/link_graph.py) and stored on the run's SCORED
// relationship with `unplaced` = placement below $min_placement, or no links at all (placement
// null). Unplaced creators keep their cluster id (a Leiden community always has one) but answers
// say the placement is weak instead of lumping them with the cluster's core.
// Returns `creators` (scored).
// $run_id: the running analysis (its SCORED clusters are written)
// $placements: {creator id: placement} (null or missing without link weight)
// $min_placement: least share of link weight inside the cluster for a placed creator
MATCH (run:AnalysisRun {id: $run_id})-[score:SCORED]->(creator:Creator)
WITH score, $placements[creator.id] AS placement
SET score.placement = placement,
    score.unplaced = placement IS NULL OR placement < $min_placement
RETURN count(*) AS creators
