// Bridge components computed in memory on the run's weighted clustering graph
// (service/domain/analysis/link_graph.py): `bridge_clusters_audience` (other clusters among the
// creators it shares audience with), `bridge_clusters_mentions` (other clusters among the creators
// it mentioned or was mentioned by, all MENTIONED whatever mention_weight), `participation` (1 - sum over clusters c of
// (k_c / strength)^2) and Burt's `constraint` (as networkx.constraint), with each creator's
// `strength` (total link weight). Written on every SCORED creator of the run: one without a row
// gets 0 and no constraint. Returns `written`.
// $run_id: the running analysis
// $scores: {creator id: {strength, bridge_clusters_audience, bridge_clusters_mentions, participation, constraint}}
MATCH (run:AnalysisRun {id: $run_id})-[score:SCORED]->(creator:Creator)
WITH score, $scores[creator.id] AS row
SET score.strength = coalesce(row.strength, 0.0),
    score.bridge_clusters_audience = coalesce(row.bridge_clusters_audience, 0),
    score.bridge_clusters_mentions = coalesce(row.bridge_clusters_mentions, 0),
    score.participation = coalesce(row.participation, 0.0),
    score.constraint = row.constraint
RETURN count(*) AS written
