// Bridge component 5, exact mode: betweenness centrality (Brandes, unweighted, undirected
// shortest paths on the clustering graph; same scale as networkx normalized=False). Written as
// `betweenness` on the run's SCORED. Returns `written`.
// $graph: the clustering graph made by project_links
// $run_id: the running analysis
// $concurrency: GDS threads
MATCH (run:AnalysisRun {id: $run_id})
CALL gds.betweenness.stream($graph, {concurrency: $concurrency})
YIELD nodeId, score
WITH run, gds.util.asNode(nodeId) AS creator, score
MATCH (run)-[scored:SCORED]->(creator)
SET scored.betweenness = score
RETURN count(*) AS written
