// Publishing, step 2: removes the analysis results named in $properties (and analysis_run) from
// creators the run did not score (added after it started), so no creator shows results of an
// older run. Returns `cleared`.
// $run_id: the succeeded run
// $properties: the result property names
MATCH (creator:Creator)
WHERE creator.analysis_run IS NOT NULL AND creator.analysis_run <> $run_id
SET creator += apoc.map.fromLists($properties + ['analysis_run'], [name IN $properties + ['analysis_run'] | null])
RETURN count(*) AS cleared
