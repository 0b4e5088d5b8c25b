// Hubs, the "influencer's influencer" of each cluster. hub_degree = weighted degree (sum of
// Jaccard) on shared-audience links inside the cluster, computed in memory from the run's links
// (service/domain/analysis/run_links.py). Both hub_pagerank and hub_degree are scaled to 0..1
// within the cluster ((x - min) / (max - min); 0 when all are equal, e.g. a cluster with no
// mentions), and hub_score = pagerank_weight * scaled pagerank +
// (1 - pagerank_weight) * scaled degree. hub_rank is the 0-based rank in the cluster (ties by id);
// is_hub marks the first min(hubs_per_cluster, floor(size / 2)) with hub_score > 0: a singleton
// has no hub and hubs are always a minority. Returns `hubs`.
// $run_id: the running analysis
// $pagerank_weight: share of PageRank in hub_score (0..1)
// $hubs_per_cluster: most hubs marked per cluster
// $degrees: {creator id: hub_degree}
MATCH (run:AnalysisRun {id: $run_id})-[score:SCORED]->(creator:Creator)
SET score.hub_degree = coalesce($degrees[creator.id], 0.0)
WITH run, score.cluster AS cluster, collect({score: score, id: creator.id}) AS members
WITH run, cluster, members,
     reduce(lo = 1e308, m IN members | CASE WHEN m.score.hub_pagerank < lo THEN m.score.hub_pagerank ELSE lo END) AS pr_min,
     reduce(hi = -1e308, m IN members | CASE WHEN m.score.hub_pagerank > hi THEN m.score.hub_pagerank ELSE hi END) AS pr_max,
     reduce(lo = 1e308, m IN members | CASE WHEN m.score.hub_degree < lo THEN m.score.hub_degree ELSE lo END) AS deg_min,
     reduce(hi = -1e308, m IN members | CASE WHEN m.score.hub_degree > hi THEN m.score.hub_degree ELSE hi END) AS deg_max
UNWIND members AS member
WITH cluster, size(members) AS size, member.id AS id, member.score AS score,
     CASE WHEN pr_max > pr_min THEN (member.score.hub_pagerank - pr_min) / (pr_max - pr_min) ELSE 0.0 END AS pr,
     CASE WHEN deg_max > deg_min THEN (member.score.hub_degree - deg_min) / (deg_max - deg_min) ELSE 0.0 END AS deg
SET score.hub_score = $pagerank_weight * pr + (1.0 - $pagerank_weight) * deg
WITH cluster, size, score, id
ORDER BY cluster, score.hub_score DESC, id
WITH cluster, size, collect(score) AS ranked
UNWIND range(0, size(ranked) - 1) AS rank
WITH ranked[rank] AS score, rank, size
SET score.hub_rank = rank,
    score.is_hub = score.hub_score > 0 AND rank < CASE WHEN $hubs_per_cluster < size / 2 THEN $hubs_per_cluster ELSE size / 2 END
RETURN count(CASE WHEN score.is_hub THEN 1 END) AS hubs
