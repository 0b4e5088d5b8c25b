// Deletes every node and relationship, in batches so a large graph fits in memory. Needs an
// auto-commit transaction (Graph.autocommit). Returns nothing.
MATCH (n)
CALL (n) { DETACH DELETE n } IN TRANSACTIONS OF 10000 ROWS
