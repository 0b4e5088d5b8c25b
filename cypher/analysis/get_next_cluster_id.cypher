// Returns `next_cluster_id`: one more than the largest cluster id any succeeded run has used, so
// a cluster that disappears never has its id reused by a new one (0 when there was no run).
OPTIONAL MATCH (run:AnalysisRun {status: 'succeeded'})
RETURN coalesce(max(run.next_cluster_id), 0) AS next_cluster_id
