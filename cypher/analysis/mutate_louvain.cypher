// Clusters the clustering graph with GDS Louvain (weighted), storing the raw community as
// `community` in the in-memory graph. GDS Louvain has no resolution and no seed: it is
// reproducible with concurrency 1. Returns `communities` and `modularity`.
// $graph: the clustering graph made by project_links
// $max_levels: most levels of aggregation
// $concurrency: GDS threads
CALL gds.louvain.mutate($graph, {
  mutateProperty: 'community', relationshipWeightProperty: 'weight',
  maxLevels: $max_levels, concurrency: $concurrency
})
YIELD communityCount, modularity
RETURN communityCount AS communities, modularity
