// Projects the run's clustering graph: every creator (isolated ones too, so each gets a cluster)
// and the run's links, undirected, with `weight`. The links come from memory
// (service/domain/analysis/run_links.py: shared audience joined with mentions), not from staged
// relationships. Returns `nodes` and `relationships` (each undirected link counts twice).
// $graph: name of the in-memory graph to create
// $links: {creator id: {b: [larger creator ids it links to, in order], w: [their weights]}}
// A fixed row order (creators by id, then each one's links in order) gives the same internal node
// ids every run, so seeded Leiden is reproducible.
MATCH (creator:Creator)
WITH creator ORDER BY creator.id
WITH creator, $links[creator.id] AS mine
UNWIND CASE WHEN mine IS NULL THEN [null] ELSE range(0, size(mine.b) - 1) END AS i
OPTIONAL MATCH (other:Creator {id: mine.b[i]})
WITH gds.graph.project($graph, creator, other,
       {relationshipProperties: {weight: coalesce(mine.w[i], 0.0)}},
       {undirectedRelationshipTypes: ['*']}) AS projected
RETURN projected.nodeCount AS nodes, projected.relationshipCount AS relationships
