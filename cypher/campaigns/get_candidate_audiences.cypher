// The audience of each given creator as member keys (elementId), one row per creator with any
// audience: `id`, `members` (distinct members who follow or engaged with it). The planner maps
// the keys to small integers and computes marginal gains in memory.
// $creator_ids: the candidate creators' ids
// $cleaned: true leaves out members marked `suspicious` by the last authenticity assessment
MATCH (c:Creator)
WHERE c.id IN $creator_ids
MATCH (c)<-[:FOLLOWS|ENGAGED_WITH]-(m:AudienceMember)
WHERE NOT ($cleaned AND coalesce(m.suspicious, false))
RETURN c.id AS id, collect(DISTINCT elementId(m)) AS members
