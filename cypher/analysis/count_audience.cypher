// Returns `members`: the audience members who follow or engaged with at least one creator (the
// market size N used by `lift`), and `creators`, the number of creators.
// $cleaned: true leaves out members marked `suspicious` by the last authenticity assessment
MATCH (member:AudienceMember)
WHERE EXISTS { (member)-[:FOLLOWS|ENGAGED_WITH]->(:Creator) }
  AND NOT ($cleaned AND coalesce(member.suspicious, false))
WITH count(member) AS members
RETURN members, COUNT { (:Creator) } AS creators
