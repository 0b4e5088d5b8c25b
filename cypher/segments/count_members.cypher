// How many audience members the graph holds, one row: `total` (the base of every lift).
// $cleaned: true leaves out members marked `suspicious` by the last authenticity assessment
MATCH (m:AudienceMember)
WHERE NOT ($cleaned AND coalesce(m.suspicious, false))
RETURN count(m) AS total
