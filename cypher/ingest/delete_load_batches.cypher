// Commits (or, after its undo, closes) a journaled load of the fast writer: deletes its undo records,
// in batches. Needs an auto-commit transaction (Graph.autocommit). Returns nothing.
// $load: the load id
MATCH (b:LoadBatch {load: $load})
CALL (b) {
  DELETE b
} IN TRANSACTIONS OF 1000 ROWS
