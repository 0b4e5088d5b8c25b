// The running stack's versions, one row: `version` and `edition` of Neo4j, `gds` (Graph Data
// Science) and `apoc`. Fails when the GDS or APOC plugin is missing; see get_neo4j_version.
CALL dbms.components() YIELD name, versions, edition
WHERE name = 'Neo4j Kernel'
RETURN versions[0] AS version, edition, gds.version() AS gds, apoc.version() AS apoc
