// Records that a journaled load of the fast writer has started: (:LoadRun {id, source, kind,
// journal: 'undo', status: 'writing', owner, started_at, changed_at}). Its batches each leave a
// (:LoadBatch {load, undo}) undo record; see loaders.ingest. Returns nothing.
// $load: the load id
// $source: the file (or DataFrame label) being loaded
// $kind: audience or mentions
// $owner: the loading process as "host:pid" (service.ops.processes)
CREATE (:LoadRun {
  id: $load, source: $source, kind: $kind, journal: 'undo', status: 'writing', owner: $owner,
  started_at: datetime(), changed_at: datetime()
})
