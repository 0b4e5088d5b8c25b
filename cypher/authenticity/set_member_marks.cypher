// Sets the assessment's mark on audience members by node id (the audience index keeps each
// member's node id; its data version is checked in the same transaction, so the ids are those of
// the members the assessment counted). Returns `members` (how many were set).
// $nodes: the members' node ids
// $suspicious: the mark to set: true (a mass follower or a burst arrival) or false
UNWIND $nodes AS node
MATCH (m:AudienceMember)
WHERE id(m) = node
SET m.suspicious = $suspicious
RETURN count(*) AS members
