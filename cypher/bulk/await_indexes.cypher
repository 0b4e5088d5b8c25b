// Waits until every index (and constraint index) is online: after a bulk import the schema is
// created on a full store and its indexes populate in the background. Needs an auto-commit
// transaction (Graph.autocommit); fails if they are not online within $seconds. Returns nothing.
// $seconds: how long to wait at most
CALL db.awaitIndexes($seconds)
