// Schema: one (:SchemaMigration {name, applied_at}) per applied schema file. Returns nothing.
CREATE CONSTRAINT schema_migration_name IF NOT EXISTS FOR (m:SchemaMigration) REQUIRE m.name IS UNIQUE
