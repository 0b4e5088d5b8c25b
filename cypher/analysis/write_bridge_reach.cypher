// Bridge components 1 and 2: bridge_clusters_audience = number of distinct OTHER clusters among
// the creators this one shares audience with (kept links of this run); bridge_clusters_mentions =
// number of distinct other clusters among the creators it mentioned or was mentioned by (all
// MENTIONED, whatever mention_weight). Written on the run's SCORED. Returns `written`.
// $run_id: the running analysis
MATCH (run:AnalysisRun {id: $run_id})-[score:SCORED]->(creator:Creator)
SET score.bridge_clusters_audience = COUNT {
      MATCH (creator)-[link:ANALYSIS_LINK {run_id: $run_id}]-(:Creator)<-[other:SCORED]-(run)
      WHERE link.shared IS NOT NULL AND other.cluster <> score.cluster
      RETURN DISTINCT other.cluster
    },
    score.bridge_clusters_mentions = COUNT {
      MATCH (creator)-[:MENTIONED]-(:Creator)<-[other:SCORED]-(run)
      WHERE other.cluster <> score.cluster
      RETURN DISTINCT other.cluster
    }
RETURN count(*) AS written
