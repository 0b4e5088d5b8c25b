// Bridge component 4: Burt's constraint on the weighted clustering graph (as networkx.constraint),
// constraint_i = sum over neighbours j of (p_ij + sum over q != i, j of p_iq * p_qj)^2 with
// p_ij = w_ij / strength_i. Low constraint = contacts that are not connected to each other (a
// structural hole). Null for a creator without links. Needs write_participation first
// (strength). Returns `written`.
// $run_id: the running analysis
MATCH (run:AnalysisRun {id: $run_id})-[score:SCORED]->(i:Creator)
WHERE score.strength > 0
CALL (run, score, i) {
  MATCH (i)-[link_ij:ANALYSIS_LINK {run_id: $run_id}]-(j:Creator)
  CALL (run, score, i, j) {
    OPTIONAL MATCH (i)-[link_iq:ANALYSIS_LINK {run_id: $run_id}]-(q:Creator)-[link_qj:ANALYSIS_LINK {run_id: $run_id}]-(j)
    WHERE q <> i AND q <> j
    OPTIONAL MATCH (run)-[score_q:SCORED]->(q)
    // Sums over sorted terms: a rerun adds in the same order and gives identical floats.
    WITH apoc.coll.sort(collect(link_iq.weight / score.strength * link_qj.weight / score_q.strength)) AS terms
    RETURN reduce(total = 0.0, term IN terms | total + term) AS indirect
  }
  WITH apoc.coll.sort(collect((link_ij.weight / score.strength + indirect) ^ 2)) AS terms
  RETURN reduce(total = 0.0, term IN terms | total + term) AS constraint
}
SET score.constraint = constraint
RETURN count(*) AS written
