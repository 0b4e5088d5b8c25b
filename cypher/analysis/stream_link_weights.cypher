// Returns the run's weighted clustering graph, one row per linked pair: `a`, `b` (creator ids)
// and `weight`. Used by the final merge pass over communities and for modularity.
// $run_id: the running analysis
MATCH (a:Creator)-[link:ANALYSIS_LINK {run_id: $run_id}]->(b:Creator)
RETURN a.id AS a, b.id AS b, link.weight AS weight
ORDER BY a, b
