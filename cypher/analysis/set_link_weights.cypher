// Sets each staged link's clustering `weight` = score + mention_weight * mentions (a missing
// part counts 0), where score is the link's `jaccard`, or its `affinity` (degree-weighted
// Jaccard, sparse engine) when $pair_score is 'affinity'. This weighted, undirected graph is what
// Leiden/Louvain cluster and what participation and constraint are measured on. Returns `links`.
// $run_id: the running analysis
// $mention_weight: weight of one mention in the clustering graph
// $pair_score: 'jaccard' or 'affinity' (the run's pair_score)
MATCH (:Creator)-[link:ANALYSIS_LINK {run_id: $run_id}]->(:Creator)
SET link.weight = CASE WHEN $pair_score = 'affinity' THEN coalesce(link.affinity, link.jaccard, 0.0)
                       ELSE coalesce(link.jaccard, 0.0) END
                  + $mention_weight * coalesce(link.mentions, 0)
RETURN count(*) AS links
