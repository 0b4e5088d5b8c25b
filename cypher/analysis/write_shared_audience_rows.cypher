// Stages shared-audience links computed outside GDS (the `sparse` engine) as
// (:Creator)-[:ANALYSIS_LINK {run_id, shared, jaccard, overlap, share_a, share_b, lift, affinity}]->(:Creator),
// once per pair from the smaller id to the larger, with the same definitions as
// write_shared_audience_links, plus `affinity` (degree-weighted Jaccard: each shared member counts
// 1 / (creators it reaches - 1); service/domain/analysis/overlap.py). Idempotent (MERGE per pair
// and run). Returns `links`.
// $run_id: the running analysis
// $rows: list of {a, b (creator ids, a < b), shared, jaccard, overlap, share_a, share_b, lift, affinity}
UNWIND $rows AS row
MATCH (a:Creator {id: row.a})
MATCH (b:Creator {id: row.b})
MERGE (a)-[link:ANALYSIS_LINK {run_id: $run_id}]->(b)
SET link.shared = row.shared, link.jaccard = row.jaccard, link.overlap = row.overlap,
    link.share_a = row.share_a, link.share_b = row.share_b, link.lift = row.lift,
    link.affinity = row.affinity
RETURN count(*) AS links
