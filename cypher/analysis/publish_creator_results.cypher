// Publishing, step 1 (same transaction as the other publish steps): copies the run's SCORED
// results named in $properties onto every scored Creator (a null result removes the property),
// and analysis_run (the run id). The names come from RESULT_PROPERTIES in
// service/domain/analysis/bridges.py. Returns `creators`.
// $run_id: the succeeded run
// $properties: the result property names
MATCH (:AnalysisRun {id: $run_id})-[score:SCORED]->(creator:Creator)
SET creator += apoc.map.fromLists($properties, [name IN $properties | score[name]]),
    creator.analysis_run = $run_id
RETURN count(*) AS creators
