// Bench only (bench/load.py's ceiling for the mentions right after a big load): CREATEs one batch
// of MENTIONED edges between creators already in the graph, with no existence check, no undo
// record and no validation. Not a writer: a second run duplicates every edge. It is the least the
// server can do for those rows, so its rows/s bound what any writer could reach there.
// Returns one row, `rows`.
// $rows: list of {source_id, target_id, kind, count (int), first_at, last_at (ISO text or null)}
UNWIND $rows AS row
MATCH (s:Creator {id: row.source_id})
MATCH (t:Creator {id: row.target_id})
CREATE (s)-[:MENTIONED {
  kind: row.kind, count: row.count, first_at: datetime(row.first_at), last_at: datetime(row.last_at)
}]->(t)
RETURN count(*) AS rows
