// Deletes every relationship in batches of 10,000, before admin.delete_all removes the nodes:
// detaching a high-degree creator inside delete_all's node batches holds all of its edges in one
// transaction, which overflows a 2 GB heap after a 1M-edge load. Needs an auto-commit
// transaction (Graph.autocommit). Returns nothing.
MATCH ()-[r]->()
CALL (r) { DELETE r } IN TRANSACTIONS OF 10000 ROWS
