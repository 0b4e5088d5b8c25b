// Deletes the data version node, the first step of emptying the database (`Graph.wipe`), run after
// `bump_data_version` and `wait_for_leases` in the same transaction: no serving worker holds a
// lease on the old version once the wipe starts, and none can take one until a writer creates the
// node again (with a new `epoch`). Returns nothing.
MATCH (v:DataVersion {name: 'data'})
DELETE v
