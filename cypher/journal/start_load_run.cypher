// Records that a journaled load has started writing: (:LoadRun {id, source, kind, status:
// 'writing', started_at, changed_at}). Until it is 'done' or 'rolled_back', a later load finishes
// or undoes it once `changed_at` (its heartbeat) is old. Returns nothing.
// $load: the load id (marks every element the load creates or changes)
// $source: the file (or DataFrame label) being loaded
// $kind: audience or mentions
CREATE (:LoadRun {
  id: $load, source: $source, kind: $kind, status: 'writing', started_at: datetime(), changed_at: datetime()
})
