// Bridge component 4: Burt's constraint on the weighted clustering graph (as networkx.constraint),
// constraint_i = sum over neighbours j of (p_ij + sum over q != i, j of p_iq * p_qj)^2 with
// p_ij = w_ij / strength_i (stored on the link by write_link_shares: p_ab from the start node,
// p_ba from the end node). Low constraint = contacts that are not connected to each other (a
// structural hole). Null for a creator without links. The indirect sums are gathered in one walk
// i - q - j per creator (cost: sum of squared degrees). Returns `written`.
// $run_id: the running analysis
MATCH (run:AnalysisRun {id: $run_id})-[score:SCORED]->(i:Creator)
WHERE score.strength > 0
CALL (i) {
  MATCH (i)-[to_q:ANALYSIS_LINK {run_id: $run_id}]-(q:Creator)-[q_to_j:ANALYSIS_LINK {run_id: $run_id}]-(j:Creator)
  WHERE j <> i
  WITH j, CASE WHEN startNode(to_q) = i THEN to_q.p_ab ELSE to_q.p_ba END
          * CASE WHEN startNode(q_to_j) = q THEN q_to_j.p_ab ELSE q_to_j.p_ba END AS term
  // Sums over sorted terms: a rerun adds in the same order and gives identical floats.
  WITH j, apoc.coll.sort(collect(term)) AS terms
  RETURN apoc.map.fromPairs(collect([elementId(j), reduce(total = 0.0, t IN terms | total + t)])) AS indirect
}
CALL (i, indirect) {
  MATCH (i)-[to_j:ANALYSIS_LINK {run_id: $run_id}]-(j:Creator)
  WITH (CASE WHEN startNode(to_j) = i THEN to_j.p_ab ELSE to_j.p_ba END
        + coalesce(indirect[elementId(j)], 0.0)) ^ 2 AS term
  WITH apoc.coll.sort(collect(term)) AS terms
  RETURN reduce(total = 0.0, t IN terms | total + t) AS constraint
}
SET score.constraint = constraint
RETURN count(*) AS written
