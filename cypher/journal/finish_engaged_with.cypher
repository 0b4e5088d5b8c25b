// Commits a journaled load for its ENGAGED_WITH edges: removes the load's markers (`_load`, `_load_new`,
// `_load_prev_*`), in batches. Needs an auto-commit transaction (Graph.autocommit). Returns nothing.
// $load: the load id
MATCH ()-[x:ENGAGED_WITH]->()
WHERE x._load = $load
CALL (x) {
  REMOVE x._load, x._load_new, x._load_prev_weight, x._load_prev_last_at
} IN TRANSACTIONS OF 10000 ROWS
