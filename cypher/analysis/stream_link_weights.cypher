// Returns the run's weighted clustering graph as ONE row of three parallel lists, ordered by
// (a, b): `a`, `b` (creator ids) and `weight`. Used by the final merge pass over communities and
// for modularity. One row, not one per pair: the Python driver spends about 30 us per record, so
// 33,000 rows took 1.3 s where the same values as lists take 0.35 s.
// $run_id: the running analysis
MATCH (a:Creator)-[link:ANALYSIS_LINK {run_id: $run_id}]->(b:Creator)
WITH a.id AS a, b.id AS b, link.weight AS weight
ORDER BY a, b
RETURN collect(a) AS a, collect(b) AS b, collect(weight) AS weight
