// The audience of every creator, for the in-process (`sparse`) shared-audience engine: one row
// per creator, `id` and `members`, the internal ids of the audience members who follow or engaged
// with it: one entry per FOLLOWS/ENGAGED_WITH relationship, so a member who does both appears
// twice (the caller counts distinct members; DISTINCT here costs more than it saves). Internal ids
// only serve as member keys inside this one read: they are never stored or shown.
// $cleaned: true leaves out members marked `suspicious` by the last authenticity assessment
MATCH (creator:Creator)
RETURN creator.id AS id, COLLECT {
  MATCH (creator)<-[:FOLLOWS|ENGAGED_WITH]-(member:AudienceMember)
  WHERE NOT ($cleaned AND coalesce(member.suspicious, false))
  RETURN id(member)
} AS members
