// Which of the given audience member ids are already in the graph, as one row: `ids`, the ids
// found. One row, not one per id: the Python driver spends about 30 us per record, which made
// this lookup 3-7 s of a 200,000-row file whose 141,000 members all existed.
// The fast writer CREATEs the edges of the others (loaders.ingest).
// $ids: list of member ids (strings) to look up
UNWIND $ids AS id
MATCH (m:AudienceMember {id: id})
RETURN collect(m.id) AS ids
