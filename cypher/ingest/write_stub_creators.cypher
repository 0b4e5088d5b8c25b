// Makes a stub creator {id, stub: true} for each id not yet in the graph (as
// loaders.merge_stub_creators). Returns `created`: the ids it made (the journal's undo record).
// $rows: list of creator ids (strings)
UNWIND $rows AS id
OPTIONAL MATCH (old:Creator {id: id})
WITH id, old IS NULL AS is_new
MERGE (c:Creator {id: id})
  ON CREATE SET c.stub = true
RETURN collect(CASE WHEN is_new THEN id END) AS created
