// Puts a graph back to before any authenticity assessment (tests only): every member's
// `suspicious` mark removed and the data version's assessment count reset, with a new version so
// that derived views (the audience index, cached answers) built while it was assessed are stale.
// Returns nothing.
MATCH (member:AudienceMember) WHERE member.suspicious IS NOT NULL
REMOVE member.suspicious
WITH count(member) AS unmarked
OPTIONAL MATCH (v:DataVersion {name: 'data'})
FOREACH (version IN CASE WHEN v IS NULL THEN [] ELSE [v] END |
  SET version.assessments = 0, version.version = version.version + 1)
