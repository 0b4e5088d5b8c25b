// Which of the given creator ids are in the graph (stubs included): one row per id found, `id`.
// The one existence check: loaders validate references with it, and the domain rejects unknown
// ids in requests with it.
// $ids: list of creator ids (strings) to look up
UNWIND $ids AS id
MATCH (c:Creator {id: id})
RETURN c.id AS id
