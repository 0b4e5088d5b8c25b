// (:AudienceMember)-[:ENGAGED_WITH {weight}]->(:Creator), members created as needed. Returns `edges`.
// $rows: list of {member, creator, weight}
UNWIND $rows AS row
MERGE (member:AudienceMember {id: row.member})
ON CREATE SET member.platform = 'test'
WITH member, row
MATCH (creator:Creator {id: row.creator})
MERGE (member)-[engaged:ENGAGED_WITH]->(creator)
SET engaged.weight = row.weight
RETURN count(*) AS edges
