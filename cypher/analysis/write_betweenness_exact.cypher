// Bridge component 5, exact mode: betweenness centrality (Brandes, unweighted, undirected
// shortest paths on the clustering graph; same scale as networkx normalized=False). Written as
// `betweenness` on the run's SCORED. Returns `written`.
// $graph: the clustering graph made by project_links
// $run_id: the running analysis
// $concurrency: GDS threads
// Rounded to 6 decimals: with more than one thread GDS adds each source's share in whatever
// order the threads finish, so the last bits differ between runs (1e-12 at 2.1M rows).
MATCH (run:AnalysisRun {id: $run_id})
CALL gds.betweenness.stream($graph, {concurrency: $concurrency})
YIELD nodeId, score
WITH run, gds.util.asNode(nodeId) AS creator, score
MATCH (run)-[scored:SCORED]->(creator)
SET scored.betweenness = round(score, 6)
RETURN count(*) AS written
