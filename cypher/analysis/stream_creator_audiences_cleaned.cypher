// stream_creator_audiences without the members marked `suspicious` by the last authenticity
// assessment (the cleaned audience): one row per creator, `id` and `members` (internal ids, one
// entry per FOLLOWS/ENGAGED_WITH relationship).
// $part: which share of the creators this read returns (0..parts-1)
// $parts: how many reads share the creators (run at once: Graph.read_each)
MATCH (creator:Creator)
WHERE id(creator) % $parts = $part
RETURN creator.id AS id, COLLECT {
  MATCH (creator)<-[:FOLLOWS|ENGAGED_WITH]-(member:AudienceMember)
  WHERE NOT coalesce(member.suspicious, false)
  RETURN id(member)
} AS members
