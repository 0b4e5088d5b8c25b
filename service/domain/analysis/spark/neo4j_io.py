"""Audience rows in, links out: through the Neo4j Connector for Apache Spark, or a dataset folder.

Reading: the connector runs cypher/spark/stream_audience_rows.cypher in one partition (its
SKIP/LIMIT partitioning needs an ORDER BY, which costs more than it saves on one server); or Spark
reads `audience.csv` / `audience.parquet` (the loaders' columns member_id, creator_id) from a folder.

Writing: ANALYSIS_LINK rows through the connector's query mode
(cypher/spark/write_analysis_links.cypher), `batch_size` rows per transaction. Writing a
relationship locks both its end nodes, so concurrent batches that share a creator can deadlock;
the connector's docs advise one partition. With `writers` > 1 we write in rounds instead: every
creator falls in one of G = 2 * writers - 1 buckets (a hash of its id), the pair (a, b) belongs to
the bucket pair {g(a), g(b)}, and round r holds the bucket pairs with g(a) + g(b) = r (mod G).
In one round every bucket appears in exactly one bucket pair (G odd), so the round's `writers`
partitions touch disjoint creators and never wait on each other; the G rounds run one after the
other.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from pyspark.sql import functions as F

from service.domain.analysis.run_links import AUDIENCE_COLUMNS
from service.domain.analysis.spark.session import CONNECTOR_FORMAT
from service.graph.errors import ServiceError
from service.graph.queries import get_query

if TYPE_CHECKING:
    from pyspark.sql import DataFrame, SparkSession

# The connector prepends this to a write query; our file carries it so the file compiles alone.
CONNECTOR_UNWIND = "UNWIND $events AS event"
# A staged row: the run and what its shared-audience link carries (run_links.AUDIENCE_COLUMNS).
LINK_COLUMNS = ("run_id", *AUDIENCE_COLUMNS)


def read_query(spark: SparkSession, options: dict[str, str], name: str) -> DataFrame:
    """The rows of one named read query (no parameters), in one partition."""
    return (
        spark.read.format(CONNECTOR_FORMAT)
        .options(**options)
        .option("query", get_query(name).text)
        .option("partitions", "1")
        .load()
    )


def read_audience_from_neo4j(spark: SparkSession, options: dict[str, str], cleaned: bool) -> DataFrame:
    """(member, creator) rows of the graph's audience; without suspicious members when cleaned."""
    rows = read_query(spark, options, "spark.stream_audience_rows")
    if cleaned:
        rows = rows.where(~F.col("suspicious"))
    return rows.select("member", "creator")


def read_audience_from_folder(
    spark: SparkSession, folder: str | Path, options: dict[str, str] | None, cleaned: bool
) -> DataFrame:
    """(member, creator) rows of a dataset folder's audience file (Parquet preferred to CSV); a
    URL (hdfs://, s3a://...) names a folder holding audience.parquet, read where Spark runs.

    Cleaned audiences need the last assessment, which lives in the graph: the suspicious members'
    ids are then read through the connector and left out."""
    if "://" in str(folder):
        raw = spark.read.parquet(f"{str(folder).rstrip('/')}/audience.parquet")
    else:
        parquet, csv = Path(folder) / "audience.parquet", Path(folder) / "audience.csv"
        if parquet.exists():
            raw = spark.read.parquet(str(parquet))
        elif csv.exists():
            raw = spark.read.option("header", "true").csv(str(csv))
        else:
            raise ServiceError(
                400,
                "no_audience_file",
                f"{folder} has no audience.parquet or audience.csv",
                {"from": str(folder)},
            )
    missing = {"member_id", "creator_id"} - set(raw.columns)
    if missing:
        raise ServiceError(
            400,
            "bad_audience_file",
            f"the audience file lacks column(s): {', '.join(sorted(missing))}",
            {"from": str(folder)},
        )
    rows = raw.select(F.col("member_id").alias("member"), F.col("creator_id").alias("creator"))
    if cleaned:
        if options is None:
            raise ServiceError(400, "no_assessment", "cleaned audiences need the graph's assessment")
        suspicious = read_query(spark, options, "spark.stream_suspicious_members")
        rows = rows.join(F.broadcast(suspicious), "member", "left_anti")
    return rows


def link_rows(links: DataFrame, run_id: str, estimate: bool) -> DataFrame:
    """The links as the write query's event columns (standard errors null when exact, affinity
    null when sketched)."""
    columns = set(links.columns)
    missing = F.lit(None).cast("double")
    return links.select(
        F.lit(run_id).alias("run_id"),
        "a",
        "b",
        F.col("shared").cast("long").alias("shared"),
        "jaccard",
        "overlap",
        "share_a",
        "share_b",
        "lift",
        F.col("affinity") if "affinity" in columns else missing.alias("affinity"),
        F.lit(estimate).alias("estimate"),
        *(
            (F.col(name) if name in columns else missing).alias(name)
            for name in ("shared_se", "jaccard_se", "lift_se")
        ),
    )


def write_query_text() -> str:
    """write_analysis_links without its first line, which the connector supplies."""
    text = get_query("spark.write_analysis_links").text
    if not text.startswith(CONNECTOR_UNWIND):
        raise ServiceError(500, "bad_query", f"spark.write_analysis_links must start with {CONNECTOR_UNWIND}")
    return text.removeprefix(CONNECTOR_UNWIND).strip()


def write_links(rows: DataFrame, options: dict[str, str], batch_size: int = 5000, writers: int = 1) -> int:
    """Write link rows (link_rows' columns) in batches; returns the number of rounds written."""
    query = write_query_text()

    def save(frame: DataFrame) -> None:
        (
            frame.write.format(CONNECTOR_FORMAT)
            .mode("Append")
            .options(**options)
            .option("query", query)
            .option("batch.size", str(batch_size))
            .save()
        )

    if writers <= 1:
        save(rows.coalesce(1))
        return 1
    buckets = 2 * writers - 1
    bucketed = (
        rows.withColumn("ga", F.pmod(F.xxhash64("a"), F.lit(buckets)))
        .withColumn("gb", F.pmod(F.xxhash64("b"), F.lit(buckets)))
        .withColumn("round", F.pmod(F.col("ga") + F.col("gb"), F.lit(buckets)))
        .withColumn("group", F.least("ga", "gb"))
        .persist()
    )
    for round_ in range(buckets):
        batch = bucketed.where(F.col("round") == round_)
        save(batch.repartition(writers, "group").select(*LINK_COLUMNS))
    bucketed.unpersist()
    return buckets
