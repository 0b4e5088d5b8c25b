// Each chosen creator's audience within a campaign, one row per creator that exists: `id`,
// `audience` (members who follow or engaged with it) and `exclusive` (of those, members no other
// chosen creator reaches: what the campaign loses without it).
// $creator_ids: the chosen creators' ids
// $cleaned: true leaves out members marked `suspicious` by the last authenticity assessment
MATCH (c:Creator)
WHERE c.id IN $creator_ids
OPTIONAL MATCH (c)<-[:FOLLOWS|ENGAGED_WITH]-(m:AudienceMember)
WHERE NOT ($cleaned AND coalesce(m.suspicious, false))
WITH DISTINCT c, m
WITH c, m,
     m IS NOT NULL
     AND NOT EXISTS { (m)-[:FOLLOWS|ENGAGED_WITH]->(o:Creator) WHERE o.id IN $creator_ids AND o <> c }
       AS only_here
RETURN c.id AS id, count(m) AS audience, count(CASE WHEN only_here THEN 1 END) AS exclusive
ORDER BY id
