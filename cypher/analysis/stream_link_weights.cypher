// Returns the run's weighted clustering graph as ONE row of parallel lists, ordered by (a, b):
// `a`, `b` (creator ids), `weight` and `audience` (true when the pair shares audience, false for a
// link from mentions alone). Used by the final merge pass over communities, for modularity and for
// the results computed in memory (link_graph.py). One row, not one per pair: the Python driver
// spends about 30 us per record, so 33,000 rows took 1.3 s where the same values as lists take
// 0.35 s.
// $run_id: the running analysis
MATCH (a:Creator)-[link:ANALYSIS_LINK {run_id: $run_id}]->(b:Creator)
WITH a.id AS a, b.id AS b, link.weight AS weight, link.shared IS NOT NULL AS audience
ORDER BY a, b
RETURN collect(a) AS a, collect(b) AS b, collect(weight) AS weight, collect(audience) AS audience
