// Makes a stub creator {id, stub: true} for each id not yet in the graph (ids named by audience or
// mention rows loaded with --create-missing); a later creators load fills it in. Returns nothing;
// the loader reads the update counters.
// $rows: list of creator ids (strings)
UNWIND $rows AS id
MERGE (c:Creator {id: id})
  ON CREATE SET c.stub = true
