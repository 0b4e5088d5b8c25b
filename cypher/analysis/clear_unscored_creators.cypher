// Publishing, step 2: removes analysis results from creators the run did not score (added after
// it started), so no creator shows results of an older run. Returns `cleared`.
// $run_id: the succeeded run
MATCH (creator:Creator)
WHERE creator.analysis_run IS NOT NULL AND creator.analysis_run <> $run_id
REMOVE creator.cluster, creator.hub_score, creator.is_hub, creator.hub_pagerank, creator.hub_degree,
       creator.bridge_score, creator.bridge_rank, creator.bridge_clusters_audience,
       creator.bridge_clusters_mentions, creator.participation, creator.betweenness,
       creator.constraint, creator.audience_size, creator.analysis_run
RETURN count(*) AS cleared
