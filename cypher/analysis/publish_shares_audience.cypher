// Publishing, step 4: turns the run's staged links that share audience into served
// (:Creator)-[:SHARES_AUDIENCE {shared, jaccard, overlap, share_a, share_b, lift, affinity, estimate}]->(:Creator)
// (once per pair, from the smaller id to the larger: share_a is the start node's share; treat as
// undirected; `affinity` from the sparse and Spark engines), then deletes all of the run's staged
// links. `estimate` is true when the Spark engine's sketch mode estimated the pair (it then also
// carries the standard errors `shared_se`, `jaccard_se`, `lift_se`), false for exact counts.
// Returns `published`.
// $run_id: the succeeded run
MATCH (a:Creator)-[link:ANALYSIS_LINK {run_id: $run_id}]->(b:Creator)
CALL (a, b, link) {
  WITH a, b, link WHERE link.shared IS NOT NULL
  CREATE (a)-[:SHARES_AUDIENCE {
    shared: link.shared, jaccard: link.jaccard, overlap: link.overlap,
    share_a: link.share_a, share_b: link.share_b, lift: link.lift, affinity: link.affinity,
    estimate: coalesce(link.estimate, false), shared_se: link.shared_se,
    jaccard_se: link.jaccard_se, lift_se: link.lift_se
  }]->(b)
  RETURN count(*) AS created
}
DELETE link
RETURN sum(created) AS published
