// Moves a journaled load to a status and stamps `changed_at` (also the heartbeat of a load that is
// still 'writing'): 'writing', 'cleaning' (all rows written, markers being removed), 'done',
// 'rolling_back' or 'rolled_back'. Returns nothing.
// $load: the load id
// $status: the new status
MATCH (l:LoadRun {id: $load})
SET l.status = $status, l.changed_at = datetime()
