// Undoes part of a journaled batch: deletes the stub creators it made (with any edges). Returns
// nothing.
// $ids: ids of the stub creators the batch made
UNWIND $ids AS id
MATCH (c:Creator {id: id})
WHERE c.stub
DETACH DELETE c
