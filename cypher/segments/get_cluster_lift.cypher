// Clusters whose audience over-indexes on a target audience, highest lift first: `cluster`,
// `shared` (target members also in the cluster's audience), `audience` (the cluster's audience),
// `target_size`, `total` (all audience members) and `lift` = (shared / audience) / (target_size /
// total): how many times likelier a member of the cluster's audience is to be in the target than
// a member picked at random (1.0 = no affinity). The target is the audience of $target_ids; the
// target creators themselves are left out of every cluster, so a target cluster never matches itself.
// $target_ids: the creators whose audiences are the target (a cluster's creators, or seed creators)
// $min_shared: leave out clusters sharing fewer members than this (small overlaps give noisy lifts)
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
WHERE o.cluster IS NOT NULL AND NOT o.id IN $target_ids
WITH total, target_size, o.cluster AS cluster, count(DISTINCT t) AS shared
WHERE shared >= $min_shared
CALL (cluster) {
  MATCH (k:Creator {cluster: cluster})<-[:FOLLOWS|ENGAGED_WITH]-(a:AudienceMember)
  WHERE NOT k.id IN $target_ids AND NOT ($cleaned AND coalesce(a.suspicious, false))
  RETURN count(DISTINCT a) AS audience
}
RETURN cluster, shared, audience, target_size, total,
       toFloat(shared) * total / (toFloat(target_size) * audience) AS lift
ORDER BY lift DESC, shared DESC, cluster
LIMIT $limit
