// Publishing, step 5: marks the run succeeded and current, and the previous current run not
// current. Returns `id`.
// $run_id: the succeeded run
// $modularity: modularity of the run's clusters on the weighted clustering graph
// $counts: counts of the run (creators, links, clusters, hubs, ...), as a JSON string
// $next_cluster_id: one more than the largest cluster id used so far
MATCH (run:AnalysisRun {id: $run_id})
OPTIONAL MATCH (previous:AnalysisRun {current: true})
WHERE previous <> run
SET previous.current = false
WITH DISTINCT run
SET run.status = 'succeeded', run.current = true, run.finished_at = datetime(),
    run.modularity = $modularity, run.counts = $counts, run.next_cluster_id = $next_cluster_id
RETURN run.id AS id
