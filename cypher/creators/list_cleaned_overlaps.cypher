// Shared audience between one creator and every creator sharing a member with it, on raw and on
// cleaned audiences side by side (members the last authenticity assessment marked `suspicious`
// removed), counted live from the audience edges rather than read from an analysis run. Ordered by
// cleaned shared members, then raw, then id, so overlaps made of bots sink to the end.
// Returns per neighbour: `id`, `handle`, `cluster`, `shared` and `cleaned_shared` (members in
// both audiences), `suspicious_shared` (the difference), `jaccard` and `cleaned_jaccard`
// (shared / union of the two audiences, 0.0 for an empty union).
// $id: the creator's id
// $offset: rows to skip
// $limit: rows to return
MATCH (c:Creator {id: $id})<-[:FOLLOWS|ENGAGED_WITH]-(m:AudienceMember)
WITH c, collect(DISTINCT m) AS members
CALL (c, members) {
  UNWIND members AS m
  MATCH (m)-[:FOLLOWS|ENGAGED_WITH]->(o:Creator)
  WHERE o <> c
  WITH DISTINCT o, m
  RETURN o, count(m) AS shared, count(CASE WHEN NOT coalesce(m.suspicious, false) THEN 1 END) AS cleaned_shared
}
WITH c, members, o, shared, cleaned_shared
ORDER BY cleaned_shared DESC, shared DESC, o.id
SKIP $offset LIMIT $limit
WITH o, shared, cleaned_shared, size(members) AS size_c,
     size([m IN members WHERE NOT coalesce(m.suspicious, false)]) AS cleaned_c,
     COLLECT { MATCH (o)<-[:FOLLOWS|ENGAGED_WITH]-(x:AudienceMember) RETURN DISTINCT x } AS theirs
WITH o, shared, cleaned_shared, size_c + size(theirs) - shared AS union_size,
     cleaned_c + size([x IN theirs WHERE NOT coalesce(x.suspicious, false)]) - cleaned_shared AS cleaned_union
RETURN o.id AS id, o.handle AS handle, o.cluster AS cluster, shared, cleaned_shared,
       shared - cleaned_shared AS suspicious_shared,
       CASE WHEN union_size > 0 THEN toFloat(shared) / union_size ELSE 0.0 END AS jaccard,
       CASE WHEN cleaned_union > 0 THEN toFloat(cleaned_shared) / cleaned_union ELSE 0.0 END AS cleaned_jaccard
