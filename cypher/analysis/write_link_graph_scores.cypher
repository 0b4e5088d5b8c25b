// Bridge components 3 and 4, computed in memory on the run's weighted clustering graph
// (service/domain/analysis/link_graph.py): `participation` (1 - sum over clusters c of
// (k_c / strength)^2) and Burt's `constraint` (as networkx.constraint), with each creator's
// `strength` (total link weight). Written on every SCORED creator of the run: one without a row
// gets strength and participation 0 and no constraint. Returns `written`.
// $run_id: the running analysis
// $scores: {creator id: {strength, participation, constraint}} (constraint null without links)
MATCH (run:AnalysisRun {id: $run_id})-[score:SCORED]->(creator:Creator)
WITH score, $scores[creator.id] AS row
SET score.strength = coalesce(row.strength, 0.0),
    score.participation = coalesce(row.participation, 0.0),
    score.constraint = row.constraint
RETURN count(*) AS written
