// Projects the run's clustering graph: every creator (isolated ones too, so each gets a cluster)
// and its staged ANALYSIS_LINKs, undirected, with `weight`. Returns `nodes` and `relationships`
// (each undirected link counts twice).
// $graph: name of the in-memory graph to create
// $run_id: the running analysis
MATCH (creator:Creator)
OPTIONAL MATCH (creator)-[link:ANALYSIS_LINK {run_id: $run_id}]->(other:Creator)
// A fixed row order gives the same internal node ids every run, so seeded Leiden is reproducible
// even though the staged links are new relationships each time.
WITH creator, link, other
ORDER BY creator.id, other.id
WITH gds.graph.project($graph, creator, other,
       {relationshipProperties: {weight: coalesce(link.weight, 0.0)}},
       {undirectedRelationshipTypes: ['*']}) AS projected
RETURN projected.nodeCount AS nodes, projected.relationshipCount AS relationships
