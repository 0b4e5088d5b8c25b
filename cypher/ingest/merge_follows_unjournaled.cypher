// Creates or updates one batch of FOLLOWS edges from members already in the graph, for a file the
// fast writer loads in ONE transaction (loaders.ingest.write_one_transaction): as
// ingest.merge_follows, without reading each edge's old values (only a journaled file's undo record
// needs them). Returns one row, `rows`.
// $rows: list of {m: member id, c: creator id, w: weight (float), t: since (ISO date or null)}
UNWIND $rows AS row
MATCH (c:Creator {id: row.c})
MATCH (m:AudienceMember {id: row.m})
MERGE (m)-[r:FOLLOWS]->(c)
SET r.weight = row.w, r.since = coalesce(date(row.t), r.since)
RETURN count(*) AS rows
