// Which of the given audience members are already in the graph, and which of those the file
// changes, as one row: `ids`, the ids found, and `changed`, those among them whose stored value of
// a property differs from the file's (a null in the file keeps the stored value, so it changes
// nothing). One row, not one per id: the Python driver spends about 30 us per record, which made
// this lookup 3-7 s of a 200,000-row file whose 141,000 members all existed. The fast writer
// CREATEs the edges of the members not found, and rewrites only the changed ones (loaders.ingest).
// $ids: list of member ids (strings) to look up
// $platforms: each member's platform in the file (or null), aligned with $ids
// $countries: each member's country in the file (or null), aligned with $ids
// $age_bands: each member's age band in the file (or null), aligned with $ids
// $genders: each member's gender in the file (or null), aligned with $ids
UNWIND range(0, size($ids) - 1) AS i
MATCH (m:AudienceMember {id: $ids[i]})
RETURN collect(m.id) AS ids,
       collect(
         CASE
           WHEN ($platforms[i] IS NOT NULL AND coalesce(m.platform <> $platforms[i], true))
                OR ($countries[i] IS NOT NULL AND coalesce(m.country <> $countries[i], true))
                OR ($age_bands[i] IS NOT NULL AND coalesce(m.age_band <> $age_bands[i], true))
                OR ($genders[i] IS NOT NULL AND coalesce(m.gender <> $genders[i], true))
           THEN m.id
         END
       ) AS changed
