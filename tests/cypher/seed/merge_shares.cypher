// Test fixtures only: SHARES_AUDIENCE links as an analysis run would publish them, for tests of
// the routes that read them. Returns `edges`.
// $rows: list of {a, b, props: map of link properties}
UNWIND $rows AS row
MATCH (a:Creator {id: row.a})
MATCH (b:Creator {id: row.b})
MERGE (a)-[shares:SHARES_AUDIENCE]->(b)
SET shares += row.props
RETURN count(*) AS edges
