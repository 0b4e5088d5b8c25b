"""The audience index: creators' audiences as Roaring bitmaps, rebuilt by data version (issue 14).

- `index`: the `AudienceIndex` (bitmaps, side arrays, the creators' properties);
- `build`: one streaming pass out of Neo4j, and the partial refreshes after an assessment (marks)
  and an analysis (clusters);
- `snapshot`: the index as one file that every gunicorn worker loads;
- `store`: one `IndexStore` per process: the index only when it is exactly current, a memory
  guard, background or synchronous builds, the shared snapshot;
- `reach`, `lift`, `overlap`, `pool`, `signals`: the answers computed on it, in the row shapes of
  the Cypher queries they stand in for (the domain modules decide which to use, and the Cypher
  queries stay as the reference the tests compare with).
"""
