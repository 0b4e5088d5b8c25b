// Publishing, step 5: marks the run succeeded and current (freeing its slot), and the previous current run not
// current. Returns `id`.
// $run_id: the succeeded run
// $modularity: modularity of the run's clusters on the weighted clustering graph
// $counts: counts of the run (creators, links, clusters, hubs, ...), as a JSON string
// $next_cluster_id: one more than the largest cluster id used so far
// $cluster_summaries: every cluster's get_cluster_summaries row as of this run, a JSON list
MATCH (run:AnalysisRun {id: $run_id})
OPTIONAL MATCH (previous:AnalysisRun {current: true})
WHERE previous <> run
SET previous.current = false
WITH DISTINCT run
SET run.status = 'succeeded', run.current = true, run.finished_at = datetime(),
    run.modularity = $modularity, run.counts = $counts, run.next_cluster_id = $next_cluster_id,
    run.cluster_summaries = $cluster_summaries
REMOVE run.slot
RETURN run.id AS id
