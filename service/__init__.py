"""influence-map: who really influences a market, from creators' audiences and mentions in Neo4j.

The package is layered; each floor imports only the floors below it (pyproject.toml's
import-linter contracts check this in CI):

- `service.cli`     the `influence-map` command
- `service.demo`    `make demo`
- `service.web`     the Flask API and the map page
- `service.domain`  analysis, campaigns, authenticity, change over time
- `loaders`         reading, validating and writing creators, audiences and mentions
- `service.ops`     the local Neo4j server
- `service.graph`   the seam to Neo4j: driver, named queries, settings, errors
"""
