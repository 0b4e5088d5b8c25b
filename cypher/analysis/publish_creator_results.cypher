// Publishing, step 1 (same transaction as the other publish steps): copies the run's SCORED
// results onto every scored Creator: cluster, hub_score, is_hub, hub_pagerank, hub_degree,
// bridge_score, bridge_rank and its components (bridge_clusters_audience,
// bridge_clusters_mentions, participation, betweenness, constraint), audience_size, and
// analysis_run (the run id). Returns `creators`.
// $run_id: the succeeded run
MATCH (:AnalysisRun {id: $run_id})-[score:SCORED]->(creator:Creator)
SET creator.cluster = score.cluster,
    creator.hub_score = score.hub_score,
    creator.is_hub = score.is_hub,
    creator.hub_pagerank = score.hub_pagerank,
    creator.hub_degree = score.hub_degree,
    creator.bridge_score = score.bridge_score,
    creator.bridge_rank = score.bridge_rank,
    creator.bridge_clusters_audience = score.bridge_clusters_audience,
    creator.bridge_clusters_mentions = score.bridge_clusters_mentions,
    creator.participation = score.participation,
    creator.betweenness = score.betweenness,
    creator.constraint = score.constraint,
    creator.audience_size = score.audience_size,
    creator.analysis_run = $run_id
RETURN count(*) AS creators
