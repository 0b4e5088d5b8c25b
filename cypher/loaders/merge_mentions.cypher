// Creates or updates one batch of (:Creator)-[:MENTIONED {count, kind, first_at, last_at}]->(:Creator)
// edges, one per (source, target, kind). Both creators exist already (stubs are merged first, in
// the same transaction). `count` replaces the stored one (so loading twice changes nothing); null
// times keep the stored ones. Returns nothing; the loader reads the update counters.
// $rows: list of {source_id, target_id, kind, count (int), first_at, last_at (datetimes or null)}
UNWIND $rows AS row
MATCH (s:Creator {id: row.source_id})
MATCH (t:Creator {id: row.target_id})
MERGE (s)-[r:MENTIONED {kind: row.kind}]->(t)
SET r.count = row.count,
    r.first_at = coalesce(row.first_at, r.first_at),
    r.last_at = coalesce(row.last_at, r.last_at)
