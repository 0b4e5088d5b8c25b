// One creator's stored authenticity assessment. Returns `id`, `flagged`, `flags`, `details` (the
// JSON string written by write_flags, null if never assessed) and `assessed_at` (ISO string); no
// row for an unknown creator.
// $id: the creator's id
MATCH (creator:Creator {id: $id})
RETURN creator.id AS id, creator.flagged AS flagged, creator.flags AS flags,
       creator.authenticity AS details, toString(creator.authenticity_at) AS assessed_at
