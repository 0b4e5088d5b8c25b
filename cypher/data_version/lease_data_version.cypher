// Grants a serving worker a lease on the data version: until `leased_until` (the server's clock) no
// writer commits a new version, because `bump_data_version` is followed by `wait_for_leases`, which
// makes the writer wait for every lease to end before it commits. The SET takes the version node's
// write lock, so this waits for a writer that has counted a change and not committed it yet, and a
// writer that comes later waits for this transaction. The worker reads the stamp
// (`get_data_version`) in the same transaction, after this statement: that stamp stays current
// until the lease ends, and the worker answers from it without asking again
// (`service.graph.version.SharedStampRead`). The later of the stored end and this lease's end is
// kept. Returns one row, `leased` (0 when there is no version node yet: no lease is granted).
// $ms: the lease's length in milliseconds
MATCH (v:DataVersion {name: 'data'})
WITH v, datetime.realtime() + duration({milliseconds: $ms}) AS until
SET v.leased_until = CASE WHEN v.leased_until > until THEN v.leased_until ELSE until END
RETURN count(v) AS leased
