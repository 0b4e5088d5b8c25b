// Publishing, step 4: the run's shared-audience links (held in memory by the run:
// service/domain/analysis/run_links.py) become served
// (:Creator)-[:SHARES_AUDIENCE {shared, jaccard, overlap, share_a, share_b, lift, affinity, estimate}]->(:Creator)
// (once per pair, from the smaller id to the larger: share_a is the start node's share; treat as
// undirected; `affinity` from the sparse and Spark engines). `estimate` is true when the Spark
// engine's sketch mode estimated the pair (it then also carries the standard errors `shared_se`,
// `jaccard_se`, `lift_se`), false for exact counts. Runs after delete_shares_audience in the same
// transaction. Returns `published`.
// $rows: [{a, b, shared, jaccard, overlap, share_a, share_b, lift, affinity, estimate, shared_se,
//          jaccard_se, lift_se}] (a, b: creator ids)
UNWIND $rows AS row
MATCH (a:Creator {id: row.a})
MATCH (b:Creator {id: row.b})
CREATE (a)-[:SHARES_AUDIENCE {
  shared: row.shared, jaccard: row.jaccard, overlap: row.overlap,
  share_a: row.share_a, share_b: row.share_b, lift: row.lift, affinity: row.affinity,
  estimate: coalesce(row.estimate, false), shared_se: row.shared_se,
  jaccard_se: row.jaccard_se, lift_se: row.lift_se
}]->(b)
RETURN count(*) AS published
