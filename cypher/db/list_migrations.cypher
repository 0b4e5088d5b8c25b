// The schema files recorded as applied: one row per (:SchemaMigration), its `name`, in name order.
MATCH (m:SchemaMigration)
RETURN m.name AS name
ORDER BY name
