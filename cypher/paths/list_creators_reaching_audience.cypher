// Which creators reach this creator's audience: other creators ranked by how many of its
// audience members (FOLLOWS or ENGAGED_WITH) also follow or engaged with them. Returns `id`,
// `name`, `shared` (members in common), `share` (shared / this creator's audience) and `cluster`.
// $creator: id of the creator whose audience is looked at
// $limit: most creators returned
MATCH (creator:Creator {id: $creator})<-[:FOLLOWS|ENGAGED_WITH]-(member:AudienceMember)
WITH creator, collect(DISTINCT member) AS audience
UNWIND audience AS member
MATCH (member)-[:FOLLOWS|ENGAGED_WITH]->(other:Creator)
WHERE other <> creator
WITH creator, size(audience) AS audience_size, other, count(DISTINCT member) AS shared
RETURN other.id AS id, other.name AS name, shared, toFloat(shared) / audience_size AS share,
       other.cluster AS cluster
ORDER BY shared DESC, id
LIMIT $limit
