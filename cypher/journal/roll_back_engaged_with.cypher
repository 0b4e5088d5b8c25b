// Rolls back a journaled load's ENGAGED_WITH edges: deletes the ones it created and restores the ones it
// changed (from `_load_prev_*`), in batches. Needs an auto-commit transaction
// (Graph.autocommit). Returns nothing.
// $load: the load id
MATCH ()-[x:ENGAGED_WITH]->()
WHERE x._load = $load
CALL (x) {
  WITH x, x._load_new AS is_new
  FOREACH (_ IN CASE WHEN is_new THEN [] ELSE [1] END |
    SET x.weight = x._load_prev_weight, x.last_at = x._load_prev_last_at
    REMOVE x._load, x._load_new, x._load_prev_weight, x._load_prev_last_at)
  FOREACH (_ IN CASE WHEN is_new THEN [1] ELSE [] END | DELETE x)
} IN TRANSACTIONS OF 10000 ROWS
