// Which of the given audience member ids are already in the graph: one row per id found, `id`.
// The fast writer CREATEs the edges of the others (loaders.ingest).
// $ids: list of member ids (strings) to look up
UNWIND $ids AS id
MATCH (m:AudienceMember {id: id})
RETURN m.id AS id
