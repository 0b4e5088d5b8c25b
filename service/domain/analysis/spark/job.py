"""The Spark engine's job: shared-audience links of one analysis run, exact or from sketches.

`spark_shared_audience(graph, params, run_id, say)` is the run's shared-audience step when
`engine == "spark"` (run.py calls it in place of the GDS step): it stages the run's ANALYSIS_LINKs
through the Neo4j Connector for Apache Spark and returns what goes into the run record. `main` is
the same job from the command line, for `spark-submit` on a cluster (client mode: this process is
the driver):

    spark-submit --master spark://HOST:7077 --jars CONNECTOR.jar \\
        service/domain/analysis/spark/job.py --run-id RUN [--from DIR] \\
        [--mode sketch --k 4096 --pair-score jaccard]

(`python -m service.domain.analysis.spark.job` does the same in local mode.) Neo4j's address and
credentials come from the usual NEO4J_* settings. PySpark is imported only inside the functions
that run Spark, so importing this module starts no JVM.
"""

from __future__ import annotations

import argparse
import json
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any, Literal

from service.domain.analysis.params import AnalysisParams
from service.graph.db import Graph
from service.graph.errors import ServiceError
from service.graph.settings import Settings

Say = Callable[[str], None]
DEFAULT_SKETCH_K = 4096


@dataclass(frozen=True)
class SparkOptions:
    """Options of the Spark engine (the link filters are the run's AnalysisParams)."""

    min_shared: int = 2
    min_jaccard: float = 0.0
    top_k: int = 20
    pair_score: Literal["jaccard", "affinity"] = "affinity"
    audience: Literal["raw", "cleaned"] = "raw"
    mode: Literal["exact", "sketch"] = "exact"
    k: int = 4096  # sketch size (a power of two)
    max_member_degree: int | None = None  # off by default
    # A dataset folder (or a URL Spark reads); None reads the graph through the connector.
    source: str | None = None
    master: str = "local[*]"
    driver_memory: str = "2g"
    executor_memory: str | None = None
    shuffle_partitions: int | None = None
    batch_size: int = 5000  # rows per write transaction
    writers: int = 1  # concurrent write partitions (1: the connector docs' advice)
    # None: resolve the connector with Maven into the cache; "classpath": Spark already has it
    # (a cluster image with it in $SPARK_HOME/jars); else the jar's path.
    connector_jar: str | None = None

    @classmethod
    def from_params(cls, params: AnalysisParams) -> SparkOptions:
        """The options of an analysis run with engine "spark" (its filters, audience and Spark
        parameters; the rest keeps the job's defaults)."""
        return cls(
            min_shared=params.min_shared,
            min_jaccard=params.min_jaccard,
            top_k=params.top_k,
            pair_score=params.pair_score,
            audience=params.audience,
            mode="exact" if params.sketch_k is None else "sketch",
            k=params.sketch_k or DEFAULT_SKETCH_K,
            max_member_degree=params.max_member_degree,
            source=params.spark_from,
            master=params.spark_master,
        )

    def validate(self) -> None:
        from service.domain.analysis.spark.sketch import lg_k_of

        checks = [
            ("min_shared", self.min_shared >= 1, "must be at least 1"),
            ("top_k", self.top_k >= 1, "must be at least 1"),
            ("min_jaccard", 0.0 <= self.min_jaccard <= 1.0, "must be between 0 and 1"),
            ("audience", self.audience in ("raw", "cleaned"), "must be raw or cleaned"),
            ("mode", self.mode in ("exact", "sketch"), "must be exact or sketch"),
            ("pair_score", self.pair_score in ("jaccard", "affinity"), "must be jaccard or affinity"),
            (
                "pair_score",
                self.mode == "exact" or self.pair_score == "jaccard",
                "sketch mode ranks by jaccard (affinity weighs each shared member; a sketch keeps few)",
            ),
            (
                "max_member_degree",
                self.max_member_degree is None or self.max_member_degree >= 2,
                "must be at least 2 (or off)",
            ),
            ("batch_size", self.batch_size >= 1, "must be at least 1"),
            ("writers", 1 <= self.writers <= 64, "must be 1..64"),
        ]
        for name, ok, why in checks:
            if not ok:
                raise ServiceError(
                    400, "bad_parameter", f"{name}={getattr(self, name)!r}: {why}", {"parameter": name}
                )
        if self.mode == "sketch":
            try:
                lg_k_of(self.k)
            except ValueError as error:
                raise ServiceError(400, "bad_parameter", str(error), {"parameter": "k"}) from None


