// Journaled variant of loaders.merge_follows: an edge it creates is marked new; an edge it changes
// keeps its previous `weight` and `since` in `_load_prev_*` so a rollback can restore them.
// Returns nothing.
// $rows: list of {member_id, creator_id, weight (float), since (date or null)}
// $load: the load id
UNWIND $rows AS row
MATCH (c:Creator {id: row.creator_id})
MATCH (m:AudienceMember {id: row.member_id})
MERGE (m)-[r:FOLLOWS]->(c)
  ON CREATE SET r._load = $load, r._load_new = true
  ON MATCH SET r._load = $load, r._load_new = false, r._load_prev_weight = r.weight,
    r._load_prev_since = r.since
SET r.weight = row.weight, r.since = coalesce(row.since, r.since)
