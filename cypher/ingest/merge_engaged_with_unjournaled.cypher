// Creates or updates one batch of ENGAGED_WITH edges from members already in the graph, for a file
// the fast writer loads in ONE transaction (loaders.ingest.write_one_transaction): as
// ingest.merge_engaged_with, without reading each edge's old values (only a journaled file's undo
// record needs them). Returns one row, `rows`.
// $rows: list of {m: member id, c: creator id, w: weight (float), t: last_at (ISO date-time or null)}
UNWIND $rows AS row
MATCH (c:Creator {id: row.c})
MATCH (m:AudienceMember {id: row.m})
MERGE (m)-[r:ENGAGED_WITH]->(c)
SET r.weight = row.w, r.last_at = coalesce(datetime(row.t), r.last_at)
RETURN count(*) AS rows
