// Clusters the clustering graph with GDS Leiden (weighted, fixed seed). Returns one row per
// creator: `id` and `community` (a raw id; stable ids are assigned in Python).
// $graph: the clustering graph made by project_links
// $resolution: Leiden's gamma; higher gives more, smaller clusters
// $seed: random seed (with concurrency 1 the result is reproducible)
// $max_levels: most levels of aggregation
// $concurrency: GDS threads
CALL gds.leiden.stream($graph, {
  relationshipWeightProperty: 'weight', gamma: $resolution,
  randomSeed: $seed, maxLevels: $max_levels, concurrency: $concurrency
})
YIELD nodeId, communityId
RETURN gds.util.asNode(nodeId).id AS id, communityId AS community
