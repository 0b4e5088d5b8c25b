// Undoes part of a journaled batch: deletes the members it created (with their edges) and puts
// back the demographics of the members it changed. Returns nothing.
// $new_ids: ids of the members the batch created
// $changed: list of {id, platform, country, age_band, gender} (the values before the batch)
CALL {
  UNWIND $new_ids AS id
  MATCH (m:AudienceMember {id: id})
  DETACH DELETE m
}
UNWIND $changed AS row
MATCH (m:AudienceMember {id: row.id})
SET m.platform = row.platform, m.country = row.country, m.age_band = row.age_band, m.gender = row.gender
