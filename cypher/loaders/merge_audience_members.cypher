// Creates or updates one batch of audience members, one row per member id. A null property keeps
// its stored value. Returns nothing; the loader reads the update counters.
// $rows: list of {id, platform, country, age_band, gender}
UNWIND $rows AS row
MERGE (m:AudienceMember {id: row.id})
SET m.platform = coalesce(row.platform, m.platform),
    m.country = coalesce(row.country, m.country),
    m.age_band = coalesce(row.age_band, m.age_band),
    m.gender = coalesce(row.gender, m.gender)
