// Creates or updates one batch of audience members (the fast online writer, loaders.ingest): as
// loaders.merge_audience_members. Returns one row: `created` (ids of the members it made) and
// `changed` (the members that existed: {id, platform, country, age_band, gender} before the
// write), which the journal keeps as the batch's undo record.
// $rows: list of {id, platform, country, age_band, gender}
UNWIND $rows AS row
OPTIONAL MATCH (old:AudienceMember {id: row.id})
WITH row, old IS NULL AS is_new,
     CASE WHEN old IS NULL THEN null
          ELSE {id: row.id, platform: old.platform, country: old.country, age_band: old.age_band,
                gender: old.gender}
     END AS prev
MERGE (m:AudienceMember {id: row.id})
SET m.platform = coalesce(row.platform, m.platform),
    m.country = coalesce(row.country, m.country),
    m.age_band = coalesce(row.age_band, m.age_band),
    m.gender = coalesce(row.gender, m.gender)
RETURN collect(CASE WHEN is_new THEN row.id END) AS created, collect(prev) AS changed
