// The white space of a target audience: creators outside the roster who reach the most target
// members the roster misses, best first: `id`, `handle`, `cluster`, `uncovered_reached` (target
// members it reaches that no roster creator reaches), `uncovered` (all such members) and
// `target_size`. The target is the audience of $target_ids; the roster is $roster_ids.
// $target_ids: the creators whose audiences are the target
// $roster_ids: the creators already in the roster
// $limit: at most this many rows
// $cleaned: true leaves out members marked `suspicious` by the last authenticity assessment
UNWIND $target_ids AS target_id
MATCH (:Creator {id: target_id})<-[:FOLLOWS|ENGAGED_WITH]-(t:AudienceMember)
WHERE NOT ($cleaned AND coalesce(t.suspicious, false))
WITH DISTINCT t
WITH t, EXISTS { (t)-[:FOLLOWS|ENGAGED_WITH]->(r:Creator) WHERE r.id IN $roster_ids } AS covered
WITH collect(t) AS targets, collect(CASE WHEN NOT covered THEN t END) AS gaps
WITH size(targets) AS target_size, gaps, size(gaps) AS uncovered
UNWIND gaps AS t
MATCH (t)-[:FOLLOWS|ENGAGED_WITH]->(o:Creator)
WHERE NOT o.id IN $roster_ids
WITH target_size, uncovered, o, count(DISTINCT t) AS uncovered_reached
RETURN o.id AS id, o.handle AS handle, o.cluster AS cluster, uncovered_reached, uncovered, target_size
ORDER BY uncovered_reached DESC, id
LIMIT $limit
