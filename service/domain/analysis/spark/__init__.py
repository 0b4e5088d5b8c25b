"""The Spark engine of the shared-audience step (engine "spark", docs/spark.md): exact or sketched
pairs, staged through the Neo4j Connector for Apache Spark. PySpark and DataSketches are ordinary
dependencies; Spark needs Java 17. Only the modules that run Spark import PySpark.

Modules: session (SparkSession + connector jar), exact (DataFrame counting with the sparse
engine's link rule), sketch + kernels (theta sketches), neo4j_io (connector reads and writes),
job (the run step, `spark_shared_audience`, and the spark-submit entry point).
"""
