// The audience of every creator, for the in-process (`sparse`) shared-audience engine: one row
// per creator, `id` and `members`, the internal ids of the audience members who follow or engaged
// with it: one entry per FOLLOWS/ENGAGED_WITH relationship, so a member who does both appears
// twice (the caller counts distinct members; DISTINCT here costs more than it saves). Internal ids
// only serve as member keys inside this read (its parts run at once): never stored or shown.
// The cleaned audience is stream_creator_audiences_cleaned: a `WHERE NOT ($cleaned AND ...)` in
// this file cost 0.4-0.6 s of a 2.1 s read at 2.1M audience rows even when $cleaned was false.
// $part: which share of the creators this read returns (0..parts-1)
// $parts: how many reads share the creators (run at once: Graph.read_each)
MATCH (creator:Creator)
WHERE id(creator) % $parts = $part
RETURN creator.id AS id, COLLECT {
  MATCH (creator)<-[:FOLLOWS|ENGAGED_WITH]-(member:AudienceMember)
  RETURN id(member)
} AS members
