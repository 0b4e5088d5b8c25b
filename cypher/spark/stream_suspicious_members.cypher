// The ids of the members the last authenticity assessment marked `suspicious`, read through the
// Neo4j Connector for Apache Spark when the Spark engine takes its audience rows from a dataset
// folder but the run is on cleaned audiences (the assessment lives only in the graph).
// Returns `member`. No parameters (the connector's read takes none).
MATCH (member:AudienceMember)
WHERE member.suspicious = true
RETURN member.id AS member
