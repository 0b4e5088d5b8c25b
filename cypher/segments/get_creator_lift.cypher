// Creators outside the target whose audience over-indexes on a target audience, highest lift
// first: `id`, `handle`, `cluster`, `shared` (target members in its audience), `audience` (its
// audience), `target_size`, `total` (all audience members) and `lift` = (shared / audience) /
// (target_size / total), as for clusters. The target is the audience of $target_ids.
// $target_ids: the creators whose audiences are the target (a cluster's creators, or seed creators)
// $min_shared: leave out creators sharing fewer members than this (small overlaps give noisy lifts)
// $limit: at most this many rows
// $cleaned: true leaves out members marked `suspicious` by the last authenticity assessment
CALL () {
  MATCH (m:AudienceMember)
  WHERE NOT ($cleaned AND coalesce(m.suspicious, false))
  RETURN count(m) AS total
}
UNWIND $target_ids AS target_id
MATCH (:Creator {id: target_id})<-[:FOLLOWS|ENGAGED_WITH]-(t:AudienceMember)
WHERE NOT ($cleaned AND coalesce(t.suspicious, false))
WITH total, collect(DISTINCT t) AS targets
WITH total, targets, size(targets) AS target_size
UNWIND targets AS t
MATCH (t)-[:FOLLOWS|ENGAGED_WITH]->(o:Creator)
WHERE NOT o.id IN $target_ids
WITH total, target_size, o, count(DISTINCT t) AS shared
WHERE shared >= $min_shared
WITH total, target_size, o, shared,
     COUNT {
       MATCH (o)<-[:FOLLOWS|ENGAGED_WITH]-(a:AudienceMember)
       WHERE NOT ($cleaned AND coalesce(a.suspicious, false))
       RETURN DISTINCT a
     } AS audience
RETURN o.id AS id, o.handle AS handle, o.cluster AS cluster, shared, audience, target_size, total,
       toFloat(shared) * total / (toFloat(target_size) * audience) AS lift
ORDER BY lift DESC, shared DESC, id
LIMIT $limit
