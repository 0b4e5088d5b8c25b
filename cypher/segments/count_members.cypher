// How many audience members the graph holds, one row: `total` (the base of every lift).
MATCH (m:AudienceMember)
RETURN count(m) AS total
