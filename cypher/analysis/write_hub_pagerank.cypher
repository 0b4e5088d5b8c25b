// Writes `hub_pagerank` (weighted PageRank on mentions inside the creator's cluster) on the
// run's SCORED relationships. Returns `written`.
// $graph: the graph made by project_cluster_mentions
// $run_id: the running analysis
// $concurrency: GDS threads
MATCH (run:AnalysisRun {id: $run_id})
CALL gds.pageRank.stream($graph, {relationshipWeightProperty: 'weight', concurrency: $concurrency})
YIELD nodeId, score
WITH run, gds.util.asNode(nodeId) AS creator, score
MATCH (run)-[scored:SCORED]->(creator)
SET scored.hub_pagerank = score
RETURN count(*) AS written
