// Stores a finished run's step timings (wall seconds per step, see
// service/domain/analysis/steps.py) as `timings` on its (:AnalysisRun). Written after publish so
// that publish is timed too. Returns `id`.
// $run_id: the run
// $timings: {step: seconds}, as a JSON string
MATCH (run:AnalysisRun {id: $run_id})
SET run.timings = $timings
RETURN run.id AS id
