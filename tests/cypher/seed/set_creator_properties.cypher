// Test fixtures only: sets properties the loaders do not own on existing creators -- analysis
// results (cluster, bridge_score, hub_score, ...) and business fields such as a cost -- so a
// test can state them instead of running an analysis. Returns `creators`.
// $rows: list of {id, props: map of properties}
UNWIND $rows AS row
MATCH (creator:Creator {id: row.id})
SET creator += row.props
RETURN count(*) AS creators
