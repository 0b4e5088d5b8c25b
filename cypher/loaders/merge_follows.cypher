// Creates or updates one batch of (:AudienceMember)-[:FOLLOWS {weight, since}]->(:Creator) edges,
// one per (member, creator). Members are created as needed (platform: the row's, else the
// creator's); a creator id not in the graph becomes a stub creator {id, stub: true} (the loader
// only lets that happen with --create-missing). Null properties keep their stored value. Returns
// nothing; the loader reads the update counters.
// $rows: list of {member_id, creator_id, platform, member: map of demographics, props: {weight, since}}
UNWIND $rows AS row
MERGE (c:Creator {id: row.creator_id})
  ON CREATE SET c.stub = true
MERGE (m:AudienceMember {id: row.member_id})
SET m += row.member, m.platform = coalesce(row.platform, m.platform, c.platform)
MERGE (m)-[r:FOLLOWS]->(c)
SET r += row.props
