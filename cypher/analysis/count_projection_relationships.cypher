// Returns `relationships`, the relationship count of an in-memory graph (0 when it has none or
// does not exist).
// $graph: the graph name
OPTIONAL CALL gds.graph.list($graph) YIELD relationshipCount
RETURN coalesce(sum(relationshipCount), 0) AS relationships
