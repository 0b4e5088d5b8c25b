// Creates or updates one batch of ENGAGED_WITH edges from members already in the graph (as
// loaders.merge_engaged_with, times as ISO text). Returns one row, `edges`: per input row the list
// [m, c, created, old weight, old time (last_at, as text)], the old values null for a created edge
// (the undo record; one row because the Python driver spends about 30 us per record).
// $rows: list of {m: member id, c: creator id, w: weight (float), t: last_at (ISO date-time or null)}
UNWIND $rows AS row
MATCH (c:Creator {id: row.c})
MATCH (m:AudienceMember {id: row.m})
OPTIONAL MATCH (m)-[old:ENGAGED_WITH]->(c)
WITH row, m, c, old IS NULL AS created, old.weight AS weight, toString(old.last_at) AS time
MERGE (m)-[r:ENGAGED_WITH]->(c)
SET r.weight = row.w, r.last_at = coalesce(datetime(row.t), r.last_at)
RETURN collect([row.m, row.c, created, weight, time]) AS edges
