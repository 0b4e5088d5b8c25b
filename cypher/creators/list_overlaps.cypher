// The creators sharing the most audience with one creator, by shared members (then lift).
// Returns per neighbour: `id`, `handle`, `cluster`, `shared`, `jaccard`, `overlap`, `lift`,
// `share_of_this` (shared / this creator's audience), `share_of_other` (shared / theirs), and
// `estimate` (true when the run estimated it from sketches: the Spark engine's sketch mode) with
// the standard errors `shared_se`, `jaccard_se`, `lift_se` (null when exact).
// $id: the creator's id
// $offset: rows to skip
// $limit: rows to return
MATCH (c:Creator {id: $id})-[s:SHARES_AUDIENCE]-(o:Creator)
WITH c, s, o, startNode(s) = c AS outgoing
ORDER BY s.shared DESC, s.lift DESC, o.id
SKIP $offset LIMIT $limit
RETURN o.id AS id, o.handle AS handle, o.cluster AS cluster, s.shared AS shared,
       s.jaccard AS jaccard, s.overlap AS overlap, s.lift AS lift,
       CASE WHEN outgoing THEN s.share_a ELSE s.share_b END AS share_of_this,
       CASE WHEN outgoing THEN s.share_b ELSE s.share_a END AS share_of_other,
       coalesce(s.estimate, false) AS estimate, s.shared_se AS shared_se,
       s.jaccard_se AS jaccard_se, s.lift_se AS lift_se
