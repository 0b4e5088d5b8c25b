// The current results, one row per creator, for explaining bridge scores: `id`, `name`,
// `cluster`, `bridge_score`, `bridge_rank`, and the components `bridge_clusters_audience`,
// `bridge_clusters_mentions`, `participation`, `betweenness`, `constraint`.
MATCH (creator:Creator)
WHERE creator.bridge_score IS NOT NULL
RETURN creator.id AS id, creator.name AS name, creator.cluster AS cluster,
       creator.bridge_score AS bridge_score, creator.bridge_rank AS bridge_rank,
       creator.bridge_clusters_audience AS bridge_clusters_audience,
       creator.bridge_clusters_mentions AS bridge_clusters_mentions,
       creator.participation AS participation, creator.betweenness AS betweenness,
       creator.constraint AS constraint
ORDER BY id
