// Marks every audience member: `suspicious` = it has at least $mass_follows FOLLOWS edges (a mass
// follower), false otherwise; mark_burst_arrivals then adds the burst arrivals. Returns `members`.
// $mass_follows: FOLLOWS edges from which a member counts as a mass follower
MATCH (member:AudienceMember)
SET member.suspicious = COUNT { (member)-[:FOLLOWS]->() } >= $mass_follows
RETURN count(*) AS members
