"""Operating Neo4j: the local server assembled from Maven Central (install, start, stop, reset)."""
