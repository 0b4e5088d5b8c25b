// Creates or updates one batch of (:Creator)-[:MENTIONED {count, kind, first_at, last_at}]->(:Creator)
// edges, one per (source, target, kind). A creator id not in the graph becomes a stub creator
// {id, stub: true} (the loader only lets that happen with --create-missing). Null properties keep
// their stored value. Returns nothing; the loader reads the update counters.
// $rows: list of {source_id, target_id, kind, props: {count, first_at, last_at}}
UNWIND $rows AS row
MERGE (s:Creator {id: row.source_id})
  ON CREATE SET s.stub = true
MERGE (t:Creator {id: row.target_id})
  ON CREATE SET t.stub = true
MERGE (s)-[r:MENTIONED {kind: row.kind}]->(t)
SET r += row.props
