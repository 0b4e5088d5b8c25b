// Bridge component 3: participation coefficient on the weighted clustering graph,
// participation = 1 - sum over clusters c of (k_c / k)^2, where k is the creator's total link
// weight (`strength`, also written) and k_c the part going to creators of cluster c (its own
// included). 0 = all links inside one cluster; near 1 = spread evenly over many. 0 without links.
// Returns `written`.
// $run_id: the running analysis
MATCH (run:AnalysisRun {id: $run_id})-[score:SCORED]->(creator:Creator)
CALL (run, creator) {
  OPTIONAL MATCH (creator)-[link:ANALYSIS_LINK {run_id: $run_id}]-(:Creator)<-[other:SCORED]-(run)
  // Sums over sorted values: a rerun adds in the same order and gives identical floats.
  WITH other.cluster AS cluster, apoc.coll.sort(collect(link.weight)) AS weights
  WITH apoc.coll.sort(collect(reduce(total = 0.0, w IN weights | total + w))) AS parts
  WITH parts, reduce(total = 0.0, part IN parts | total + part) AS k
  RETURN k AS strength,
         CASE WHEN k > 0 THEN 1.0 - reduce(acc = 0.0, part IN parts | acc + (part / k) ^ 2) ELSE 0.0 END AS participation
}
SET score.strength = coalesce(strength, 0.0), score.participation = participation
RETURN count(*) AS written
