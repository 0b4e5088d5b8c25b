// The creator map for Gephi, Kumu and others: creators (optionally one cluster) and, for each,
// its $top_edges strongest shared-audience links inside the selection. Returns `nodes` (id,
// handle, name, followers, cluster, cluster_name: the cluster's served name (a person's, else the
// automatic one), bridge_score, bridge_rank (1 = strongest), hub_score, is_hub, topics (names,
// sorted), flagged: authenticity flags, false if none), `edges` (source, target, shared, lift)
// and `total_edges`, how many shared-audience links the selection has in all (so a map can say
// how many it leaves out).
// $cluster: only this cluster, or null for all
// $max_nodes: at most this many creators (the most followed first)
// $top_edges: strongest links kept per creator
MATCH (c:Creator)
WHERE $cluster IS NULL OR c.cluster = $cluster
WITH c ORDER BY c.followers DESC, c.id LIMIT $max_nodes
WITH collect(c) AS creators
// A map keyed by id: membership in O(1) instead of a scan of the list per link.
WITH creators, apoc.map.fromLists([c IN creators | c.id], [c IN creators | true]) AS chosen
// Each creator's strongest links inside the selection (ties by element id, so the map is stable),
// and how many links the selection has in all (each link once: from its start node).
CALL (creators, chosen) {
  UNWIND creators AS c
  CALL (c, chosen) {
    MATCH (c)-[s:SHARES_AUDIENCE]-(o:Creator)
    WHERE chosen[o.id]
    WITH s ORDER BY s.shared DESC, elementId(s)
    LIMIT $top_edges
    RETURN s
  }
  WITH DISTINCT s
  RETURN collect(s) AS kept
}
CALL (creators, chosen) {
  UNWIND creators AS c
  MATCH (c)-[s:SHARES_AUDIENCE]->(o:Creator)
  WHERE chosen[o.id]
  RETURN count(s) AS total_edges
}
CALL () {
  OPTIONAL MATCH (named:Cluster)
  WITH collect([toString(named.id), coalesce(named.custom_name, named.auto_name)]) AS pairs
  RETURN apoc.map.fromPairs([pair IN pairs WHERE pair[0] IS NOT NULL AND pair[1] IS NOT NULL]) AS names
}
RETURN [c IN creators | c {.id, .handle, .name, .followers, .cluster,
                           cluster_name: CASE WHEN c.cluster IS NULL THEN null
                                              ELSE coalesce(names[toString(c.cluster)], 'Cluster ' + toString(c.cluster)) END,
                           .bridge_score, .bridge_rank, .hub_score, is_hub: coalesce(c.is_hub, false),
                           topics: apoc.coll.sort(COLLECT { MATCH (c)-[:POSTS_ABOUT]->(t:Topic) RETURN t.name }),
                           flagged: coalesce(c.flagged, false)}] AS nodes,
       [s IN kept | {source: startNode(s).id, target: endNode(s).id, shared: s.shared, lift: s.lift}] AS edges,
       total_edges
