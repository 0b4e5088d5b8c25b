"""The seam to Neo4j: one driver, named Cypher queries, settings and the one error type.

Imports nothing else of the project's.
"""
