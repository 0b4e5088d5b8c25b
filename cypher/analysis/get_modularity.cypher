// Returns `modularity` (standard, resolution 1) of the `community` partition on the weighted
// clustering graph, by gds.modularity.stats, and `communities`.
// $graph: the clustering graph with `community` from mutate_leiden or mutate_louvain
// $concurrency: GDS threads
CALL gds.modularity.stats($graph, {
  communityProperty: 'community', relationshipWeightProperty: 'weight', concurrency: $concurrency
})
YIELD modularity, communityCount
RETURN modularity, communityCount AS communities
