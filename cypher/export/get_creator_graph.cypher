// The creator map for Gephi, Kumu and others: creators (optionally one cluster) and, for each,
// its $top_edges strongest shared-audience links inside the selection. Returns `nodes` (id,
// handle, followers, cluster, bridge_score, hub_score, flagged: authenticity flags, false if none), `edges` (source, target, shared, lift) and
// `total_edges`, how many shared-audience links the selection has in all (so a map can say how
// many it leaves out).
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
  WITH c, collect(s) AS links
  WITH collect(links[..$top_edges]) AS strongest, collect(links) AS everything
  RETURN apoc.coll.toSet(apoc.coll.flatten(strongest)) AS kept,
         size(apoc.coll.toSet(apoc.coll.flatten(everything))) AS total_edges
}
RETURN [c IN creators | c {.id, .handle, .followers, .cluster, .bridge_score, .hub_score,
                           flagged: coalesce(c.flagged, false)}] AS nodes,
       [s IN kept | {source: startNode(s).id, target: endNode(s).id, shared: s.shared, lift: s.lift}] AS edges,
       total_edges
