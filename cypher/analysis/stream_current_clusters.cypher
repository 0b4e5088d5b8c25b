// Returns the current run's clusters, one row per creator: `id`, `cluster`; none when no run
// has succeeded yet. Used to keep cluster ids stable across runs.
MATCH (:AnalysisRun {current: true})-[score:SCORED]->(creator:Creator)
WHERE score.cluster IS NOT NULL
RETURN creator.id AS id, score.cluster AS cluster
