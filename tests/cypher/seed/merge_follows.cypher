// (:AudienceMember)-[:FOLLOWS {weight}]->(:Creator), members created as needed. Returns `edges`.
// $rows: list of {member, creator, weight}
UNWIND $rows AS row
MERGE (member:AudienceMember {id: row.member})
ON CREATE SET member.platform = 'test'
WITH member, row
MATCH (creator:Creator {id: row.creator})
MERGE (member)-[follows:FOLLOWS]->(creator)
SET follows.weight = row.weight
RETURN count(*) AS edges
