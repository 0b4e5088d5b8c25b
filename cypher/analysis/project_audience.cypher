// Projects the audience graph for nodeSimilarity: (:Creator)-->(:AudienceMember), one
// relationship per distinct (creator, member) however many FOLLOWS/ENGAGED_WITH link them.
// Members who reach only one creator are pruned first: they add to no pair's overlap, only to
// the work (audience sizes for the ratios come from SCORED.audience_size, never from this graph).
// Returns `nodes` and `relationships` of the projection.
// $graph: name of the in-memory graph to create
// $cleaned: true leaves out members marked `suspicious` by the last authenticity assessment
MATCH (member:AudienceMember)-[:FOLLOWS|ENGAGED_WITH]->(creator:Creator)
WHERE NOT ($cleaned AND coalesce(member.suspicious, false))
WITH member, collect(DISTINCT creator) AS creators
WHERE size(creators) >= 2
UNWIND creators AS creator
WITH gds.graph.project($graph, creator, member) AS projected
RETURN projected.nodeCount AS nodes, projected.relationshipCount AS relationships
