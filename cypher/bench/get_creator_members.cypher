// Every creator with an audience and its members, for bench/plan.py's straightforward Python
// greedy baseline: one row per creator, `id`, `followers` and `members` (distinct ids of the
// members who follow or engaged with it), largest `followers` first, then id (the planner's pool
// order, so both break ties alike).
MATCH (c:Creator)<-[:FOLLOWS|ENGAGED_WITH]-(m:AudienceMember)
RETURN c.id AS id, c.followers AS followers, collect(DISTINCT m.id) AS members
ORDER BY coalesce(followers, 0) DESC, id
