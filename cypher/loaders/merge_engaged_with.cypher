// Creates or updates one batch of (:AudienceMember)-[:ENGAGED_WITH {weight, last_at}]->(:Creator)
// edges, one per (member, creator). Both ends exist already (members and stubs are merged first,
// in the same transaction). `weight` replaces the stored one (so loading twice changes nothing);
// a null `last_at` keeps the stored one. Returns nothing; the loader reads the update counters.
// $rows: list of {member_id, creator_id, weight (float), last_at (datetime or null)}
UNWIND $rows AS row
MATCH (c:Creator {id: row.creator_id})
MATCH (m:AudienceMember {id: row.member_id})
MERGE (m)-[r:ENGAGED_WITH]->(c)
SET r.weight = row.weight, r.last_at = coalesce(row.last_at, r.last_at)
