// For every member in the audience of the given creators, the clusters whose audience it is in:
// `member` (elementId) and `clusters` (distinct `cluster` of the creators it follows or engaged
// with). Used by the bridge goal to count the clusters a plan reaches.
// $creator_ids: the candidate creators' ids
// $cleaned: true leaves out members marked `suspicious` by the last authenticity assessment
MATCH (c:Creator)
WHERE c.id IN $creator_ids
MATCH (c)<-[:FOLLOWS|ENGAGED_WITH]-(m:AudienceMember)
WHERE NOT ($cleaned AND coalesce(m.suspicious, false))
WITH DISTINCT m
MATCH (m)-[:FOLLOWS|ENGAGED_WITH]->(o:Creator)
WHERE o.cluster IS NOT NULL
RETURN elementId(m) AS member, collect(DISTINCT o.cluster) AS clusters
