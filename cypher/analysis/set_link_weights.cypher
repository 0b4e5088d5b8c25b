// Sets each staged link's clustering `weight` = jaccard + mention_weight * mentions (a missing
// part counts 0). This weighted, undirected graph is what Leiden/Louvain cluster and what
// participation and constraint are measured on. Returns `links`.
// $run_id: the running analysis
// $mention_weight: weight of one mention in the clustering graph
MATCH (:Creator)-[link:ANALYSIS_LINK {run_id: $run_id}]->(:Creator)
SET link.weight = coalesce(link.jaccard, 0.0) + $mention_weight * coalesce(link.mentions, 0)
RETURN count(*) AS links
