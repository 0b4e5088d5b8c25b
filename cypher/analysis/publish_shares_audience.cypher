// Publishing, step 4: turns the run's staged links that share audience into served
// (:Creator)-[:SHARES_AUDIENCE {shared, jaccard, overlap, share_a, share_b, lift, affinity}]->(:Creator)
// (once per pair, from the smaller id to the larger: share_a is the start node's share; treat as
// undirected; `affinity` only from the sparse engine), then deletes all of the run's staged
// links. Returns `published`.
// $run_id: the succeeded run
MATCH (a:Creator)-[link:ANALYSIS_LINK {run_id: $run_id}]->(b:Creator)
CALL (a, b, link) {
  WITH a, b, link WHERE link.shared IS NOT NULL
  CREATE (a)-[:SHARES_AUDIENCE {
    shared: link.shared, jaccard: link.jaccard, overlap: link.overlap,
    share_a: link.share_a, share_b: link.share_b, lift: link.lift, affinity: link.affinity
  }]->(b)
  RETURN count(*) AS created
}
DELETE link
RETURN sum(created) AS published
