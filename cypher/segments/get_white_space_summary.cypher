// How well a roster covers a target audience, one row: `target_size`, `covered` (target members
// some roster creator reaches) and `uncovered`; and `by_cluster`, a list of maps {cluster,
// uncovered} counting the missed members in each other cluster's audience (largest first): the
// parts of the target the roster under-covers. The target is the audience of $target_ids.
// $target_ids: the creators whose audiences are the target
// $roster_ids: the creators already in the roster
// $cleaned: true leaves out members marked `suspicious` by the last authenticity assessment
UNWIND $target_ids AS target_id
OPTIONAL MATCH (:Creator {id: target_id})<-[:FOLLOWS|ENGAGED_WITH]-(t:AudienceMember)
WITH DISTINCT t
WHERE t IS NOT NULL AND NOT ($cleaned AND coalesce(t.suspicious, false))
WITH t, EXISTS { (t)-[:FOLLOWS|ENGAGED_WITH]->(r:Creator) WHERE r.id IN $roster_ids } AS covered
WITH collect(t) AS targets, collect(CASE WHEN NOT covered THEN t END) AS gaps
CALL (gaps) {
  UNWIND gaps AS g
  MATCH (g)-[:FOLLOWS|ENGAGED_WITH]->(o:Creator)
  WHERE o.cluster IS NOT NULL AND NOT o.id IN $target_ids
  WITH o.cluster AS cluster, count(DISTINCT g) AS missed
  ORDER BY missed DESC, cluster
  RETURN collect({cluster: cluster, uncovered: missed}) AS by_cluster
}
RETURN size(targets) AS target_size, size(targets) - size(gaps) AS covered, size(gaps) AS uncovered,
       by_cluster
