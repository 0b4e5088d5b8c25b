// The node ids of the audience members the last assessment marked suspicious, one row each
// (`node`): the audience index re-reads only these after an assessment changed nothing else.
MATCH (m:AudienceMember)
WHERE m.suspicious = true
RETURN id(m) AS node
