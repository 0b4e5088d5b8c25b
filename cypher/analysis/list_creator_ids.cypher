// Every creator's id, sorted: `id`. A market without any shared audience or mention clusters
// each creator alone, without GDS (Leiden fails on a graph without relationships).
MATCH (creator:Creator)
RETURN creator.id AS id
ORDER BY id
