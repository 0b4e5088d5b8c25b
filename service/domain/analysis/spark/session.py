"""A SparkSession with the Neo4j Connector for Apache Spark, embedded (`local[*]`) or on a cluster.

The connector jar is resolved once with Maven, as `influence-map db install` does for Neo4j
(provision/spark/pom.xml, versions pinned in provision/versions.env), into the project's cache, and
handed to Spark with `spark.jars`; Spark ships it to a cluster's executors itself. We do not use
`spark.jars.packages`: for the Scala 2.12 connector that Maven Central serves (5.0.3), Ivy needs
excludes for a `_common` artifact the pom names but Central does not have, then adds unshaded copies
of the driver the jar already shades, and it resolves again at every start.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from service.graph.errors import ServiceError
from service.graph.settings import Settings
from service.ops.local_neo4j import PROVISION_DIR, pinned_versions

if TYPE_CHECKING:
    from pyspark.sql import SparkSession

# The connector's DataSource name, for spark.read.format / df.write.format.
CONNECTOR_FORMAT = "org.neo4j.spark.DataSource"


def connector_jar(settings: Settings, echo: bool = False) -> Path:
    """The connector jar in the cache, fetched from Maven Central on first use."""
    versions = pinned_versions()
    artifact, version = versions["SPARK_CONNECTOR_ARTIFACT"], versions["SPARK_CONNECTOR_VERSION"]
    folder = settings.cache_dir / f"spark-connector-{artifact}-{version}"
    jar = folder / f"org.neo4j.{artifact}-{version}.jar"
    if (folder / ".complete").exists() and jar.exists():
        return jar
    mvn = shutil.which("mvn")
    if not mvn:
        raise ServiceError(500, "no_maven", "Maven (mvn) is needed to fetch the Spark connector")
    staging = folder.with_name(folder.name + ".partial")
    shutil.rmtree(staging, ignore_errors=True)
    command = [
        mvn,
        "-B",
        "-q",
        "-Dstyle.color=never",
        "-f",
        str(PROVISION_DIR / "spark" / "pom.xml"),
        "dependency:copy-dependencies",
        f"-DoutputDirectory={staging}",
        "-DincludeScope=runtime",
        "-Dmdep.prependGroupId=true",
        f"-Dconnector.artifact={artifact}",
        f"-Dconnector.version={version}",
    ]
    done = subprocess.run(
        command, capture_output=not echo, text=True, env=dict(settings.child_env), check=False
    )
    if done.returncode != 0 or not (staging / jar.name).exists():
        tail = (done.stdout or "")[-2000:]
        raise ServiceError(500, "maven_failed", f"mvn could not fetch the Spark connector:\n{tail}")
    (staging / ".complete").write_text(f"{artifact}:{version}\n")
    shutil.rmtree(folder, ignore_errors=True)
    staging.rename(folder)
    return jar


@dataclass(frozen=True)
class SparkConfig:
    """Where and how big the Spark job runs."""

    # local[*] runs embedded in this process (no cluster); spark://host:7077 (or yarn, k8s://...)
    # runs the same job on a cluster, with this process as the driver (client mode).
    master: str = "local[*]"
    # The driver's heap. In local mode the driver is also the only executor.
    driver_memory: str = "2g"
    # Only for cluster masters (local mode has no separate executors).
    executor_memory: str | None = None
    # Shuffle partitions; None picks 2 per local core (Spark's 200 only adds overhead on one
    # machine) and Spark's default on a cluster.
    shuffle_partitions: int | None = None
    app_name: str = "influence-map shared audience"

    @property
    def is_local(self) -> bool:
        return self.master.startswith("local")


def local_cores(master: str) -> int:
    """The cores a local master uses: local -> 1, local[4] -> 4, local[*] -> this machine's."""
    inside = master[master.find("[") + 1 : master.find("]")] if "[" in master else "1"
    if inside.split(",")[0].strip() == "*":
        return os.cpu_count() or 1
    try:
        return max(1, int(inside.split(",")[0]))
    except ValueError:
        return 1


def start_session(config: SparkConfig, jar: Path | None) -> SparkSession:
    """A SparkSession with the connector jar on its class path (None: Spark's own class path
    already has it, as in a cluster image). The caller stops it."""
    from pyspark.sql import SparkSession

    builder = (
        SparkSession.builder.master(config.master)
        .appName(config.app_name)
        .config("spark.driver.memory", config.driver_memory)
        .config("spark.ui.enabled", "false")
        .config("spark.ui.showConsoleProgress", "false")
        .config("spark.sql.execution.arrow.pyspark.enabled", "true")
    )
    if jar is not None:
        builder = builder.config("spark.jars", str(jar))
    if config.is_local:
        # Local Python workers must run this interpreter (the project's venv, same version as
        # the driver); pyspark takes it from the environment only. On a cluster, PYSPARK_PYTHON
        # as set for the driver names the workers' Python (a path on the workers).
        os.environ["PYSPARK_PYTHON"] = sys.executable
        builder = builder.config("spark.driver.host", "127.0.0.1").config(
            "spark.driver.bindAddress", "127.0.0.1"
        )
    if config.executor_memory:
        builder = builder.config("spark.executor.memory", config.executor_memory)
    partitions = config.shuffle_partitions
    if partitions is None and config.is_local:
        partitions = 2 * local_cores(config.master)
    if partitions is not None:
        builder = builder.config("spark.sql.shuffle.partitions", str(partitions))
    session = builder.getOrCreate()
    session.sparkContext.setLogLevel("ERROR")
    return session


def connector_options(settings: Settings) -> dict[str, str]:
    """The connector's connection options for the configured Neo4j."""
    return {
        "url": settings.uri,
        "authentication.type": "basic",
        "authentication.basic.username": settings.neo4j_user,
        "authentication.basic.password": settings.password,
        "database": settings.neo4j_database,
    }


def main() -> None:
    """Fetch the connector jar into the cache and print its path (Docker builds run this)."""
    print(connector_jar(Settings.from_env(), echo=True))


if __name__ == "__main__":
    main()
