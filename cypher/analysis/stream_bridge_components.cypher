// Returns the run's bridge components, one row per creator: `id`, `cluster`,
// `bridge_clusters_audience`, `bridge_clusters_mentions`, `participation`, `betweenness`,
// `constraint` (null without links). Python combines them into bridge_score.
// $run_id: the analysis run
MATCH (:AnalysisRun {id: $run_id})-[score:SCORED]->(creator:Creator)
RETURN creator.id AS id, score.cluster AS cluster,
       score.bridge_clusters_audience AS bridge_clusters_audience,
       score.bridge_clusters_mentions AS bridge_clusters_mentions,
       score.participation AS participation, score.betweenness AS betweenness,
       score.constraint AS constraint
ORDER BY id
