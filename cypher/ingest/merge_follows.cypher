// Creates or updates one batch of FOLLOWS edges from members already in the graph (as
// loaders.merge_follows, times as ISO text). Returns one row, `edges`: per input row the list
// [m, c, created, old weight, old time (since, as text)], the old values null for a created edge:
// the journal's undo record. One row, not one per edge: the Python driver spends about 30 us per
// record.
// $rows: list of {m: member id, c: creator id, w: weight (float), t: since (ISO date or null)}
UNWIND $rows AS row
MATCH (c:Creator {id: row.c})
MATCH (m:AudienceMember {id: row.m})
OPTIONAL MATCH (m)-[old:FOLLOWS]->(c)
WITH row, m, c, old IS NULL AS created, old.weight AS weight, toString(old.since) AS time
MERGE (m)-[r:FOLLOWS]->(c)
SET r.weight = row.w, r.since = coalesce(date(row.t), r.since)
RETURN collect([row.m, row.c, created, weight, time]) AS edges
