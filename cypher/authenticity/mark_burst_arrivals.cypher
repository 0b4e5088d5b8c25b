// Marks burst arrivals suspicious: members whose FOLLOWS `since` falls on a day on which at least
// $burst_sizes[its id] members started following that creator (run after mark_mass_followers). Returns
// `members` (how many were marked).
// $burst_sizes: map creator id -> same-day new followers from which a day of that creator counts as
// a burst (its own baseline; creators missing from the map have no bursts)
MATCH (creator:Creator)<-[follow:FOLLOWS]-(:AudienceMember)
WHERE follow.since IS NOT NULL
WITH creator, follow.since AS day, count(*) AS arrivals
WHERE arrivals >= $burst_sizes[creator.id]
MATCH (creator)<-[:FOLLOWS {since: day}]-(member:AudienceMember)
WITH DISTINCT member
SET member.suspicious = true
RETURN count(*) AS members
