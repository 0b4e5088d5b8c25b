// The audience of each given creator as member keys (elementId), one row per creator with any
// audience: `id`, `members` (distinct members who follow or engaged with it). The planner maps
// the keys to small integers and computes marginal gains in memory.
// $creator_ids: the candidate creators' ids
UNWIND $creator_ids AS creator_id
MATCH (:Creator {id: creator_id})<-[:FOLLOWS|ENGAGED_WITH]-(m:AudienceMember)
RETURN creator_id AS id, collect(DISTINCT elementId(m)) AS members
