// Undoes part of a journaled batch: deletes the MENTIONED edges it created and puts back the count
// and times of the ones it changed. Returns nothing.
// $created: list of {s, t, kind}
// $changed: list of {s, t, kind, count, first_at, last_at (old times as text, or null)}
CALL {
  UNWIND $created AS e
  MATCH (:Creator {id: e.s})-[r:MENTIONED {kind: e.kind}]->(:Creator {id: e.t})
  DELETE r
}
UNWIND $changed AS e
MATCH (:Creator {id: e.s})-[r:MENTIONED {kind: e.kind}]->(:Creator {id: e.t})
SET r.count = e.count, r.first_at = datetime(e.first_at), r.last_at = datetime(e.last_at)
