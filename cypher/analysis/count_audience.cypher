// Returns `members`: the audience members who follow or engaged with at least one creator (the
// market size N used by `lift`), and `creators`, the number of creators.
MATCH (member:AudienceMember)
WHERE EXISTS { (member)-[:FOLLOWS|ENGAGED_WITH]->(:Creator) }
WITH count(member) AS members
RETURN members, COUNT { (:Creator) } AS creators
