// Journaled variant of loaders.merge_mentions: an edge it creates is marked new; an edge it changes
// keeps its previous `count`, `first_at` and `last_at` in `_load_prev_*` so a rollback can restore
// them. Returns nothing.
// $rows: list of {source_id, target_id, kind, count (int), first_at, last_at (datetimes or null)}
// $load: the load id
UNWIND $rows AS row
MATCH (s:Creator {id: row.source_id})
MATCH (t:Creator {id: row.target_id})
MERGE (s)-[r:MENTIONED {kind: row.kind}]->(t)
  ON CREATE SET r._load = $load, r._load_new = true
  ON MATCH SET r._load = $load, r._load_new = false, r._load_prev_count = r.count,
    r._load_prev_first_at = r.first_at, r._load_prev_last_at = r.last_at
SET r.count = row.count,
    r.first_at = coalesce(row.first_at, r.first_at),
    r.last_at = coalesce(row.last_at, r.last_at)
