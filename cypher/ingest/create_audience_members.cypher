// Creates one batch of audience members that are new to the graph, with all their FOLLOWS and
// ENGAGED_WITH edges of the file (the fast online writer, loaders.ingest). New members can have no
// edges yet, so nothing is MERGEd: each creator is looked up once per batch, each member once, and
// every edge is a CREATE between nodes already in hand. A member created meanwhile by another load
// fails the batch on the id constraint (the file then writes nothing). Times travel as ISO text.
// Members and edges come as aligned lists, one parameter per property: a batch of maps costs the
// driver and the server a map per row (the planner builds these lists from columns).
// Returns one row: `members`, how many it created.
// $creators: the ids of every creator the batch's edges name (all in the graph)
// $ids: the new members' ids
// $platforms: each new member's platform (null when not given), aligned with $ids
// $countries: each new member's country (or null), aligned with $ids
// $age_bands: each new member's age band (or null), aligned with $ids
// $genders: each new member's gender (or null), aligned with $ids
// $follow_members: FOLLOWS edges: the member id of each
// $follow_creators: the creator id of each FOLLOWS edge, aligned with $follow_members
// $follow_weights: the weight (float) of each FOLLOWS edge
// $follow_times: the since (ISO date or null) of each FOLLOWS edge
// $engaged_members: ENGAGED_WITH edges: the member id of each
// $engaged_creators: the creator id of each ENGAGED_WITH edge, aligned with $engaged_members
// $engaged_weights: the weight (float) of each ENGAGED_WITH edge
// $engaged_times: the last_at (ISO date-time or null) of each ENGAGED_WITH edge
UNWIND $creators AS cid
MATCH (c:Creator {id: cid})
WITH apoc.map.fromPairs(collect([cid, c])) AS creator
UNWIND range(0, size($ids) - 1) AS i
CREATE (m:AudienceMember {
  id: $ids[i], platform: $platforms[i], country: $countries[i], age_band: $age_bands[i], gender: $genders[i]
})
WITH creator, apoc.map.fromPairs(collect([m.id, m])) AS member
CALL (creator, member) {
  UNWIND range(0, size($follow_members) - 1) AS i
  WITH member[$follow_members[i]] AS m, creator[$follow_creators[i]] AS c, i
  CREATE (m)-[:FOLLOWS {weight: $follow_weights[i], since: date($follow_times[i])}]->(c)
}
CALL (creator, member) {
  UNWIND range(0, size($engaged_members) - 1) AS i
  WITH member[$engaged_members[i]] AS m, creator[$engaged_creators[i]] AS c, i
  CREATE (m)-[:ENGAGED_WITH {weight: $engaged_weights[i], last_at: datetime($engaged_times[i])}]->(c)
}
RETURN size(keys(member)) AS members
