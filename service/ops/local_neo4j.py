"""A local Neo4j Community server, assembled from Maven Central and run on loopback with Java.

This is how the project gets a real Neo4j where no Docker engine runs. `install` resolves the
server's jars (provision/server/pom.xml) and the GDS + APOC plugins (provision/plugins/pom.xml) with
`mvn dependency:copy-dependencies` into a cache shared by all checkouts; `start` writes a
`neo4j.conf`, sets the password of a new database and launches the server's entry point.

The plugin jars are split in two folders (`split_plugin_jars`). Neo4j loads every class of every
jar in its plugins folder at start, looking for procedures: with all 136 GDS and APOC jars that
was 8 of a 20-second start on 2 cores. Only the 13 jars that declare procedures or functions are
in `plugins/`; the libraries they use are in `plugin-libs/`, on the class path but never scanned.

The password: NEO4J_PASSWORD when set, else the generated one kept in `<home>/password` (0600).
A database is new when its system database does not exist yet; only then is a password set
(through an argument file, never on a command line that `ps` shows), and an existing database's
password is never replaced: `db reset` keeps the file, so clients keep working. The home folder is
private (0700): it holds the data, the logs and the password.
"""

from __future__ import annotations

import os
import re
import secrets
import shutil
import signal
import subprocess
import tempfile
import time
import zipfile
from dataclasses import dataclass
from pathlib import Path

from neo4j import GraphDatabase
from neo4j.exceptions import AuthError, DriverError, Neo4jError

from service.graph.errors import ServiceError
from service.graph.queries import plugin_procedures
from service.graph.settings import Settings
from service.ops.class_archive import ClassArchive, keep_draft
from service.ops.java import find_java
from service.ops.processes import ports_taken, process_alive
from service.ops.store_swap import finish_interrupted_swap

PROVISION_DIR = Path(__file__).resolve().parents[2] / "provision"
ENTRY_POINT = "org.neo4j.server.CommunityEntryPoint"
ADMIN_TOOL = "org.neo4j.cli.AdminTool"
# console.log grows by every start's output (7.6 MB on a bench server after a few weeks): a start
# finding it larger than this moves it to console.log.1 (the one before is dropped).
CONSOLE_LOG_MAX_BYTES = 10_000_000
# The cache folder's layout; a new one (a new name) makes `install` assemble the cache again.
# 2: plugin jars split into plugins/ (procedures) and plugin-libs/ (their libraries).
DIST_LAYOUT = 2
# What a jar that declares procedures or functions carries: the annotations' type descriptors,
# in the constant pool of each annotated class (they are retained at run time).
PROCEDURE_ANNOTATIONS = tuple(
    f"Lorg/neo4j/procedure/{name};".encode()
    for name in ("Procedure", "UserFunction", "UserAggregationFunction")
)
JVM_FLAGS = [
    "-XX:+UseG1GC",
    "-XX:-OmitStackTraceInFastThrow",
    "-XX:+ExitOnOutOfMemoryError",
    "-Dfile.encoding=UTF-8",
    "-Djdk.nio.maxCachedBufferSize=1024",
    "-Dio.netty.tryReflectionSetAccessible=true",
    "-Dlog4j2.disable.jmx=true",
    # The page cache and Netty use these internals; the official launcher opens them too.
    "--add-opens=java.base/java.nio=ALL-UNNAMED",
    "--add-opens=java.base/java.io=ALL-UNNAMED",
    "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED",
    "--add-opens=java.base/java.util.concurrent=ALL-UNNAMED",
]


def pinned_versions() -> dict[str, str]:
    """The Neo4j, GDS, APOC and Browser versions from provision/versions.env."""
    pairs = {}
    for line in (PROVISION_DIR / "versions.env").read_text().splitlines():
        if line.strip() and not line.startswith("#"):
            key, _, value = line.partition("=")
            pairs[key.strip()] = value.strip()
    return pairs


@dataclass(frozen=True)
class Status:
    running: bool
    pid: int | None
    bolt_uri: str
    browser_url: str
    home: Path
    log: Path


