// Clusters the clustering graph with GDS Leiden (weighted, fixed seed), storing the raw community
// as `community` in the in-memory graph. Returns `communities` and Leiden's own `modularity`.
// $graph: the clustering graph made by project_links
// $resolution: Leiden's gamma; higher gives more, smaller clusters
// $seed: random seed (with concurrency 1 the result is reproducible)
// $max_levels: most levels of aggregation
// $concurrency: GDS threads
CALL gds.leiden.mutate($graph, {
  mutateProperty: 'community', relationshipWeightProperty: 'weight', gamma: $resolution,
  randomSeed: $seed, maxLevels: $max_levels, concurrency: $concurrency
})
YIELD communityCount, modularity
RETURN communityCount AS communities, modularity
