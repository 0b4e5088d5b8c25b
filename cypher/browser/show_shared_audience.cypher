// Browser: who shares audience with one creator (its 15 strongest links, by shared members).
// Use: `:param creator => 'demo-c00042'`, then this query.
// $creator: the creator's id
MATCH (c:Creator {id: $creator})-[s:SHARES_AUDIENCE]-(other:Creator)
WITH c, s, other ORDER BY s.shared DESC LIMIT 15
RETURN c, s, other
