"""The Spark engine of the shared-audience step: exact or sketched pairs, staged through the
Neo4j Connector for Apache Spark. Needs the `spark` extra (pyspark, datasketches) and Java 17.

Modules: session (SparkSession + connector jar), exact (DataFrame counting with the default
engine's filters), sketch + kernels (theta sketches), neo4j_io (connector reads and writes),
job (the run step and the spark-submit entry point).
"""
