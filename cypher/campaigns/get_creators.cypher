// The creators with the given ids that exist, one row each: `id`, `handle`, `name`, `followers`,
// `engagement_rate`, `country`, `topics`, `cluster`, `bridge_score`, `hub_score`. Used to check
// ids before a simulation or a plan (ids that match nothing are reported as unknown).
// $creator_ids: the creator ids to look up
MATCH (c:Creator)
WHERE c.id IN $creator_ids
RETURN c.id AS id, c.handle AS handle, c.name AS name, c.followers AS followers,
       c.engagement_rate AS engagement_rate, c.country AS country, c.topics AS topics,
       c.cluster AS cluster, c.bridge_score AS bridge_score, c.hub_score AS hub_score
ORDER BY id
