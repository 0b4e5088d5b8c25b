// Moves a journaled load to its next status: 'cleaning' (all rows written, markers being removed),
// 'done', 'rolling_back' or 'rolled_back'. Returns nothing.
// $load: the load id
// $status: the new status
MATCH (l:LoadRun {id: $load})
SET l.status = $status, l.changed_at = datetime()
