// Publishing, step 4b: the run's shared-audience links (held in memory by the run:
// service/domain/analysis/run_links.py) that no served relationship holds yet become served
// (:Creator)-[:SHARES_AUDIENCE {shared, jaccard, overlap, share_a, share_b, lift, affinity, estimate}]->(:Creator)
// (once per pair, from the smaller id to the larger: share_a is the start node's share; treat as
// undirected; `affinity` from the sparse and Spark engines). `estimate` is true when the Spark
// engine's sketch mode estimated the pair (it then also carries the standard errors `shared_se`,
// `jaccard_se`, `lift_se`), false for exact counts. Runs after delete_shares_audience and
// update_shares_audience in the same transaction. Returns `published`.
// The links come as parallel lists, one per property, element i of each being link i: 33,000
// rows as maps cost 0.6 s to send and unwind, as lists 0.35 s (1.7 s -> 1.2 s for this query).
// $a: each link's start creator id (the smaller)
// $b: each link's end creator id
// $shared: members in both audiences
// $jaccard: shared / union
// $overlap: shared / the smaller audience
// $share_a: shared / a's audience
// $share_b: shared / b's audience
// $lift: shared / the count expected if audiences were independent
// $affinity: degree-weighted Jaccard (null from the gds engine)
// $estimate: true for a sketched Spark estimate (null: exact)
// $shared_se: standard error of an estimated shared (null: exact)
// $jaccard_se: standard error of an estimated jaccard (null: exact)
// $lift_se: standard error of an estimated lift (null: exact)
UNWIND range(0, size($a) - 1) AS i
MATCH (a:Creator {id: $a[i]})
MATCH (b:Creator {id: $b[i]})
CREATE (a)-[:SHARES_AUDIENCE {
  shared: $shared[i], jaccard: $jaccard[i], overlap: $overlap[i],
  share_a: $share_a[i], share_b: $share_b[i], lift: $lift[i], affinity: $affinity[i],
  estimate: coalesce($estimate[i], false), shared_se: $shared_se[i],
  jaccard_se: $jaccard_se[i], lift_se: $lift_se[i]
}]->(b)
RETURN count(*) AS published
