// Per creator, how much of its audience looks fake. A member is a `mass` follower when it has at
// least $mass_follows FOLLOWS edges; a `burst` arrival when its FOLLOWS `since` falls on a day on
// which at least $burst_sizes[creator id] members started following the same creator. Returns one row per
// creator (audience 0 too), by id: `id`, `followers`, `engagement_rate`, `audience` (distinct
// members who follow or engaged), `mass`, `burst`, `suspicious` (members that are either).
// $mass_follows: FOLLOWS edges from which a member counts as a mass follower
// $burst_sizes: map creator id -> same-day new followers from which a day of that creator counts as
// a burst (its own baseline; creators missing from the map have no bursts)
MATCH (creator:Creator)
CALL (creator) {
  MATCH (:AudienceMember)-[follow:FOLLOWS]->(creator)
  WHERE follow.since IS NOT NULL
  WITH follow.since AS day, count(*) AS arrivals
  WHERE arrivals >= $burst_sizes[creator.id]
  RETURN collect(day) AS burst_days
}
CALL (creator, burst_days) {
  MATCH (member:AudienceMember)-[edge:FOLLOWS|ENGAGED_WITH]->(creator)
  WITH member, max(CASE WHEN type(edge) = 'FOLLOWS' AND edge.since IN burst_days THEN 1 ELSE 0 END) AS in_burst
  WITH member, in_burst, CASE WHEN COUNT { (member)-[:FOLLOWS]->() } >= $mass_follows THEN 1 ELSE 0 END AS mass
  RETURN count(member) AS audience, sum(mass) AS mass_count, sum(in_burst) AS burst_count,
         sum(CASE WHEN in_burst + mass > 0 THEN 1 ELSE 0 END) AS suspicious_count
}
RETURN creator.id AS id, creator.followers AS followers, creator.engagement_rate AS engagement_rate,
       audience, mass_count AS mass, burst_count AS burst, suspicious_count AS suspicious
ORDER BY id
