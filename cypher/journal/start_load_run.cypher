// Records that a journaled load has started writing: (:LoadRun {id, source, kind, owner, status:
// 'writing', started_at, changed_at}). Until it is 'done' or 'rolled_back', a later load finishes
// or undoes it once `changed_at` (its heartbeat) is old or its owner process is gone. Returns
// nothing.
// $load: the load id (marks every element the load creates or changes)
// $source: the file (or DataFrame label) being loaded
// $kind: audience or mentions
// $owner: "host:pid" of the process writing it
CREATE (:LoadRun {
  id: $load, source: $source, kind: $kind, owner: $owner, status: 'writing', started_at: datetime(),
  changed_at: datetime()
})
