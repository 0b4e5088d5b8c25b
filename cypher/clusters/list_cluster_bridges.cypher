// The bridges of one cluster, best bridge_score first: `out` are its own members that share
// audience with or mention other clusters; `in` are other clusters' creators linked to it.
// Returns per creator: `direction` ('out' or 'in'), `id`, `handle`, `cluster`, `bridge_score`,
// `links` (shared-audience and mention links across the boundary).
// $cluster: the cluster id
// $limit: most creators per direction
CALL () {
  MATCH (c:Creator {cluster: $cluster})-[link:SHARES_AUDIENCE|MENTIONED]-(other:Creator)
  WHERE other.cluster <> $cluster
  WITH c, count(link) AS links ORDER BY c.bridge_score DESC, c.id LIMIT $limit
  RETURN 'out' AS direction, c, links
  UNION ALL
  MATCH (c:Creator)-[link:SHARES_AUDIENCE|MENTIONED]-(:Creator {cluster: $cluster})
  WHERE c.cluster <> $cluster
  WITH c, count(link) AS links ORDER BY c.bridge_score DESC, c.id LIMIT $limit
  RETURN 'in' AS direction, c, links
}
RETURN direction, c.id AS id, c.handle AS handle, c.cluster AS cluster, c.bridge_score AS bridge_score, links
