// Returns `nodes`, the node count of an in-memory graph; no row when it does not exist.
// $graph: the graph name
CALL gds.graph.list($graph) YIELD nodeCount
WHERE nodeCount > 0
RETURN nodeCount AS nodes
