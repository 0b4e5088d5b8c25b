// The undo records of a journaled load, latest first: one row per batch, `seq` and `undo` (JSON).
// $load: the load id
MATCH (b:LoadBatch {load: $load})
RETURN b.seq AS seq, b.undo AS undo
ORDER BY b.seq DESC
