// Schema: at most one analysis run holds the slot `run.slot = 'analysis'` (the running one; the
// slot is removed when it succeeds, fails or is abandoned), so two runs can never both start.
// Returns nothing.
CREATE CONSTRAINT analysis_run_slot IF NOT EXISTS FOR (run:AnalysisRun) REQUIRE run.slot IS UNIQUE
