// Journaled variant of loaders.merge_engaged_with: an edge it creates is marked new; an edge it
// changes keeps its previous `weight` and `last_at` in `_load_prev_*` so a rollback can restore
// them. Returns nothing.
// $rows: list of {member_id, creator_id, weight (float), last_at (datetime or null)}
// $load: the load id
UNWIND $rows AS row
MATCH (c:Creator {id: row.creator_id})
MATCH (m:AudienceMember {id: row.member_id})
MERGE (m)-[r:ENGAGED_WITH]->(c)
  ON CREATE SET r._load = $load, r._load_new = true
  ON MATCH SET r._load = $load, r._load_new = false, r._load_prev_weight = r.weight,
    r._load_prev_last_at = r.last_at
SET r.weight = row.weight, r.last_at = coalesce(row.last_at, r.last_at)
