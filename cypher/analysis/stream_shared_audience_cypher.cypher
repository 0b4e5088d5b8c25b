// The independent pure-Cypher computation of shared audience, for checking the GDS one: every
// pair (a.id < b.id) sharing at least min_shared distinct members, with `a`, `b`, `shared`,
// `jaccard`, `overlap`, `share_a`, `share_b` and `lift` defined as in
// write_shared_audience_links (N = members reaching any creator). No top-k and no Jaccard cutoff:
// it returns all pairs. Quadratic in each member's creator count; meant for tests and audits.
// $min_shared: least number of shared members for a pair to be returned
// $cleaned: true leaves out members marked `suspicious` (as an analysis run on cleaned audiences)
MATCH (member:AudienceMember)
WHERE EXISTS { (member)-[:FOLLOWS|ENGAGED_WITH]->(:Creator) }
  AND NOT ($cleaned AND coalesce(member.suspicious, false))
WITH count(member) AS members
MATCH (member:AudienceMember)-[:FOLLOWS|ENGAGED_WITH]->(creator:Creator)
WHERE NOT ($cleaned AND coalesce(member.suspicious, false))
WITH members, member, collect(DISTINCT creator) AS creators
WHERE size(creators) >= 2
UNWIND creators AS a
UNWIND creators AS b
WITH members, a, b
WHERE a.id < b.id
WITH members, a, b, count(*) AS shared
WHERE shared >= $min_shared
WITH members, a, b, shared,
     toFloat(size(COLLECT { MATCH (a)<-[:FOLLOWS|ENGAGED_WITH]-(m:AudienceMember) WHERE NOT ($cleaned AND coalesce(m.suspicious, false)) RETURN DISTINCT m })) AS size_a,
     toFloat(size(COLLECT { MATCH (b)<-[:FOLLOWS|ENGAGED_WITH]-(m:AudienceMember) WHERE NOT ($cleaned AND coalesce(m.suspicious, false)) RETURN DISTINCT m })) AS size_b
RETURN a.id AS a, b.id AS b, shared,
       shared / (size_a + size_b - shared) AS jaccard,
       shared / CASE WHEN size_a < size_b THEN size_a ELSE size_b END AS overlap,
       shared / size_a AS share_a,
       shared / size_b AS share_b,
       shared * toFloat(members) / (size_a * size_b) AS lift
ORDER BY a, b
