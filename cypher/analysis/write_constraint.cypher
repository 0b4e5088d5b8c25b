// Bridge component 4: Burt's constraint on the weighted clustering graph (as networkx.constraint),
// constraint_i = sum over neighbours j of (p_ij + sum over q != i, j of p_iq * p_qj)^2 with
// p_ij = w_ij / strength_i (stored on the link by write_link_shares: p_ab from the start node,
// p_ba from the end node). Low constraint = contacts that are not connected to each other (a
// structural hole). Null for a creator without links. Each creator's neighbourhood is gathered
// once, as two maps keyed by neighbour: `out` (p_iq) and `in` (p_qi); the indirect sum of a link
// i-j then only visits the common neighbours q, by walking the smaller of the two neighbourhoods
// (cost: sum over links of the smaller degree, instead of every i-q-j walk, the sum of squared
// degrees, which high-degree creators blow up). Returns `written`.
// $run_id: the running analysis
MATCH (run:AnalysisRun {id: $run_id})
MATCH (i:Creator)
WHERE EXISTS { (i)-[:ANALYSIS_LINK {run_id: $run_id}]-(:Creator) }
OPTIONAL MATCH (run)-[score:SCORED]->(i)
CALL (i) {
  MATCH (i)-[link:ANALYSIS_LINK {run_id: $run_id}]-(q:Creator)
  WITH elementId(q) AS q, startNode(link) = i AS outgoing, link
  RETURN apoc.map.fromPairs(collect([q, CASE WHEN outgoing THEN link.p_ab ELSE link.p_ba END])) AS out,
         apoc.map.fromPairs(collect([q, CASE WHEN outgoing THEN link.p_ba ELSE link.p_ab END])) AS in
}
WITH collect([elementId(i), {score: score, out: out, in: in}]) AS neighbourhoods
WITH apoc.map.fromPairs(neighbourhoods) AS by_id
UNWIND keys(by_id) AS i
WITH by_id, by_id[i] AS me
WHERE me.score IS NOT NULL AND me.score.strength > 0
WITH me.score AS score,
     [j IN keys(me.out) |
       (me.out[j] + reduce(total = 0.0, t IN apoc.coll.sort([
          q IN CASE WHEN size(keys(me.out)) <= size(keys(by_id[j].in)) THEN keys(me.out) ELSE keys(by_id[j].in) END
          WHERE me.out[q] IS NOT NULL AND by_id[j].in[q] IS NOT NULL | me.out[q] * by_id[j].in[q]
        ]) | total + t)) ^ 2] AS terms
// Sums over sorted terms: a rerun adds in the same order and gives identical floats.
SET score.constraint = reduce(total = 0.0, t IN apoc.coll.sort(terms) | total + t)
RETURN count(*) AS written
