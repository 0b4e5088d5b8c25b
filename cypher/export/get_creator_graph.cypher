// The creator map for Gephi, Kumu and others: creators (optionally one cluster) and, for each,
// its $top_edges strongest shared-audience links inside the selection. Returns `nodes` (id,
// handle, followers, cluster, bridge_score, hub_score) and `edges` (source, target, shared, lift).
// $cluster: only this cluster, or null for all
// $max_nodes: at most this many creators (the most followed first)
// $top_edges: strongest links kept per creator
MATCH (c:Creator)
WHERE $cluster IS NULL OR c.cluster = $cluster
WITH c ORDER BY c.followers DESC, c.id LIMIT $max_nodes
WITH collect(c) AS creators
CALL (creators) {
  UNWIND creators AS c
  MATCH (c)-[s:SHARES_AUDIENCE]-(o:Creator)
  WHERE o IN creators
  WITH c, s ORDER BY s.shared DESC, elementId(s)
  WITH c, collect(s)[..$top_edges] AS strongest
  UNWIND strongest AS s
  WITH DISTINCT s
  RETURN collect({source: startNode(s).id, target: endNode(s).id, shared: s.shared, lift: s.lift}) AS edges
}
RETURN [c IN creators | c {.id, .handle, .followers, .cluster, .bridge_score, .hub_score}] AS nodes, edges
