// Creates or updates one batch of audience members for a file the fast writer loads in ONE
// transaction (loaders.ingest.write_one_transaction): as ingest.merge_audience_members, without
// reading each member's old values, which only a journaled file's undo record needs. Returns one
// row, `rows`.
// $rows: list of {id, platform, country, age_band, gender}
UNWIND $rows AS row
MERGE (m:AudienceMember {id: row.id})
SET m.platform = coalesce(row.platform, m.platform),
    m.country = coalesce(row.country, m.country),
    m.age_band = coalesce(row.age_band, m.age_band),
    m.gender = coalesce(row.gender, m.gender)
RETURN count(*) AS rows
