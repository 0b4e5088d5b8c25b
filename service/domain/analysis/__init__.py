"""Analysis runs: shared audience, clusters, hubs and bridging creators.

- `params`: the parameters of a run and their checks
- `run`: one run, recorded and atomic (the sequence of Cypher and GDS steps), timed by `steps`
- `links`: the shared-audience step of each engine (prepare, then count -> select -> write links)
- `overlap`, `sparse_engine`: the `sparse` engine (co-memberships counted in memory, link filters)
- `partition`: modularity, the merge pass and stable cluster ids
- `bridges`: the declared bridge components, bridge_score and its explanation
- `reads`: the served results (runs, clusters, bridges)
- `claim`: one run at a time (a slot in the database), heartbeats, and abandoning dead runs
- `background`: a run started by the API, in a thread of the serving process
- `spark/`: the shared-audience step on Apache Spark (engine "spark", docs/spark.md)
"""

from service.domain.analysis.bridges import BRIDGE_COMPONENTS, BRIDGE_WEIGHTS, bridge_scores, explain_bridge
from service.domain.analysis.overlap import LINK_FILTERS, PAIR_SCORES
from service.domain.analysis.params import ALGORITHMS, ENGINES, AnalysisParams
from service.domain.analysis.reads import cluster_summaries, current_run, get_run
from service.domain.analysis.run import AnalysisSummary, check_can_run, run_analysis
from service.domain.analysis.steps import STEPS, StepEvent

__all__ = [
    "ALGORITHMS",
    "BRIDGE_COMPONENTS",
    "BRIDGE_WEIGHTS",
    "ENGINES",
    "LINK_FILTERS",
    "PAIR_SCORES",
    "STEPS",
    "AnalysisParams",
    "AnalysisSummary",
    "StepEvent",
    "bridge_scores",
    "check_can_run",
    "cluster_summaries",
    "current_run",
    "explain_bridge",
    "get_run",
    "run_analysis",
]
