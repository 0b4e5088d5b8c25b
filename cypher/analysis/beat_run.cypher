// A running analysis run's heartbeat: stamps `heartbeat_at` so that other processes see it is
// alive (list_running_runs). Returns nothing.
// $run_id: the running run
MATCH (run:AnalysisRun {id: $run_id, status: 'running'})
SET run.heartbeat_at = datetime()
