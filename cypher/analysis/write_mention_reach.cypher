// Bridge component 2: `bridge_clusters_mentions`, the number of distinct OTHER clusters among the
// creators this one mentioned or was mentioned by (all MENTIONED, whatever mention_weight).
// Written on the run's SCORED; needs the run's clusters. Component 1 (clusters reached by shared
// audience) is computed in memory with participation and constraint (write_link_graph_scores).
// Returns `written`.
// $run_id: the running analysis
MATCH (run:AnalysisRun {id: $run_id})-[score:SCORED]->(creator:Creator)
SET score.bridge_clusters_mentions = COUNT {
      MATCH (creator)-[:MENTIONED]-(:Creator)<-[other:SCORED]-(run)
      WHERE other.cluster <> score.cluster
      RETURN DISTINCT other.cluster
    }
RETURN count(*) AS written
