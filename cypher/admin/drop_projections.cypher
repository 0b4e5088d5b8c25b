// Drops every GDS in-memory graph projection; returns `dropped`, how many there were.
CALL gds.graph.list() YIELD graphName
CALL gds.graph.drop(graphName, false) YIELD graphName AS name
RETURN count(name) AS dropped
