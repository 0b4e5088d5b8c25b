# syntax=docker/dockerfile:1
# The two images of docker-compose.yml, from one file so they share the Python stage:
#   --target neo4j   Neo4j Community with the pinned OpenGDS and APOC jars, resolved exactly as
#                    `influence-map db install` resolves them for the local server; starts offline.
#   --target api     (the last stage, so the default) the API under gunicorn, with the map page's
#                    bundle built from web/package-lock.json.
# Versions live in provision/versions.env; tests/test_compose.py checks the FROM line below and the
# image tags in docker-compose.yml against it. docs/docker.md explains the choices.

# ---- the map bundle: npm ci from the lock file, then the build script -----------------------
FROM node:20-bookworm-slim AS map
WORKDIR /src/web
COPY web/package.json web/package-lock.json ./
RUN npm ci --no-fund --no-audit --loglevel=error
COPY web/src ./src
# The build script writes map.js and layout-worker.js into ../service/web/static/map/, i.e.
# /src/service/web/static/map/.
RUN npm run build --silent

# ---- the project installed (editable: the query registry finds cypher/ beside the code) -----
FROM python:3.11-slim-bookworm AS python
ENV PIP_NO_CACHE_DIR=1 PIP_DISABLE_PIP_VERSION_CHECK=1 PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1
WORKDIR /app
COPY pyproject.toml README.md ./
COPY service ./service
COPY loaders ./loaders
COPY cypher ./cypher
COPY provision ./provision
RUN pip install -e .

# ---- the plugin jars: the local path's own command (provision/plugins/pom.xml with the
#      versions of provision/versions.env, minus every library the server already has). The
#      local server keeps the procedure jars and their libraries apart (plugins/, plugin-libs/);
#      the official image's launcher puts only lib/ and /plugins on the class path: all go there.
FROM python AS plugins
RUN apt-get update \
    && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends maven openjdk-17-jre-headless \
    && rm -rf /var/lib/apt/lists/*
RUN --mount=type=cache,target=/root/.m2 \
    INFLUENCE_MAP_CACHE=/build influence-map db install \
    && mv /build/neo4j-*/plugins /plugins \
    && mv /build/neo4j-*/plugin-libs/*.jar /plugins/ \
    && ls /plugins | grep -q '^org\.neo4j\.gds\.proc-' \
    && ls /plugins | grep -q '^org\.neo4j\.procedure\.apoc-core-'

# ---- Neo4j: the official image plus those jars in /plugins ---------------------------------
# No NEO4J_PLUGINS: the entrypoint then downloads nothing and, because /plugins exists, points
# server.directories.plugins at it. Unrestricted: exactly the GDS and APOC procedures and functions
# cypher/ calls, as on the local server (service.graph.queries.plugin_procedures; a test compares).
FROM neo4j:5.26.19-community AS neo4j
COPY --from=plugins /plugins/ /plugins/
ENV NEO4J_dbms_security_procedures_unrestricted=apoc.coll.max,apoc.coll.min,apoc.coll.sort,apoc.coll.sortNodes,apoc.convert.fromJsonMap,apoc.create.vNode,apoc.create.vRelationship,apoc.map.fromLists,apoc.map.fromPairs,apoc.meta.stats,apoc.util.sleep,apoc.version,gds.betweenness.stream,gds.degree.mutate,gds.graph.drop,gds.graph.list,gds.graph.project,gds.leiden.stream,gds.louvain.stream,gds.nodeSimilarity.stream,gds.pageRank.stream,gds.util.asNode,gds.util.nodeProperty,gds.version \
    NEO4J_dbms_usage__report_enabled=false

# ---- Spark (compose profile `spark`, docs/spark.md): the official Apache Spark image (the
#      version of provision/versions.env SPARK_VERSION) for the master and the workers, plus the
#      Python the driver runs (PySpark refuses workers of another minor version; the image's
#      Ubuntu has 3.10) with what sketch mode's workers import. Exact mode runs no Python there.
FROM apache/spark:3.5.9-scala2.12-java17-python3-ubuntu AS spark
USER root
RUN apt-get update \
    && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends python3.11 python3.11-venv \
    && rm -rf /var/lib/apt/lists/* \
    && python3.11 -m venv /opt/influence-map-python \
    && /opt/influence-map-python/bin/pip install --no-cache-dir "pandas>=2.2,<3" "pyarrow>=15" "datasketches>=5.2,<6"
USER spark

# ---- the Spark driver (spark-analyze): the project, Java 17 and the connector jar, fetched by
#      the same code as on a developer machine (provision/spark/pom.xml) into the image's cache ----
FROM python AS spark-driver
RUN apt-get update \
    && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends maven openjdk-17-jre-headless \
    && rm -rf /var/lib/apt/lists/*
ENV INFLUENCE_MAP_CACHE=/opt/influence-map-cache
RUN --mount=type=cache,target=/root/.m2 python -m service.domain.analysis.spark.session
RUN useradd --create-home --uid 10001 app
USER app

# ---- the API ---------------------------------------------------------------------------------
FROM python AS api
COPY --from=map /src/service/web/static/map/map.js /src/service/web/static/map/layout-worker.js ./service/web/static/map/
COPY scripts/compose-seed.sh ./scripts/compose-seed.sh
RUN useradd --create-home --uid 10001 app
USER app
EXPOSE 5000
ENV INFLUENCE_MAP_HOST=0.0.0.0
CMD ["influence-map", "serve"]
