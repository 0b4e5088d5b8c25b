// The naive baseline of bench/load.py: ONE audience row per auto-commit transaction. MERGEs the
// member and its FOLLOWS edge to an existing creator and sets the edge's properties. Returns
// nothing (read the update counters).
// $member_id: the audience member's id
// $creator_id: the followed creator's id (must exist)
// $weight: the edge's weight
// $since: the edge's since date (ISO string) or null
MATCH (c:Creator {id: $creator_id})
MERGE (m:AudienceMember {id: $member_id})
MERGE (m)-[r:FOLLOWS]->(c)
SET r.weight = $weight, r.since = $since
