// The audience as (member, creator) rows for the Spark engine, read through the Neo4j Connector
// for Apache Spark (query mode, one partition: the connector's SKIP/LIMIT partitions need a
// stable order this query does not promise). One row per FOLLOWS or ENGAGED_WITH relationship:
// a member who follows and engaged gives two rows, which the job makes distinct (cheaper there
// than a DISTINCT over the whole audience in the server's heap). `suspicious` is the flag of the
// last authenticity assessment (false when never assessed): the job filters on it for cleaned
// audiences, so the one query serves raw and cleaned runs. No parameters (the connector's read
// takes none).
MATCH (member:AudienceMember)-[:FOLLOWS|ENGAGED_WITH]->(creator:Creator)
RETURN member.id AS member, creator.id AS creator, coalesce(member.suspicious, false) AS suspicious