@dataclass
class SparkResult:
    """What the job did, for the run record (`counts`)."""

    engine: str = "spark"
    mode: str = "exact"
    estimate: bool = False
    k: int | None = None
    master: str = "local[*]"
    source: str = "neo4j"
    members: int = 0
    audience_rows: int = 0
    dropped_members: int = 0
    dropped_rows: int = 0
    links: int = 0
    links_written: int | None = None
    write_rounds: int = 0
    seconds: dict[str, float] = field(default_factory=dict)

    # Sketch mode: the median and largest relative standard error of the links' shared counts.
    shared_rse_median: float | None = None
    shared_rse_max: float | None = None

    def to_json(self) -> str:
        return json.dumps(asdict(self), sort_keys=True)


def spark_shared_audience(
    graph: Graph, params: AnalysisParams, run_id: str, say: Say | None = None
) -> dict[str, Any]:
    """The shared-audience step of a run with engine "spark": stages its ANALYSIS_LINKs and returns
    the run record's counts: `shared_audience_pairs` (links staged), `estimate` (true in sketch
    mode: the links then carry shared_se, jaccard_se and lift_se), `dropped_members` and
    `dropped_rows` (--max-member-degree), and `spark` (mode, k, master, source, timings)."""
    if graph.settings is None:
        raise ServiceError(500, "no_settings", "the Spark engine needs a graph made by Graph.connect")
    result = run_shared_audience(graph.settings, SparkOptions.from_params(params), run_id, say)
    return {
        "shared_audience_pairs": result.links_written or 0,
        "estimate": result.estimate,
        "dropped_members": result.dropped_members,
        "dropped_rows": result.dropped_rows,
        "spark": asdict(result),
    }


def compute_links(
    spark: Any, options: SparkOptions, connector: dict[str, str] | None
) -> tuple[Any, SparkResult]:
    """The run's links as a DataFrame (cached) and the counts; reads but writes nothing."""
    from service.domain.analysis.spark import exact, neo4j_io, sketch

    result = SparkResult(mode=options.mode, estimate=options.mode == "sketch", master=options.master)
    started = time.perf_counter()
    cleaned = options.audience == "cleaned"
    if options.source is not None:
        rows = neo4j_io.read_audience_from_folder(spark, options.source, connector, cleaned)
        result.source = str(options.source)
    elif connector is not None:
        rows = neo4j_io.read_audience_from_neo4j(spark, connector, cleaned)
    else:
        raise ServiceError(400, "no_source", "give a dataset folder or a Neo4j to read the audience from")
    audience = exact.prepare_audience(rows, options.max_member_degree)
    result.members, result.dropped_members, result.dropped_rows = (
        audience.members,
        audience.dropped_members,
        audience.dropped_rows,
    )
    result.audience_rows = audience.rows.count()
    result.seconds["read"] = round(time.perf_counter() - started, 3)
    filters = exact.LinkFilters(options.min_shared, options.min_jaccard, options.top_k, options.pair_score)
    started = time.perf_counter()
    if options.mode == "sketch":
        result.k = options.k
        links = sketch.sketch_links(audience, filters, sketch.lg_k_of(options.k))
    else:
        links = exact.exact_links(audience, filters)
    links = links.persist()
    result.links = links.count()
    if options.mode == "sketch" and result.links:
        result.shared_rse_median, result.shared_rse_max = sketch.error_summary(links)
    result.seconds["pairs"] = round(time.perf_counter() - started, 3)
    return links, result


def run_shared_audience(
    settings: Settings,
    options: SparkOptions,
    run_id: str,
    say: Say | None = None,
    spark: Any | None = None,
) -> SparkResult:
    """Compute the run's shared-audience links on Spark and stage them as its ANALYSIS_LINKs.

    The run must exist and be running (analysis.claim_run). On failure the links staged so far
    are deleted and the error raised: the previous run stays served. `spark`: a session to use
    (kept open); by default one is started for the job and stopped after it."""
    from service.domain.analysis.spark import neo4j_io
    from service.domain.analysis.spark.session import connector_options

    say = say or (lambda _message: None)
    options.validate()
    connector = connector_options(settings)
    with _session(settings, options, spark) as (session, session_seconds):
        graph = Graph.connect(settings)
        try:
            links, result = compute_links(session, options, connector)
            result.seconds["session"] = session_seconds
            say(f"spark: {result.links} links from {result.audience_rows} audience rows")
            started = time.perf_counter()
            rows = neo4j_io.link_rows(links, run_id, result.estimate)
            result.write_rounds = neo4j_io.write_links(rows, connector, options.batch_size, options.writers)
            result.seconds["write"] = round(time.perf_counter() - started, 3)
            counted = graph.read_one("analysis.count_run_links", run_id=run_id) or {}
            result.links_written = int(counted.get("shared_audience", 0))
            links.unpersist()
            return result
        except BaseException:
            graph.write("analysis.delete_run_links", run_id=run_id)
            raise
        finally:
            graph.close()


