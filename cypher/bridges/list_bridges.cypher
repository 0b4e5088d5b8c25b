// One page of bridging creators, best bridge_score first. With $between, only creators linked
// (shared audience or mentions) to creators of both clusters, or members of one linked to the
// other. Returns per creator: `id`, `handle`, `cluster`, `followers`, `bridge_score`,
// `bridge_rank`, `bridge_clusters_audience`, `bridge_clusters_mentions`, `participation`,
// `betweenness`, `constraint`.
// $between: a list of two cluster ids, or null for all creators
// $offset: rows to skip
// $limit: rows to return
MATCH (c:Creator)
WHERE c.bridge_score IS NOT NULL
  AND ($between IS NULL OR all(cluster IN $between WHERE c.cluster = cluster
       OR EXISTS { (c)-[:SHARES_AUDIENCE|MENTIONED]-(:Creator {cluster: cluster}) }))
WITH c ORDER BY c.bridge_score DESC, c.id
SKIP $offset LIMIT $limit
RETURN c.id AS id, c.handle AS handle, c.cluster AS cluster, c.followers AS followers,
       c.bridge_score AS bridge_score, c.bridge_rank AS bridge_rank,
       c.bridge_clusters_audience AS bridge_clusters_audience,
       c.bridge_clusters_mentions AS bridge_clusters_mentions, c.participation AS participation,
       c.betweenness AS betweenness, c.constraint AS constraint
