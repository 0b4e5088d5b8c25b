// The market's member follow counts, as a histogram: how many audience members follow exactly
// `follows` creators (FOLLOWS edges), for every count >= 1. Authenticity calibrates the mass
// follower threshold on it (service/domain/authenticity_calibration.py). Returns `follows`,
// `members`, by follows.
MATCH (member:AudienceMember)
WITH COUNT { (member)-[:FOLLOWS]->() } AS follows
WHERE follows > 0
RETURN follows, count(*) AS members
ORDER BY follows
