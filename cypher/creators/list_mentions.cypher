// A creator's mentions, both ways, most frequent first. Returns per relationship: `direction`
// ('out': this creator mentioned the other; 'in': the other mentioned this one), `id`, `handle`,
// `kind`, `count`, `first_at`, `last_at`.
// $id: the creator's id
// $offset: rows to skip
// $limit: rows to return
MATCH (c:Creator {id: $id})-[m:MENTIONED]-(o:Creator)
WITH m, o, CASE WHEN startNode(m) = c THEN 'out' ELSE 'in' END AS direction
ORDER BY m.count DESC, direction, o.id, m.kind
SKIP $offset LIMIT $limit
RETURN direction, o.id AS id, o.handle AS handle, m.kind AS kind, m.count AS count,
       m.first_at AS first_at, m.last_at AS last_at
