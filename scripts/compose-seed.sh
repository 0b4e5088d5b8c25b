#!/bin/sh
# The `seed` service of docker-compose.yml (`docker compose --profile demo up`): generate the demo
# market, load it, analyse it, flag suspicious creators, load the planted campaign and analyse again
# on cleaned audiences, which the API then serves - the steps of `make demo`, as CLI commands.
# Every step is idempotent (loads MERGE, each analysis is a new run), so running it again is safe.
# Needs NEO4J_URI / NEO4J_PASSWORD like every command; DEMO_DATA_DIR is where the files go.
set -eu
# Batch steps, not HTTP requests: reads may take longer than the API's 5 s on a busy machine.
export INFLUENCE_MAP_QUERY_TIMEOUT="${INFLUENCE_MAP_QUERY_TIMEOUT:-300}"
data="${DEMO_DATA_DIR:-/tmp/demo-market}"

echo "seed: generating the demo market in $data"
influence-map demo-data "$data"
echo "seed: loading it"
influence-map load dataset "$data"
echo "seed: analysing raw audiences"
influence-map analyze --clusters 6
echo "seed: flagging suspicious creators"
influence-map authenticity
echo "seed: loading the planted campaign's results"
influence-map campaign-results "$data"
echo "seed: analysing cleaned audiences (the run the API serves)"
influence-map analyze --audience cleaned --clusters 6
echo "seed: done - open the map at http://localhost:${INFLUENCE_MAP_PUBLISHED_PORT:-5000}/map"
