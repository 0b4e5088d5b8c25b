// Stores each creator's pruned audience size (members who also reach another creator) as
// `degree` in the in-memory audience graph; write_shared_audience_links turns nodeSimilarity's
// Jaccard back into an exact shared count with it. Returns `nodes`.
// $graph: the audience graph made by project_audience
// $concurrency: GDS threads
CALL gds.degree.mutate($graph, {mutateProperty: 'degree', orientation: 'NATURAL', concurrency: $concurrency})
YIELD nodePropertiesWritten
RETURN nodePropertiesWritten AS nodes
