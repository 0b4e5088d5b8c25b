// Stages the Spark engine's shared-audience pairs as the run's
// (:Creator)-[:ANALYSIS_LINK {run_id, shared, jaccard, overlap, share_a, share_b, lift, affinity}]->(:Creator)
// (as write_shared_audience_rows does for the sparse engine: once per pair, from the smaller id to
// the larger; affinity null in sketch mode), plus `estimate` (true in sketch mode) and, for
// estimates, the standard errors `shared_se`, `jaccard_se`, `lift_se`. Idempotent (MERGE on the run id), so a retried batch
// writes nothing twice. Links are only staged for a run that is still running.
// The Neo4j Connector for Apache Spark runs this file's query without its first line: it binds
// each batch of DataFrame rows to $events itself and prepends its own `UNWIND $events AS event`;
// the line is kept here so that the file is a complete query (and compiles in the tests).
// Columns of `event`: run_id, a, b (creator ids, a < b), shared, jaccard, overlap, share_a,
// share_b, lift, affinity, estimate, shared_se, jaccard_se, lift_se.
// $events: a batch of rows (the connector's name for it)
UNWIND $events AS event
MATCH (run:AnalysisRun {id: event.run_id, status: 'running'})
MATCH (a:Creator {id: event.a})
MATCH (b:Creator {id: event.b})
MERGE (a)-[link:ANALYSIS_LINK {run_id: run.id}]->(b)
SET link.shared = event.shared,
    link.jaccard = event.jaccard,
    link.overlap = event.overlap,
    link.share_a = event.share_a,
    link.share_b = event.share_b,
    link.lift = event.lift,
    link.affinity = event.affinity,
    link.estimate = event.estimate,
    link.shared_se = event.shared_se,
    link.jaccard_se = event.jaccard_se,
    link.lift_se = event.lift_se
