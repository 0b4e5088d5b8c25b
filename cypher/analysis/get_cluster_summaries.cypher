// The current clusters, largest first: `cluster`, `size`, `total_audience` (sum of audience
// sizes), `unique_audience` (distinct members), `internal_density` (share of member pairs linked
// by SHARES_AUDIENCE), `internal_jaccard` (mean Jaccard of those links), `top_topics` (up to 5
// topic names by how many members post about them), `hubs` (ids, best first) and `neighbours`
// (up to 3 other clusters with the most shared members: {cluster, shared}) and `unplaced` (members
// whose placement in the cluster is weak, see write_placement).
// $cluster: only this cluster (null: all)
// $limit: most clusters returned
// $cleaned: true counts `unique_audience` without members marked `suspicious` (a cleaned run)
// $unique_audiences: null, or each cluster's unique_audience already counted, keyed by the
// cluster id as a string (a run that holds the audience in memory passes them: walking every
// member's audience again is most of this query's cost)
MATCH (creator:Creator)
WHERE creator.cluster IS NOT NULL AND ($cluster IS NULL OR creator.cluster = $cluster)
WITH creator.cluster AS cluster, collect(creator) AS members
ORDER BY size(members) DESC, cluster
LIMIT $limit
CALL (members, cluster) {
  WITH members, cluster
  WHERE $unique_audiences IS NULL OR $unique_audiences[toString(cluster)] IS NULL
  UNWIND members AS member
  OPTIONAL MATCH (member)<-[:FOLLOWS|ENGAGED_WITH]-(fan:AudienceMember)
  WHERE NOT ($cleaned AND coalesce(fan.suspicious, false))
  RETURN count(DISTINCT fan) AS counted
}
WITH cluster, members, coalesce($unique_audiences[toString(cluster)], counted) AS unique_audience
CALL (members, cluster) {
  UNWIND members AS member
  OPTIONAL MATCH (member)-[shares:SHARES_AUDIENCE]->(other:Creator {cluster: cluster})
  // Summed in sorted order: avg() adds in whatever order rows come, so two reads of the same
  // graph could differ in the last bit.
  WITH apoc.coll.sort(collect(shares.jaccard)) AS jaccards
  RETURN size(jaccards) AS internal_links,
         CASE WHEN size(jaccards) > 0
              THEN reduce(total = 0.0, j IN jaccards | total + j) / size(jaccards) END AS internal_jaccard
}
CALL (members) {
  UNWIND members AS member
  MATCH (member)-[:POSTS_ABOUT]->(topic:Topic)
  WITH topic.name AS topic, count(*) AS posting
  ORDER BY posting DESC, topic
  RETURN collect(topic)[0..5] AS top_topics
}
CALL (members, cluster) {
  UNWIND members AS member
  MATCH (member)-[shares:SHARES_AUDIENCE]-(other:Creator)
  WHERE other.cluster <> cluster
  WITH other.cluster AS neighbour, sum(shares.shared) AS shared
  ORDER BY shared DESC, neighbour
  RETURN collect({cluster: neighbour, shared: shared})[0..3] AS neighbours
}
RETURN cluster, size(members) AS size,
       reduce(total = 0, member IN members | total + coalesce(member.audience_size, 0)) AS total_audience,
       unique_audience,
       CASE WHEN size(members) > 1 THEN toFloat(internal_links) / (size(members) * (size(members) - 1) / 2) ELSE 0.0 END AS internal_density,
       coalesce(internal_jaccard, 0.0) AS internal_jaccard, top_topics,
       [hub IN apoc.coll.sortNodes([member IN members WHERE member.is_hub], 'hub_score') | hub.id] AS hubs,
       neighbours,
       size([member IN members WHERE coalesce(member.unplaced, false)]) AS unplaced
