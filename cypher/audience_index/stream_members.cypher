// Every audience member (edges or not), as ONE row of aligned lists (a column each): `nodes`
// (node ids: the order numbers the members in the audience index), `suspicious` (the last
// assessment's mark, false when never marked) and `follows` (its FOLLOWS edges to creators: the
// mass-follower degree).
MATCH (m:AudienceMember)
RETURN collect(id(m)) AS nodes,
       collect(coalesce(m.suspicious, false)) AS suspicious,
       collect(COUNT { (m)-[:FOLLOWS]->(:Creator) }) AS follows
