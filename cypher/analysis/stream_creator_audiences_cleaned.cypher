// stream_creator_audiences without the members marked `suspicious` by the last authenticity
// assessment (the cleaned audience): one row per creator, `id` and `members` (internal ids, one
// entry per FOLLOWS/ENGAGED_WITH relationship).
MATCH (creator:Creator)
RETURN creator.id AS id, COLLECT {
  MATCH (creator)<-[:FOLLOWS|ENGAGED_WITH]-(member:AudienceMember)
  WHERE NOT coalesce(member.suspicious, false)
  RETURN id(member)
} AS members
