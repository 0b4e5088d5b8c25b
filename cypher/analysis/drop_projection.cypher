// Drops one in-memory graph if it exists. Returns `dropped` (0 or 1).
// $graph: the graph name
CALL gds.graph.drop($graph, false) YIELD graphName
RETURN count(graphName) AS dropped
