// Schema: finds the AudienceMember nodes a large (journaled) load created or changed, by its load
// id, so the load can be committed (markers removed) or rolled back quickly. Returns nothing.
CREATE INDEX audience_member_load IF NOT EXISTS FOR (m:AudienceMember) ON (m._load)
