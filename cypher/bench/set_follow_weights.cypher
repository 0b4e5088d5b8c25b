// Bench only (bench/load.py's ceiling for a re-export): sets the weight and since of FOLLOWS edges
// the graph holds, found by member and creator id; no MERGE, no members, no validation. The least
// the server can do for a re-export's rows, so its rows/s bound what any writer could reach there.
// Returns one row, `rows` (the edges found).
// $rows: list of {m: member id, c: creator id, w: weight (float), t: since (ISO date or null)}
UNWIND $rows AS row
MATCH (:AudienceMember {id: row.m})-[r:FOLLOWS]->(:Creator {id: row.c})
SET r.weight = row.w, r.since = coalesce(date(row.t), r.since)
RETURN count(*) AS rows
