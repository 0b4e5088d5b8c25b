// The target audience of a plan or a segment query as member keys: one row, `members` (elementIds
// of the distinct members who follow or engaged with any of the given creators).
// $creator_ids: the creators whose audiences make up the target
// $cleaned: true leaves out members marked `suspicious` by the last authenticity assessment
UNWIND $creator_ids AS creator_id
OPTIONAL MATCH (:Creator {id: creator_id})<-[:FOLLOWS|ENGAGED_WITH]-(m:AudienceMember)
WHERE NOT ($cleaned AND coalesce(m.suspicious, false))
RETURN collect(DISTINCT elementId(m)) AS members
