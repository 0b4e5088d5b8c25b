// The audience index's one streaming pass: every audience member (edges or not) with the creators
// it reaches, one row per member, streamed (a per-member subquery, nothing eager). Returns `node`
// (the member's node id: the assessment writes its marks by it), `follows` (its FOLLOWS edges:
// the mass-follower degree), and per creator it FOLLOWS or ENGAGED_WITH, aligned lists:
// `creators` (ids), `weights` (the exposure weight: the larger of the two edge weights, a missing
// weight counts 1.0, as in campaigns.get_frequency_distribution) and `days` (the FOLLOWS `since`
// as yyyymmdd, -1 without a FOLLOWS edge or a `since`; for burst arrivals); and `suspicious`
// (the last assessment's mark: true, false, or null when never marked).
MATCH (m:AudienceMember)
CALL (m) {
  MATCH (m)-[r:FOLLOWS|ENGAGED_WITH]->(c:Creator)
  WITH c,
       max(coalesce(toFloat(r.weight), 1.0)) AS weight,
       max(CASE WHEN type(r) = 'FOLLOWS' AND r.since IS NOT NULL
                THEN r.since.year * 10000 + r.since.month * 100 + r.since.day END) AS day,
       count(CASE WHEN type(r) = 'FOLLOWS' THEN 1 END) AS follows
  RETURN collect(c.id) AS creators, collect(weight) AS weights, collect(coalesce(day, -1)) AS days,
         sum(follows) AS follows
}
RETURN id(m) AS node, m.suspicious AS suspicious, follows, creators, weights, days