class LocalNeo4j:
    """Install, start, stop and reset the local server described by the settings."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.versions = pinned_versions()
        v = self.versions
        name = (
            f"neo4j-{v['NEO4J_VERSION']}-gds-{v['GDS_VERSION']}-apoc-{v['APOC_VERSION']}-layout{DIST_LAYOUT}"
        )
        self.dist = settings.cache_dir / name
        self.home = settings.local_home
        self.log = self.home / "logs" / "console.log"
        self.pid_file = self.home / "run" / "neo4j.pid"

    # ---- install -------------------------------------------------------------------------
    def install(self, echo: bool = False) -> bool:
        """Fetch the server and plugins into the cache unless already there; True if fetched."""
        if (self.dist / ".complete").exists():
            return False
        mvn = shutil.which("mvn")
        if not mvn:
            raise ServiceError(500, "no_maven", "Maven (mvn) is needed to fetch Neo4j: apt-get install maven")
        staging = self.dist.with_name(self.dist.name + ".partial")
        shutil.rmtree(staging, ignore_errors=True)
        v = self.versions
        self._copy_dependencies(
            mvn,
            "server",
            staging / "lib",
            {"neo4j.version": v["NEO4J_VERSION"], "browser.version": v["BROWSER_VERSION"]},
            echo,
        )
        self._copy_dependencies(
            mvn,
            "plugins",
            staging / "all-plugins",
            {"gds.version": v["GDS_VERSION"], "apoc.version": v["APOC_VERSION"]},
            echo,
        )
        keep_plugins_not_in_lib(staging / "all-plugins", staging / "lib", staging / "plugin-jars")
        shutil.rmtree(staging / "all-plugins")
        split_plugin_jars(staging / "plugin-jars", staging / "plugins", staging / "plugin-libs")
        shutil.rmtree(staging / "plugin-jars")
        (staging / ".complete").write_text(str(v) + "\n")
        shutil.rmtree(self.dist, ignore_errors=True)
        staging.rename(self.dist)
        return True

    def _copy_dependencies(self, mvn: str, pom: str, out: Path, props: dict[str, str], echo: bool) -> None:
        command = [
            mvn,
            "-B",
            "-q",
            "-Dstyle.color=never",
            "-f",
            str(PROVISION_DIR / pom / "pom.xml"),
            "dependency:copy-dependencies",
            f"-DoutputDirectory={out}",
            "-DincludeScope=runtime",
            "-Dmdep.prependGroupId=true",
            *(f"-D{key}={value}" for key, value in props.items()),
        ]
        done = subprocess.run(
            command, capture_output=not echo, text=True, env=dict(self.settings.child_env), check=False
        )
        if done.returncode != 0:
            tail = (done.stdout or "")[-2000:] if not echo else ""
            raise ServiceError(500, "maven_failed", f"mvn could not fetch {pom} jars:\n{tail}")

    # ---- start / stop --------------------------------------------------------------------
    def start(self, echo: bool = False) -> str:
        if self.pid() is not None:
            return f"Neo4j is already running (pid {self.pid()}) at {self.settings.uri}"
        self.install(echo=echo)
        java = find_java(self.settings)
        self.home.mkdir(parents=True, exist_ok=True, mode=0o700)
        for sub in ("conf", "data", "logs", "run", "import"):
            (self.home / sub).mkdir(exist_ok=True, mode=0o700)
        # Folders made by older versions (or by a umask) were world-readable: data, logs, password.
        for folder in (self.home, self.home / "data", self.home / "logs", self.home / "run"):
            folder.chmod(0o700)
        # A bulk import killed while swapping its store in: finish it (service.ops.store_swap).
        finish_interrupted_swap(self.home)
        self.write_config()
        self.set_initial_password(java)
        taken = ports_taken((self.settings.bolt_port, self.settings.http_port))
        if taken:
            raise ServiceError(
                500,
                "port_taken",
                f"port {taken[0]} on 127.0.0.1 is taken by another program; choose "
                "another with INFLUENCE_MAP_BOLT_PORT / INFLUENCE_MAP_HTTP_PORT",
            )
        archive = ClassArchive(self.dist, self.home / "run", java)
        began = time.monotonic()
        rotate_log(self.log, CONSOLE_LOG_MAX_BYTES)
        with self.log.open("ab") as log:
            process = subprocess.Popen(
                self.command(java, archive.jvm_flags()),
                stdout=log,
                stderr=subprocess.STDOUT,
                stdin=subprocess.DEVNULL,
                start_new_session=True,
                env=dict(self.settings.child_env),
                cwd=self.home,
            )
        self.pid_file.write_text(str(process.pid))
        try:
            self.wait_ready(process)
        except ServiceError as error:
            if not (archive.in_use and error.code == "neo4j_start_failed"):
                raise
            # A damaged class archive makes the JVM abort at start (service.ops.class_archive).
            archive.discard()
            with self.log.open("a") as log:
                log.write(f"influence-map: start failed with {archive.path}; deleted it, starting without\n")
            return self.start(echo=echo)
        return f"Neo4j started in {time.monotonic() - began:.1f}s (pid {process.pid}) at {self.settings.uri}"

    def command(self, java: str, archive_flags: list[str] | None = None) -> list[str]:
        heap = self.settings.heap_size
        classpath = f"{self.dist / 'lib'}/*:{self.dist / 'plugin-libs'}/*:{self.dist / 'plugins'}/*"
        return [
            java,
            f"-Xms{heap}",
            f"-Xmx{heap}",
            *JVM_FLAGS,
            *(archive_flags or []),
            # A JVM crash report goes with the logs, not into the home folder.
            f"-XX:ErrorFile={self.home / 'logs' / 'hs_err_pid%p.log'}",
            "-cp",
            classpath,
            ENTRY_POINT,
            f"--home-dir={self.home}",
            f"--config-dir={self.home / 'conf'}",
            "--console-mode",
        ]

    def wait_ready(self, process: subprocess.Popen[bytes]) -> None:
        """Wait until the database answers a query; fail naming the log if it never does."""
        deadline = time.monotonic() + self.settings.start_timeout
        auth = (self.settings.neo4j_user, self.password())
        refused = 0
        while time.monotonic() < deadline:
            if process.poll() is not None:
                self.pid_file.unlink(missing_ok=True)
                raise ServiceError(
                    500,
                    "neo4j_start_failed",
                    f"Neo4j exited with code {process.returncode} while starting; "
                    f"see {self.log} and {self.home / 'logs' / 'debug.log'}",
                )
            answer = probe(self.settings.uri, auth, self.settings.neo4j_database)
            if answer == "ok":
                return
            # Neo4j locks an account after 3 failed logins: stop asking after 2.
            refused = refused + 1 if answer == "refused" else 0
            if refused >= 2:
                raise ServiceError(
                    500,
                    "neo4j_password",
                    f"Neo4j is running (pid {process.pid}) but refuses the password "
                    f"{self._password_source()}; set NEO4J_PASSWORD to the database's password, or "
                    "start afresh with `influence-map db reset --new-password`",
                )
            # A quarter second: every start (the bulk path's, each test server's) waited half a
            # second on average for the next probe at one per second.
            time.sleep(0.25)
        self.stop()
        raise ServiceError(
            500,
            "neo4j_start_timeout",
            f"Neo4j did not answer within {self.settings.start_timeout:.0f}s; see {self.log}",
        )

    def stop(self, timeout: float = 60.0) -> str:
        pid = self.pid()
        if pid is None:
            return "Neo4j is not running"
        os.kill(pid, signal.SIGTERM)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline and process_alive(pid):
            time.sleep(0.3)
        clean_exit = not process_alive(pid)
        if not clean_exit:
            os.kill(pid, signal.SIGKILL)
        self.pid_file.unlink(missing_ok=True)
        keep_draft(self.home / "run", clean_exit)
        return f"Neo4j stopped (pid {pid})"

    def reset(self, new_password: bool = False) -> str:
        """Delete the local database; the next start begins empty, with the same password unless
        `new_password` (then every client must be given the new one: say so loudly)."""
        was_running = self.pid() is not None
        self.stop()
        shutil.rmtree(self.home / "data", ignore_errors=True)
        message = f"Local database at {self.home / 'data'} deleted"
        if new_password and not self.settings.neo4j_password:
            (self.home / "password").unlink(missing_ok=True)
            message += (
                ". THE PASSWORD CHANGES at the next start: every client (Browser, notebooks, a "
                "running `influence-map serve`) must use the new one (`influence-map db env`)"
            )
        else:
            message += f"; the password is kept ({self._password_source()})"
        return message + (";\n" + self.start() if was_running else "")

    # ---- state ---------------------------------------------------------------------------
    def pid(self) -> int | None:
        """The server's pid if our server is running (a stale pid file is ignored)."""
        try:
            pid = int(self.pid_file.read_text().strip())
        except (OSError, ValueError):
            return None
        cmdline = Path(f"/proc/{pid}/cmdline")
        try:
            text = cmdline.read_bytes().decode(errors="replace")
        except OSError:
            return None
        return pid if ENTRY_POINT in text and str(self.home) in text else None

    def status(self) -> Status:
        return Status(
            self.pid() is not None,
            self.pid(),
            self.settings.uri,
            f"http://127.0.0.1:{self.settings.http_port}/browser/",
            self.home,
            self.log,
        )

    def password(self) -> str:
        return self.settings.password

    def _password_source(self) -> str:
        return "NEO4J_PASSWORD" if self.settings.neo4j_password else f"in {self.home / 'password'}"

    def is_new_database(self) -> bool:
        """True until Neo4j has created the system database (which holds the users)."""
        system = self.home / "data" / "databases" / "system"
        return not (system.is_dir() and any(system.iterdir()))

    def env_lines(self) -> list[str]:
        s = self.settings
        return [
            f"export NEO4J_URI={s.uri}",
            f"export NEO4J_USER={s.neo4j_user}",
            f"export NEO4J_PASSWORD={self.password()}",
            f"export NEO4J_DATABASE={s.neo4j_database}",
        ]

    # ---- configuration -------------------------------------------------------------------
    def write_config(self) -> None:
        s = self.settings
        settings = {
            "server.default_listen_address": "127.0.0.1",
            "server.default_advertised_address": "127.0.0.1",
            "server.bolt.listen_address": f"127.0.0.1:{s.bolt_port}",
            "server.http.listen_address": f"127.0.0.1:{s.http_port}",
            "server.https.enabled": "false",
            "dbms.security.auth_enabled": "true",
            "server.memory.pagecache.size": s.pagecache_size,
            "server.directories.data": str(self.home / "data"),
            "server.directories.logs": str(self.home / "logs"),
            "server.directories.import": str(self.home / "import"),
            "server.directories.plugins": str(self.dist / "plugins"),
            # Exactly the GDS and APOC procedures and functions our queries call.
            "dbms.security.procedures.unrestricted": ",".join(plugin_procedures()),
            "dbms.usage_report.enabled": "false",
            # Transaction logs: Neo4j's defaults (256 MB files, preallocated, kept 2 days) are for
            # servers backed up from their logs. This local server is not; its logs only need to
            # reach the last checkpoint, so two 64 MB files per database (the test suite's and the
            # fault tests' servers used 1.1 GB each with the defaults).
            "db.tx_log.rotation.size": "64M",
            "db.tx_log.rotation.retention_policy": "2 files",
            # A stop spent 10 of its 10.5 s in Bolt's network threads waiting out two 5-second
            # quiet periods, after the databases had checkpointed and closed: nothing is left for
            # them to serve by then (debug.log: "Shutting down Bolt server" ... "has been shut
            # down"). The bulk path stops the server once, and tests restart it often.
            "internal.dbms.bolt.netty_server_shutdown_quiet_period": "0",
        }
        text = "".join(f"{key}={value}\n" for key, value in settings.items())
        (self.home / "conf" / "neo4j.conf").write_text("# Written by influence-map db start\n" + text)

    def set_initial_password(self, java: str) -> None:
        """On a new database only: hand Neo4j its password (NEO4J_PASSWORD, else the kept file,
        else a new generated one, saved 0600). An existing database keeps its password."""
        if not self.is_new_database():
            if not self.password():
                raise ServiceError(
                    500,
                    "neo4j_password",
                    f"the database in {self.home / 'data'} exists but its password is unknown "
                    f"({self.home / 'password'} is gone and NEO4J_PASSWORD is not set); set "
                    "NEO4J_PASSWORD, or start afresh with `influence-map db reset --new-password`",
                )
            return
        password = self.password() or self._new_password()
        self._run_admin_tool(java, ["dbms", "set-initial-password", password])

    def _new_password(self) -> str:
        # Hex never starts with "-", which neo4j-admin would read as an option.
        password = secrets.token_hex(16)
        secret_file = self.home / "password"
        descriptor = os.open(secret_file, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(descriptor, "w") as handle:
            handle.write(password + "\n")
        secret_file.chmod(0o600)
        return password

    def _run_admin_tool(self, java: str, arguments: list[str]) -> None:
        """neo4j-admin with its arguments in a private argument file (`java @file`): nothing secret
        appears on a command line, which any user can read with `ps`."""
        descriptor, name = tempfile.mkstemp(prefix="admin-", suffix=".args", dir=self.home / "run")
        argfile = Path(name)
        try:
            with os.fdopen(descriptor, "w") as handle:
                handle.write(" ".join(_argfile_quote(word) for word in [ADMIN_TOOL, *arguments]) + "\n")
            command = [java, "-cp", f"{self.dist / 'lib'}/*", f"@{argfile}"]
            env = {
                **self.settings.child_env,
                "NEO4J_HOME": str(self.home),
                "NEO4J_CONF": str(self.home / "conf"),
            }
            done = subprocess.run(command, capture_output=True, text=True, env=env, check=False)
        finally:
            argfile.unlink(missing_ok=True)
        if done.returncode != 0:
            raise ServiceError(
                500, "neo4j_password", f"could not set the initial password: {done.stdout}{done.stderr}"
            )


def _argfile_quote(word: str) -> str:
    """One argument of a java @argfile: double-quoted, backslashes and quotes escaped."""
    return '"' + word.replace("\\", "\\\\").replace('"', '\\"') + '"'


def keep_plugins_not_in_lib(plugins: Path, lib: Path, out: Path) -> None:
    """Copy plugin jars whose group:artifact the server lib lacks (one version per library)."""

    def artifact(jar: Path) -> str:
        return re.sub(r"-\d[\w.\-]*\.jar$", "", jar.name)

    in_lib = {artifact(jar) for jar in lib.glob("*.jar")}
    out.mkdir(parents=True, exist_ok=True)
    for jar in sorted(plugins.glob("*.jar")):
        if artifact(jar) not in in_lib:
            shutil.copy2(jar, out / jar.name)


def split_plugin_jars(jars: Path, plugins: Path, libs: Path) -> None:
    """Move each jar that declares procedures or functions to `plugins` (the folder Neo4j scans),
    every other jar to `libs` (the class path only): see the module docs."""
    plugins.mkdir(parents=True, exist_ok=True)
    libs.mkdir(parents=True, exist_ok=True)
    for jar in sorted(jars.glob("*.jar")):
        shutil.move(jar, (plugins if declares_procedures(jar) else libs) / jar.name)


def declares_procedures(jar: Path) -> bool:
    """True when a class in `jar` carries a procedure, function or aggregation annotation."""
    with zipfile.ZipFile(jar) as archive:
        for name in archive.namelist():
            if name.endswith(".class"):
                code = archive.read(name)
                if any(mark in code for mark in PROCEDURE_ANNOTATIONS):
                    return True
    return False


def probe(uri: str, auth: tuple[str, str], database: str) -> str:
    """One auto-commit `RETURN 1` (no driver retries: the caller polls): "ok", "refused" (the
    credentials) or "down"."""
    try:
        with (
            GraphDatabase.driver(uri, auth=auth, connection_timeout=2.0) as driver,
            driver.session(database=database) as session,
        ):
            session.run("RETURN 1").consume()
        return "ok"
    except AuthError:
        return "refused"
    except (DriverError, Neo4jError, OSError):
        return "down"


def rotate_log(path: Path, max_bytes: int) -> None:
    """Move `path` to `<path>.1` (replacing it) when it holds more than `max_bytes`: the next
    writer starts a new file, and the previous one stays readable."""
    try:
        if path.stat().st_size > max_bytes:
            path.replace(path.with_name(path.name + ".1"))
    except FileNotFoundError:
        return
