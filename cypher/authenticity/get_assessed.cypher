// Whether audience members have been assessed: `assessed` is true once flag_creators has run (the
// data version counts assessments) or, for a graph assessed before the data version existed, once
// any member carries a mark. An assessment marks members `suspicious` true; members never marked
// (loaded after it, or assessed on the audience index, which writes only the marks that change)
// count as clean.
OPTIONAL MATCH (v:DataVersion {name: 'data'})
RETURN CASE WHEN coalesce(v.assessments, 0) > 0 THEN true
            ELSE EXISTS { MATCH (member:AudienceMember) WHERE member.suspicious IS NOT NULL }
       END AS assessed
