// Clusters the clustering graph with GDS Louvain (weighted). GDS Louvain has no resolution and
// no seed: it is reproducible with concurrency 1. Returns one row per creator: `id` and
// `community` (a raw id; stable ids are assigned in Python).
// $graph: the clustering graph made by project_links
// $max_levels: most levels of aggregation
// $concurrency: GDS threads
CALL gds.louvain.stream($graph, {
  relationshipWeightProperty: 'weight', maxLevels: $max_levels, concurrency: $concurrency
})
YIELD nodeId, communityId
RETURN gds.util.asNode(nodeId).id AS id, communityId AS community
