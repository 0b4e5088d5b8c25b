// Each creator's own arrival history, for its burst baseline: `arrivals` (FOLLOWS edges with a
// `since` date), `days` (days from its first to its last arrival, both counted; null without
// arrivals) and `top_day` (the most arrivals on one day). One row per creator, by id.
MATCH (creator:Creator)
CALL (creator) {
  OPTIONAL MATCH (:AudienceMember)-[follow:FOLLOWS]->(creator)
  WHERE follow.since IS NOT NULL
  WITH follow.since AS day, count(follow) AS arrivals
  WHERE day IS NOT NULL
  RETURN sum(arrivals) AS arrivals, min(day) AS first, max(day) AS last, max(arrivals) AS top_day
}
RETURN creator.id AS id, arrivals,
       CASE WHEN first IS NULL THEN null ELSE duration.inDays(first, last).days + 1 END AS days,
       top_day
ORDER BY id
