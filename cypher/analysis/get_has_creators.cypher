// Whether there is anything to analyse: one row, `found` (true when the graph holds a creator).
RETURN EXISTS { MATCH (:Creator) } AS found
