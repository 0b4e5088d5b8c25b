// The audience index's memberships, one row per creator (2,000 rows at 2.1M audience rows, where
// one row per member meant 300,000: the Python driver spends about 30 us per record). Returns
// `creator` (its id) and aligned lists with one entry per FOLLOWS or ENGAGED_WITH edge to it (a
// member with both appears twice; the index keeps the larger weight and the FOLLOWS day, as a
// per-member max() here would, at 1 s more of the server's time): `nodes` (the member's node
// id: the index numbers members by it, and the assessment writes its marks by it), `weights` (the
// exposure weight, a missing weight counts 1.0, as in campaigns.get_frequency_distribution) and
// `days` (the FOLLOWS `since` as yyyymmdd, -1 for an ENGAGED_WITH edge or without a `since`; for
// burst arrivals). `since` is read once per edge: each `r.since.year` would read it again
// (5.1 s against 3.2 s at 2.1M rows).
MATCH (c:Creator)
CALL (c) {
  MATCH (c)<-[r:FOLLOWS|ENGAGED_WITH]-(m:AudienceMember)
  WITH m, r, r.since AS since
  RETURN collect(id(m)) AS nodes,
         collect(coalesce(toFloat(r.weight), 1.0)) AS weights,
         collect(CASE WHEN since IS NOT NULL AND type(r) = 'FOLLOWS'
                      THEN since.year * 10000 + since.month * 100 + since.day ELSE -1 END) AS days
}
RETURN c.id AS creator, nodes, weights, days
