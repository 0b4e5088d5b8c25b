// Keeps one committed batch's undo record, in the batch's own transaction: (:LoadBatch {load, seq,
// undo}), `undo` a JSON text of what the batch created and what it changed (with the old values).
// Returns nothing.
// $load: the load id
// $seq: the batch's number in the load
// $undo: the undo record (JSON text)
CREATE (:LoadBatch {load: $load, seq: $seq, undo: $undo})
