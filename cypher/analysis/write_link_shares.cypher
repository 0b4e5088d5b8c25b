// Stores on each staged link the normalized weights constraint needs, from both ends:
// p_ab = weight / strength(a) and p_ba = weight / strength(b) (a = start node). Needs
// write_participation first (strength). Returns `links`.
// $run_id: the running analysis
MATCH (run:AnalysisRun {id: $run_id})-[score_a:SCORED]->(a:Creator)-[link:ANALYSIS_LINK {run_id: $run_id}]->(b:Creator)
MATCH (run)-[score_b:SCORED]->(b)
SET link.p_ab = link.weight / score_a.strength, link.p_ba = link.weight / score_b.strength
RETURN count(*) AS links
