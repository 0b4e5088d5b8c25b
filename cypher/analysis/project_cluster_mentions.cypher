// Projects the mentions INSIDE clusters for hub PageRank: every creator, and a directed
// relationship a -> b (a mentioned b) with `weight` = sum of MENTIONED.count (1 when missing)
// when a and b are in the same cluster of this run. No cross-cluster edges, so each cluster's
// PageRank is its own. Returns `nodes` and `relationships`.
// $graph: name of the in-memory graph to create
// $run_id: the running analysis
// A fixed row order gives the same internal node ids every run, so PageRank adds in the same
// order and a rerun gives the same scores to the last bit (without it they moved in the last bits).
MATCH (run:AnalysisRun {id: $run_id})-[score:SCORED]->(creator:Creator)
OPTIONAL MATCH (creator)-[mention:MENTIONED]->(other:Creator)<-[other_score:SCORED]-(run)
WHERE other <> creator AND other_score.cluster = score.cluster
WITH creator, other, sum(coalesce(mention.count, 1)) AS mentions
ORDER BY creator.id, other.id
WITH gds.graph.project($graph, creator, other,
       {relationshipProperties: {weight: toFloat(mentions)}}) AS projected
RETURN projected.nodeCount AS nodes, projected.relationshipCount AS relationships
