// The current run's cluster summaries as stored when it was published: one row, `summaries` (a
// JSON list of get_cluster_summaries rows, largest cluster first), null for a run published
// before summaries were stored; no row before any run.
MATCH (run:AnalysisRun {current: true})
RETURN run.cluster_summaries AS summaries
