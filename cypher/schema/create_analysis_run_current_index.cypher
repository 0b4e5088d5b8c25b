// Schema: finds the served analysis run (:AnalysisRun {current: true}) among all the runs ever made,
// by an index seek instead of a scan: the data stamp asks before nearly every request
// (data_version.get_data_version), and the runs are kept as history. Returns nothing.
CREATE INDEX analysis_run_current IF NOT EXISTS FOR (run:AnalysisRun) ON (run.current)
