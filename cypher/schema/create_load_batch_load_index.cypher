// Schema: finds a journaled load's undo records (:LoadBatch {load}) to commit or roll it back
// (loaders.ingest). Returns nothing.
CREATE INDEX load_batch_load IF NOT EXISTS FOR (b:LoadBatch) ON (b.load)
