// Marks burst arrivals suspicious: members whose FOLLOWS `since` falls on a day on which at least
// $burst_size members started following that creator (run after mark_mass_followers). Returns
// `members` (how many were marked).
// $burst_size: same-day new followers of one creator from which that day counts as a burst
MATCH (creator:Creator)<-[follow:FOLLOWS]-(:AudienceMember)
WHERE follow.since IS NOT NULL
WITH creator, follow.since AS day, count(*) AS arrivals
WHERE arrivals >= $burst_size
MATCH (creator)<-[:FOLLOWS {since: day}]-(member:AudienceMember)
WITH DISTINCT member
SET member.suspicious = true
RETURN count(*) AS members