@contextmanager
def _session(settings: Settings, options: SparkOptions, spark: Any | None) -> Iterator[tuple[Any, float]]:
    """The given session, or the one this process already runs (both left open), or a new one
    for the options' master (stopped after)."""
    if spark is None:
        from pyspark import SparkContext
        from pyspark.sql import SparkSession

        if SparkContext._active_spark_context is not None:  # one SparkContext per process
            spark = SparkSession.builder.getOrCreate()
    if spark is not None:
        try:
            yield spark, 0.0
        finally:
            spark.catalog.clearCache()  # the job's cached frames; the session stays
        return
    from service.domain.analysis.spark.session import SparkConfig, connector_jar, start_session

    config = SparkConfig(
        options.master, options.driver_memory, options.executor_memory, options.shuffle_partitions
    )
    if options.connector_jar is None:
        jar: Path | None = connector_jar(settings)
    else:
        jar = None if options.connector_jar == "classpath" else Path(options.connector_jar)
    started = time.perf_counter()
    session = start_session(config, jar)
    try:
        yield session, round(time.perf_counter() - started, 3)
    finally:
        session.stop()


def parse_args(argv: list[str] | None = None) -> tuple[argparse.Namespace, SparkOptions]:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--run-id", help="the running analysis to stage links for")
    parser.add_argument("--out", type=Path, help="write the links as Parquet here instead of Neo4j")
    parser.add_argument("--from", dest="source", help="dataset folder (or URL) with the audience file")
    parser.add_argument("--master", default="local[*]")
    parser.add_argument("--driver-memory", default="2g")
    parser.add_argument("--executor-memory")
    parser.add_argument("--shuffle-partitions", type=int)
    parser.add_argument("--mode", choices=("exact", "sketch"), default="exact")
    parser.add_argument("--k", type=int, default=4096)
    parser.add_argument("--audience", choices=("raw", "cleaned"), default="raw")
    parser.add_argument("--min-shared", type=int, default=2)
    parser.add_argument("--min-jaccard", type=float, default=0.0)
    parser.add_argument("--pair-score", choices=("jaccard", "affinity"), default="affinity")
    parser.add_argument("--top-k", type=int, default=20)
    parser.add_argument("--max-member-degree", type=int)
    parser.add_argument("--batch-size", type=int, default=5000)
    parser.add_argument("--writers", type=int, default=1)
    parser.add_argument("--connector-jar", help="the connector jar, or 'classpath' if Spark has it")
    args = parser.parse_args(argv)
    options = SparkOptions(
        min_shared=args.min_shared,
        min_jaccard=args.min_jaccard,
        top_k=args.top_k,
        pair_score=args.pair_score,
        audience=args.audience,
        mode=args.mode,
        k=args.k,
        max_member_degree=args.max_member_degree,
        source=args.source,
        master=args.master,
        driver_memory=args.driver_memory,
        executor_memory=args.executor_memory,
        shuffle_partitions=args.shuffle_partitions,
        batch_size=args.batch_size,
        writers=args.writers,
        connector_jar=args.connector_jar,
    )
    if bool(args.run_id) == bool(args.out):
        parser.error("give exactly one of --run-id (stage in Neo4j) or --out (write Parquet)")
    return args, options


def main(argv: list[str] | None = None) -> None:
    args, options = parse_args(argv)
    settings = Settings.from_env()
    if args.run_id:
        result = run_shared_audience(settings, options, args.run_id, say=print)
    else:
        result = write_parquet(settings, options, args.out)
    print(result.to_json())


def write_parquet(
    settings: Settings, options: SparkOptions, out: Path, spark: Any | None = None
) -> SparkResult:
    """The links as Parquet files (no Neo4j write): for benchmarks and for a cluster's storage.
    Neo4j is only read when the audience comes from it or the run is on cleaned audiences."""
    from service.domain.analysis.spark.session import connector_options

    options.validate()
    needs_graph = options.source is None or options.audience == "cleaned"
    connector = connector_options(settings) if needs_graph else None
    with _session(settings, options, spark) as (session, session_seconds):
        links, result = compute_links(session, options, connector)
        result.seconds["session"] = session_seconds
        started = time.perf_counter()
        links.write.mode("overwrite").parquet(str(out))
        result.seconds["write"] = round(time.perf_counter() - started, 3)
        links.unpersist()
        return result


if __name__ == "__main__":
    main()
