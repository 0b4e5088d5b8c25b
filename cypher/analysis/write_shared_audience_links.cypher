// Shared audience by GDS nodeSimilarity (Jaccard on the pruned audience graph, top_k per creator
// by that Jaccard), written as staged (:Creator)-[:ANALYSIS_LINK {run_id, shared, jaccard,
// overlap, share_a, share_b, lift}]->(:Creator), once per pair, from the smaller id to the larger.
// shared = J * (da + db) / (1 + J) with the pruned degrees (exact; rounded off float noise); the
// ratios use the FULL audience sizes: jaccard = shared / |A u B|, overlap = shared / min(|A|, |B|),
// share_a = shared / |A|, share_b = shared / |B|, lift = shared * N / (|A| * |B|) (observed over
// expected if audiences were independent draws from the N members). Pairs with fewer than
// min_shared members in common or a full Jaccard under min_jaccard are dropped.
// Returns `links`.
// $graph: the audience graph made by project_audience (with `degree` from mutate_audience_degree)
// $run_id: the running analysis
// $top_k: similar creators kept per creator (nodeSimilarity topK)
// $min_shared: least number of shared members for a pair to be kept
// $min_jaccard: least Jaccard (on full audiences) for a pair to be kept
// $members: N, the number of audience members (count_audience)
// $concurrency: GDS threads
MATCH (run:AnalysisRun {id: $run_id})
CALL gds.nodeSimilarity.stream($graph, {
  topK: $top_k, similarityCutoff: $min_jaccard, degreeCutoff: $min_shared,
  similarityMetric: 'JACCARD', concurrency: $concurrency
})
YIELD node1, node2, similarity
WITH run, node1, node2, similarity,
     gds.util.nodeProperty($graph, node1, 'degree') + gds.util.nodeProperty($graph, node2, 'degree') AS degrees
WITH run, gds.util.asNode(node1) AS one, gds.util.asNode(node2) AS two,
     toInteger(round(similarity * degrees / (1.0 + similarity))) AS shared
WHERE shared >= $min_shared
WITH DISTINCT run, CASE WHEN one.id < two.id THEN one ELSE two END AS a,
     CASE WHEN one.id < two.id THEN two ELSE one END AS b, shared
MATCH (run)-[sa:SCORED]->(a)
MATCH (run)-[sb:SCORED]->(b)
WITH a, b, shared, toFloat(sa.audience_size) AS size_a, toFloat(sb.audience_size) AS size_b
WITH a, b, shared, size_a, size_b, shared / (size_a + size_b - shared) AS jaccard
WHERE jaccard >= $min_jaccard
MERGE (a)-[link:ANALYSIS_LINK {run_id: $run_id}]->(b)
SET link.shared = shared,
    link.jaccard = jaccard,
    link.overlap = shared / CASE WHEN size_a < size_b THEN size_a ELSE size_b END,
    link.share_a = shared / size_a,
    link.share_b = shared / size_b,
    link.lift = shared * toFloat($members) / (size_a * size_b)
RETURN count(*) AS links
