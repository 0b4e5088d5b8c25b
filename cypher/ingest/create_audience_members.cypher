// Creates one batch of audience members that are new to the graph, with all their FOLLOWS and
// ENGAGED_WITH edges of the file (the fast online writer, loaders.ingest). New members can have no
// edges yet, so nothing is MERGEd: each creator is looked up once per batch, each member once, and
// every edge is a CREATE between nodes already in hand. A member created meanwhile by another load
// fails the batch on the id constraint (the file then writes nothing). Times travel as ISO text.
// Returns one row: `members`, how many it created.
// $creators: the ids of every creator the batch's edges name (all in the graph)
// $members: list of {id, platform, country, age_band, gender}
// $follows: list of {m: member id, c: creator id, w: weight (float), t: since (ISO date or null)}
// $engaged: list of {m: member id, c: creator id, w: weight (float), t: last_at (ISO text or null)}
UNWIND $creators AS cid
MATCH (c:Creator {id: cid})
WITH apoc.map.fromPairs(collect([cid, c])) AS creator
UNWIND $members AS row
CREATE (m:AudienceMember {
  id: row.id, platform: row.platform, country: row.country, age_band: row.age_band, gender: row.gender
})
WITH creator, apoc.map.fromPairs(collect([row.id, m])) AS member
CALL (creator, member) {
  UNWIND $follows AS f
  WITH member[f.m] AS m, creator[f.c] AS c, f
  CREATE (m)-[:FOLLOWS {weight: f.w, since: date(f.t)}]->(c)
}
CALL (creator, member) {
  UNWIND $engaged AS e
  WITH member[e.m] AS m, creator[e.c] AS c, e
  CREATE (m)-[:ENGAGED_WITH {weight: e.w, last_at: datetime(e.t)}]->(c)
}
RETURN size(keys(member)) AS members
