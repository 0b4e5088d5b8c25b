"""The market's own yardsticks for the authenticity signals (pure functions, no database).

- `mass_threshold`: the follow count from which a member follows far more creators than this
  market's members do (robust z-score of log follow counts, and a multiple of the median);
- `burst_sizes`: per creator, the least number of new followers on one day that its own arrival
  history makes rare (a Poisson tail over the days of its history);
- `rarity`: the share of the market's creators at least as extreme as a value (the false-alarm
  estimate of an outlier flag);
- `robust_z_scores`, `poisson_tail`: the statistics underneath.
"""

from __future__ import annotations

import bisect
import math
import statistics
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from service.graph.db import Row

# A count no creator or member reaches: the bar of a signal that cannot fire. 2**31 - 1, because
# Neo4j plans `COUNT { (m)-[:FOLLOWS]->() } >= $x` as a degree test that takes only a 32-bit int
# (2**31 was refused, and the assessment answered 503, on a market without a mass-follower bar).
UNREACHABLE = 2**31 - 1

# 0.6745 makes the MAD-based z-score comparable to a standard z-score on normal data
# (Iglewicz and Hoaglin); 3.5 is their cut-off for outliers.
MAD_SCALE = 0.6745
# With MAD 0 (over half the values equal) the mean absolute deviation times 1.2533 (sqrt(pi/2))
# estimates the standard deviation instead.
MEAN_AD_SCALE = 1.2533
# A member follow count no calibration goes below.
MIN_MASS_FOLLOWS = 2


@dataclass(frozen=True)
class MassThreshold:
    """The member follow count from which a member is a mass follower, and how it was found."""

    follows: int
    median: float
    members: int
    mass_members: int
    calibrated: bool

    def evidence(self) -> dict[str, float | int | bool]:
        return {
            "mass_follows": self.follows,
            "median_member_follows": self.median,
            "members": self.members,
            "mass_members": self.mass_members,
            "calibrated": self.calibrated,
        }


def robust_z_scores(values: Sequence[float]) -> list[float]:
    """(x - median) * 0.6745 / MAD for each value; 0 for all when the MAD is 0 and x is the median.

    With MAD 0 (over half the values equal) any other value is infinitely far: it gets +-inf."""
    median = statistics.median(values)
    mad = statistics.median(abs(v - median) for v in values)
    if mad == 0:
        return [0.0 if v == median else float("inf") if v > median else float("-inf") for v in values]
    return [MAD_SCALE * (v - median) / mad for v in values]


def mass_threshold(histogram: Sequence[Row], z: float, ratio: float, fixed: int | None) -> MassThreshold:
    """The mass-follower threshold from the market's member follow counts (`follows`, `members`
    rows, members with at least one FOLLOWS): the least count whose robust z-score of log(count) is
    at least `z` and that is at least `ratio` times the median; `fixed` overrides it."""
    counts = [(int(row["follows"]), int(row["members"])) for row in histogram if row["follows"] > 0]
    members = sum(n for _, n in counts)
    median = _weighted_median([(math.log(c), n) for c, n in counts]) if counts else 0.0
    if fixed is not None:
        follows = fixed
    elif not counts:
        follows = MIN_MASS_FOLLOWS
    else:
        deviations = [(abs(math.log(c) - median), n) for c, n in counts]
        mad = _weighted_median(deviations)
        mean_ad = sum(d * n for d, n in deviations) / members
        scale = mad / MAD_SCALE if mad > 0 else MEAN_AD_SCALE * mean_ad
        log_cut = median + z * scale if scale > 0 else math.inf
        by_z = math.ceil(math.exp(log_cut) - 1e-9) if log_cut < math.log(UNREACHABLE) else UNREACHABLE
        by_ratio = math.ceil(ratio * math.exp(median) - 1e-9)
        follows = min(max(by_z, by_ratio, MIN_MASS_FOLLOWS), UNREACHABLE)
    mass = sum(n for c, n in counts if c >= follows)
    return MassThreshold(follows, round(math.exp(median), 2) if counts else 0.0, members, mass, fixed is None)


def _weighted_median(pairs: Sequence[tuple[float, int]]) -> float:
    """The median of values given as (value, how many) pairs (lower median for even totals)."""
    ordered = sorted(pairs)
    total = sum(n for _, n in ordered)
    seen = 0
    for value, n in ordered:
        seen += n
        if 2 * seen >= total:
            return value
    return ordered[-1][0] if ordered else 0.0


def normal_tail(z: float) -> float:
    """P(|Z| >= z) for a standard normal Z: the false-alarm rate of a robust z-score cut-off (the
    robust z of ordinary creators is about standard normal; 3.5 gives about 1 in 2,100)."""
    return math.erfc(z / math.sqrt(2)) if z != float("inf") else 0.0


def poisson_tail(k: int, lam: float) -> float:
    """P(X >= k) for X ~ Poisson(lam)."""
    if k <= 0:
        return 1.0
    if lam <= 0:
        return 0.0
    log_term = -lam + k * math.log(lam) - math.lgamma(k + 1)
    if k > lam:
        total, term, i = 0.0, math.exp(log_term), k
        while term > 0 and (term > total * 1e-12):
            total += term
            i += 1
            term *= lam / i
        return min(total, 1.0)
    below, term = 0.0, math.exp(-lam)
    for i in range(k):
        below += term
        term *= lam / (i + 1)
    return max(0.0, 1.0 - below)


@dataclass(frozen=True)
class ArrivalBaseline:
    """A creator's own arrival history: its rate without its biggest day, and the burst size."""

    rate: float
    days: int
    burst_size: int
    top_day: int

    def chance_days(self, arrivals: int) -> float:
        """Expected days with `arrivals` or more new followers in its history by chance."""
        return min(1.0, self.days * poisson_tail(arrivals, self.rate))


def arrival_baseline(row: Row, alpha: float, fixed: int | None, market_days: int) -> ArrivalBaseline:
    """From `arrivals`, `days` (first to last arrival, both counted) and `top_day` (the most
    arrivals on one day): the creator's daily rate with its biggest day left out (a delivery of bought
    followers must not raise the bar it is judged by; at least one arrival over the market's span),
    and the least day count whose expected number of chance days in its history is <= alpha."""
    arrivals, top = int(row["arrivals"] or 0), int(row["top_day"] or 0)
    if not arrivals:
        return ArrivalBaseline(0.0, 0, fixed or UNREACHABLE, 0)
    days = int(row["days"])
    rate = max((arrivals - top) / max(days - 1, 1), 1.0 / max(market_days, 1))
    if fixed is not None:
        return ArrivalBaseline(rate, days, fixed, top)
    size = 2
    while days * poisson_tail(size, rate) > alpha:
        size += 1
    return ArrivalBaseline(rate, days, size, top)


def rarity(values: Sequence[float]) -> list[float]:
    """For each value, the share of all values at least as large (ties count)."""
    ordered = sorted(values)
    n = len(ordered)
    return [(n - bisect.bisect_left(ordered, v)) / n for v in values]


def chance_pairs(farm: Mapping[str, int], members: int) -> float:
    """Pairs among creators with burst arrivals: the multiple-testing factor of the farm test."""
    n = sum(1 for v in farm.values() if v > 0)
    return max(1.0, n * (n - 1) / 2) if members else 1.0
