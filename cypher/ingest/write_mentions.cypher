// Writes one batch of (:Creator)-[:MENTIONED {kind, count, first_at, last_at}]->(:Creator) edges for
// the fast online writer (loaders.ingest): as loaders.merge_mentions, with times as ISO text.
// Returns one row per input row: `created`, and the edge's old `count`, `first_at`, `last_at`
// (as text) when it existed, which the journal keeps as the batch's undo record.
// $rows: list of {source_id, target_id, kind, count (int), first_at, last_at (ISO text or null)}
UNWIND $rows AS row
MATCH (s:Creator {id: row.source_id})
MATCH (t:Creator {id: row.target_id})
OPTIONAL MATCH (s)-[old:MENTIONED {kind: row.kind}]->(t)
WITH row, s, t, old IS NULL AS created, old.count AS count, toString(old.first_at) AS first_at,
     toString(old.last_at) AS last_at
MERGE (s)-[r:MENTIONED {kind: row.kind}]->(t)
SET r.count = row.count,
    r.first_at = coalesce(datetime(row.first_at), r.first_at),
    r.last_at = coalesce(datetime(row.last_at), r.last_at)
RETURN row.source_id AS s, row.target_id AS t, row.kind AS kind, created, count, first_at, last_at
