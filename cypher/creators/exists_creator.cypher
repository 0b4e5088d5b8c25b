// Whether a creator with this id exists: one row, `found` (boolean).
// $id: the creator's id
RETURN EXISTS { MATCH (:Creator {id: $id}) } AS found
