// Schema: finds the unfinished journaled loads (:LoadRun {status}) among all the loads ever made,
// by an index seek instead of a scan: the data stamp asks before nearly every request
// (data_version.get_data_version), and the LoadRuns only grow. Returns nothing.
CREATE INDEX load_run_status IF NOT EXISTS FOR (l:LoadRun) ON (l.status)
