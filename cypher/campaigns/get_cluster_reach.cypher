// How far a campaign reaches into each cluster's audience, one row per cluster touched, largest
// reach first: `cluster`, `reach` (members reached who follow or engaged with at least one creator
// of the cluster), `audience` (all such members of the cluster), `creators` (the chosen creators
// that belong to the cluster, by id). A cluster's audience is the union of its creators' audiences, so a
// bridging creator reaches into several clusters. Creators without `cluster` are left out.
// $creator_ids: the chosen creators' ids
// $cleaned: true leaves out members marked `suspicious` by the last authenticity assessment
UNWIND $creator_ids AS creator_id
MATCH (:Creator {id: creator_id})<-[:FOLLOWS|ENGAGED_WITH]-(m:AudienceMember)
WHERE NOT ($cleaned AND coalesce(m.suspicious, false))
WITH DISTINCT m
MATCH (m)-[:FOLLOWS|ENGAGED_WITH]->(o:Creator)
WHERE o.cluster IS NOT NULL
WITH o.cluster AS cluster, count(DISTINCT m) AS reach
CALL (cluster) {
  MATCH (:Creator {cluster: cluster})<-[:FOLLOWS|ENGAGED_WITH]-(a:AudienceMember)
  WHERE NOT ($cleaned AND coalesce(a.suspicious, false))
  RETURN count(DISTINCT a) AS audience
}
CALL (cluster) {
  OPTIONAL MATCH (s:Creator {cluster: cluster})
  WHERE s.id IN $creator_ids
  WITH s ORDER BY s.id
  RETURN collect(s.id) AS creators
}
RETURN cluster, reach, audience, creators
ORDER BY reach DESC, cluster
