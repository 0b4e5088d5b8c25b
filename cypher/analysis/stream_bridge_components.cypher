// Returns the run's bridge components, one row per scored creator: `id`, `cluster` and
// `components`, a map of each named component (null without links: constraint). Python combines
// them into bridge_score (service/domain/analysis/bridges.py declares the components).
// $run_id: the analysis run
// $components: the component property names (BRIDGE_COMPONENTS)
MATCH (:AnalysisRun {id: $run_id})-[score:SCORED]->(creator:Creator)
RETURN creator.id AS id, score.cluster AS cluster,
       apoc.map.fromLists($components, [name IN $components | score[name]]) AS components
ORDER BY id
