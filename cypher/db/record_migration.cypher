// Records that a schema file was applied: one (:SchemaMigration {name, applied_at}), applied_at
// set the first time only. Returns `name` and `applied_at`.
// $migration: the schema query's registry name, e.g. `schema.create_creator_id_constraint`
MERGE (m:SchemaMigration {name: $migration})
  ON CREATE SET m.applied_at = datetime()
RETURN m.name AS name, m.applied_at AS applied_at
