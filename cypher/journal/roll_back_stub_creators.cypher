// Rolls back a journaled load's stub creators: deletes the ones it made, in batches. Needs an
// auto-commit transaction (Graph.autocommit). Returns nothing.
// $load: the load id
MATCH (x:Creator)
WHERE x._load = $load AND x._load_new
CALL (x) {
  DETACH DELETE x
} IN TRANSACTIONS OF 10000 ROWS
