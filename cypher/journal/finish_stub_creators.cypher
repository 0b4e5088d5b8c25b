// Commits a journaled load for its stub creators: removes the load's markers (`_load`, `_load_new`,
// `_load_prev_*`), in batches. Needs an auto-commit transaction (Graph.autocommit). Returns nothing.
// $load: the load id
MATCH (x:Creator)
WHERE x._load = $load
CALL (x) {
  REMOVE x._load, x._load_new
} IN TRANSACTIONS OF 10000 ROWS
