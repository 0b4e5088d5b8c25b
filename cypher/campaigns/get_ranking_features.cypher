// The features of goal-aware ranking, one row per creator: `id`, `handle`, `cluster`,
// `followers`, `engagement_rate`, `bridge_score`, `hub_score`, `audience` (members who follow or
// engaged with it) and `shared` (of those, members in the target audience: the audience of
// $target_ids; 0 for every creator when there is no target).
// $target_ids: the creators whose audiences are the target (may be empty)
MATCH (c:Creator)
OPTIONAL MATCH (c)<-[:FOLLOWS|ENGAGED_WITH]-(m:AudienceMember)
WITH c, collect(DISTINCT m) AS members
RETURN c.id AS id, c.handle AS handle, c.cluster AS cluster, c.followers AS followers,
       c.engagement_rate AS engagement_rate, c.bridge_score AS bridge_score, c.hub_score AS hub_score,
       size(members) AS audience,
       CASE WHEN size($target_ids) = 0 THEN 0
            ELSE size([m IN members WHERE EXISTS {
                   (m)-[:FOLLOWS|ENGAGED_WITH]->(t:Creator) WHERE t.id IN $target_ids }])
       END AS shared
ORDER BY id
