// Creates or updates one batch of ENGAGED_WITH edges from members already in the graph (as
// loaders.merge_engaged_with, times as ISO text). Returns one row per input row: `m`, `c`,
// `created`, and the old `weight` and `time` (last_at, as text) when it existed (the undo record).
// $rows: list of {m: member id, c: creator id, w: weight (float), t: last_at (ISO date-time or null)}
UNWIND $rows AS row
MATCH (c:Creator {id: row.c})
MATCH (m:AudienceMember {id: row.m})
OPTIONAL MATCH (m)-[old:ENGAGED_WITH]->(c)
WITH row, m, c, old IS NULL AS created, old.weight AS weight, toString(old.last_at) AS time
MERGE (m)-[r:ENGAGED_WITH]->(c)
SET r.weight = row.w, r.last_at = coalesce(datetime(row.t), r.last_at)
RETURN row.m AS m, row.c AS c, created, weight, time
