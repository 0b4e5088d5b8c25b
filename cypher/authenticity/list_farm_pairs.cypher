// Shared bot farms: pairs of creators whose shared audience is dominated by the same burst
// arrivals. A burst arrival of a creator is a member whose FOLLOWS `since` falls on a day on which
// at least $burst_sizes[its id] members started following that creator, and who is not a mass follower
// (fewer than $mass_follows FOLLOWS; mass followers are everywhere and would pair everyone).
// Returns pairs (`a` < `b`) with at least $farm_min_shared such members in common: `a`, `b`,
// `farm_shared` (those members), `shared` (all members who follow or engaged with both) and
// `farm_share` (farm_shared / shared), by farm_share descending.
// $burst_sizes: map creator id -> same-day new followers from which a day of that creator counts as
// a burst (its own baseline; creators missing from the map have no bursts)
// $mass_follows: FOLLOWS edges from which a member counts as a mass follower
// $farm_min_shared: least burst arrivals two creators must share to be reported
MATCH (creator:Creator)<-[follow:FOLLOWS]-(:AudienceMember)
WHERE follow.since IS NOT NULL
WITH creator, follow.since AS day, count(*) AS arrivals
WHERE arrivals >= $burst_sizes[creator.id]
MATCH (creator)<-[follow:FOLLOWS {since: day}]-(member:AudienceMember)
WHERE COUNT { (member)-[:FOLLOWS]->() } < $mass_follows
WITH member, collect(DISTINCT creator) AS creators
UNWIND creators AS a
UNWIND creators AS b
WITH a, b, count(member) AS farm_shared
WHERE a.id < b.id AND farm_shared >= $farm_min_shared
WITH a, b, farm_shared,
     COUNT { MATCH (a)<-[:FOLLOWS|ENGAGED_WITH]-(m:AudienceMember)-[:FOLLOWS|ENGAGED_WITH]->(b) RETURN DISTINCT m } AS shared
RETURN a.id AS a, b.id AS b, farm_shared, shared, toFloat(farm_shared) / shared AS farm_share
ORDER BY farm_share DESC, a, b
