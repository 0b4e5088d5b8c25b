// Neo4j's own version and edition, one row; needs no plugin (the fallback of get_versions).
CALL dbms.components() YIELD name, versions, edition
WHERE name = 'Neo4j Kernel'
RETURN versions[0] AS version, edition, null AS gds, null AS apoc
