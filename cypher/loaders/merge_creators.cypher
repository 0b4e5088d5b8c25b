// Creates or updates one batch of creators. Properties missing from a row (null) keep their stored
// value; `updated_at` is the load's time; a stub made by an earlier audience or mention load stops
// being one. When a row has `topics`, the creator's POSTS_ABOUT edges become exactly those topics.
// Returns one row: `created`, how many of the batch's creators are new.
// $rows: list of {id, props: map of Creator properties, topics: list of topic names or null}
// $loaded_at: the load's start time (datetime), stored as updated_at
UNWIND $rows AS row
OPTIONAL MATCH (existing:Creator {id: row.id})
WITH row, existing IS NULL AS is_new
MERGE (c:Creator {id: row.id})
SET c += row.props, c.updated_at = $loaded_at
REMOVE c.stub
WITH c, row, is_new
CALL (c, row) {
  WITH c, row
  WHERE row.topics IS NOT NULL
  OPTIONAL MATCH (c)-[old:POSTS_ABOUT]->(t:Topic)
  WHERE NOT t.name IN row.topics
  DELETE old
  WITH DISTINCT c, row
  UNWIND row.topics AS topic
  MERGE (t:Topic {name: topic})
  MERGE (c)-[:POSTS_ABOUT]->(t)
}
RETURN count(CASE WHEN is_new THEN 1 END) AS created
