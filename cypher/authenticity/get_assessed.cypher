// Whether audience members have been assessed: `assessed` is true once flag_creators has marked
// them (`suspicious` true or false). Members loaded after the last assessment have no mark and
// count as clean until the next one.
RETURN EXISTS { MATCH (member:AudienceMember) WHERE member.suspicious IS NOT NULL } AS assessed
