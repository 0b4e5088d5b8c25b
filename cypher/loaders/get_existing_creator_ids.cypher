// Which of the given creator ids are already in the graph (stubs included): one row per id found,
// `id`. Used to validate references before a load writes anything.
// $ids: list of creator ids (strings) to look up
UNWIND $ids AS id
MATCH (c:Creator {id: id})
RETURN c.id AS id
