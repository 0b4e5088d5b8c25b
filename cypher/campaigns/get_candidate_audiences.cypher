// The audience of each given creator as member keys (elementId), one row per creator with any
// audience: `id`, `members` (distinct members who follow or engaged with it). The planner maps
// the keys to small integers and computes marginal gains in memory.
// $creator_ids: the candidate creators' ids
MATCH (c:Creator)
WHERE c.id IN $creator_ids
MATCH (c)<-[:FOLLOWS|ENGAGED_WITH]-(m:AudienceMember)
RETURN c.id AS id, collect(DISTINCT elementId(m)) AS members
