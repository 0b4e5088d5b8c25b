// Engagement pods: triangles of creators in which every creator mentions each of the other two at
// least $pod_mentions times (counts summed over kinds), i.e. reciprocal mention rings. Returns one
// row per triangle, `members` (three ids, sorted) and `mentions` (the smallest one-way count in
// it). Python joins triangles that share an edge into pods.
// $pod_mentions: least mentions each way between every two creators of a ring
MATCH (a:Creator)-[m:MENTIONED]->(b:Creator)
WITH a, b, sum(m.count) AS count
WHERE count >= $pod_mentions
WITH collect({a: a.id, b: b.id, n: count}) AS strong
UNWIND strong AS edge
WITH strong, edge, [s IN strong WHERE s.a = edge.b AND s.b = edge.a | s.n] AS back
WHERE edge.a < edge.b AND size(back) > 0
WITH strong, collect({a: edge.a, b: edge.b, n: CASE WHEN edge.n < back[0] THEN edge.n ELSE back[0] END}) AS mutual
UNWIND mutual AS ab
UNWIND mutual AS bc
WITH mutual, ab, bc WHERE bc.a = ab.b
UNWIND mutual AS ac
WITH ab, bc, ac WHERE ac.a = ab.a AND ac.b = bc.b
RETURN [ab.a, ab.b, bc.b] AS members,
       reduce(low = ab.n, n IN [bc.n, ac.n] | CASE WHEN n < low THEN n ELSE low END) AS mentions
ORDER BY members
