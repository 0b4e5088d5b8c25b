// Creates or updates one batch of (:AudienceMember)-[:FOLLOWS {weight, since}]->(:Creator) edges,
// one per (member, creator). Both ends exist already (members and stubs are merged first, in the
// same transaction). `weight` replaces the stored one (so loading twice changes nothing); a null
// `since` keeps the stored one. Explicit SETs, not `+=`, keep the plan free of Eager operators.
// Returns nothing; the loader reads the update counters.
// $rows: list of {member_id, creator_id, weight (float), since (date or null)}
UNWIND $rows AS row
MATCH (c:Creator {id: row.creator_id})
MATCH (m:AudienceMember {id: row.member_id})
MERGE (m)-[r:FOLLOWS]->(c)
SET r.weight = row.weight, r.since = coalesce(row.since, r.since)
