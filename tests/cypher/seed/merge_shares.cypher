// Precomputed (:Creator)-[:SHARES_AUDIENCE]->(:Creator), for tests of what reads the analysis'
// results. Returns `edges`.
// $rows: list of {a, b, props}: props holds shared, jaccard, overlap, share_a, share_b, lift
UNWIND $rows AS row
MATCH (a:Creator {id: row.a})
MATCH (b:Creator {id: row.b})
MERGE (a)-[shares:SHARES_AUDIENCE]->(b)
SET shares += row.props
RETURN count(*) AS edges
