// Journaled variant of loaders.merge_audience_members: a member it creates is marked new; a member
// it changes keeps its previous values in `_load_prev_*` so a rollback can restore them. Returns
// nothing.
// $rows: list of {id, platform, country, age_band, gender}
// $load: the load id
UNWIND $rows AS row
MERGE (m:AudienceMember {id: row.id})
  ON CREATE SET m._load = $load, m._load_new = true
  ON MATCH SET m._load = $load, m._load_new = false, m._load_prev_platform = m.platform,
    m._load_prev_country = m.country, m._load_prev_age_band = m.age_band, m._load_prev_gender = m.gender
SET m.platform = coalesce(row.platform, m.platform),
    m.country = coalesce(row.country, m.country),
    m.age_band = coalesce(row.age_band, m.age_band),
    m.gender = coalesce(row.gender, m.gender)
