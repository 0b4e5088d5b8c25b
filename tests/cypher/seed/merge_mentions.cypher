// (:Creator)-[:MENTIONED {kind, count}]->(:Creator). Returns `edges`.
// $rows: list of {source, target, kind, count}
UNWIND $rows AS row
MATCH (source:Creator {id: row.source})
MATCH (target:Creator {id: row.target})
MERGE (source)-[mentioned:MENTIONED {kind: row.kind}]->(target)
SET mentioned.count = row.count
RETURN count(*) AS edges
