// Waits, inside a writer's transaction and right after `bump_data_version` (which holds the version
// node's write lock, so no new lease starts meanwhile), until the last serving worker's lease
// (`lease_data_version`) has ended: the change then becomes visible only when no worker answers
// from the old version any more. The wait runs on the server, against the clock that set the
// leases; 5 ms are added for the commit's own way. Returns one row, `waited_ms` (0 when no lease
// is running; no row without a version node).
MATCH (v:DataVersion {name: 'data'})
WITH CASE
       WHEN v.leased_until IS NULL THEN 0
       ELSE v.leased_until.epochMillis - datetime.realtime().epochMillis
     END AS left_ms
WITH CASE WHEN left_ms > 0 THEN left_ms + 5 ELSE 0 END AS waited_ms
CALL apoc.util.sleep(waited_ms)
RETURN waited_ms
