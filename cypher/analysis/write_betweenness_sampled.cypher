// Bridge component 5, sampled mode for large graphs: betweenness from sampling_size source nodes
// chosen with a fixed seed (GDS scales it to estimate the full value). Written as `betweenness`
// on the run's SCORED. Returns `written`.
// $graph: the clustering graph made by project_links
// $run_id: the running analysis
// $sampling_size: number of source nodes
// $seed: sampling seed
// $concurrency: GDS threads
// Rounded to 6 decimals: with more than one thread GDS adds each source's share in whatever
// order the threads finish, so the last bits differ between runs (1e-12 at 2.1M rows).
MATCH (run:AnalysisRun {id: $run_id})
CALL gds.betweenness.stream($graph, {samplingSize: $sampling_size, samplingSeed: $seed, concurrency: $concurrency})
YIELD nodeId, score
WITH run, gds.util.asNode(nodeId) AS creator, score
MATCH (run)-[scored:SCORED]->(creator)
SET scored.betweenness = round(score, 6)
RETURN count(*) AS written
