// Undoes part of a journaled batch: deletes the edges it created between existing members and
// creators and puts back the weight and since/last_at of the edges it changed. Returns nothing.
// $created: list of {type: 'FOLLOWS' or 'ENGAGED_WITH', m, c}
// $changed: list of {type, m, c, weight, time (the old since/last_at as text, or null)}
CALL {
  UNWIND $created AS e
  MATCH (m:AudienceMember {id: e.m})-[r:FOLLOWS|ENGAGED_WITH]->(c:Creator {id: e.c})
  WHERE type(r) = e.type
  DELETE r
}
UNWIND $changed AS e
MATCH (m:AudienceMember {id: e.m})-[r:FOLLOWS|ENGAGED_WITH]->(c:Creator {id: e.c})
WHERE type(r) = e.type
SET r.weight = e.weight,
    r.since = CASE e.type WHEN 'FOLLOWS' THEN date(e.time) ELSE r.since END,
    r.last_at = CASE e.type WHEN 'ENGAGED_WITH' THEN datetime(e.time) ELSE r.last_at END
