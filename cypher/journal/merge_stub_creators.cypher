// Journaled variant of loaders.merge_stub_creators: stub creators it makes carry the load id
// (`_load`, `_load_new: true`) so a rollback can delete them. Returns nothing.
// $rows: list of creator ids (strings)
// $load: the load id
UNWIND $rows AS id
MERGE (c:Creator {id: id})
  ON CREATE SET c.stub = true, c._load = $load, c._load_new = true
