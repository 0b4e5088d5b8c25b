"""Operating Neo4j: the local server assembled from Maven Central (install, start, stop, reset) and
the offline admin tool (neo4j-admin import into a staging store, swapped in)."""
