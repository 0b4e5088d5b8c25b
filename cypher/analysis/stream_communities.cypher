// Returns one row per creator: `id` and `community`, the raw community id the clustering
// algorithm gave it (stable ids are assigned in Python by matching to the previous run).
// $graph: the clustering graph with `community`
CALL gds.graph.nodeProperty.stream($graph, 'community')
YIELD nodeId, propertyValue
RETURN gds.util.asNode(nodeId).id AS id, propertyValue AS community
