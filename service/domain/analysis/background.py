"""An analysis run started by the API: checked now, run in a thread of the serving process.

The run takes seconds to minutes; the caller gets its id at once and follows it with
`GET /analysis/runs/{id}`.
"""

from __future__ import annotations

import logging
import threading

from service.domain.analysis.claim import refuse_while_running
from service.domain.analysis.params import AnalysisParams
from service.domain.analysis.run import check_can_run, run_claimed, start_run
from service.graph.db import Graph

LOG = logging.getLogger("influence_map.analysis")


def start_background_run(graph: Graph, params: AnalysisParams) -> str:
    """A 400/409 for what would make the run fail at once, a 409 while another run is running;
    else record the run as running (atomically: `claim.claim_run`), run it in a daemon thread and
    return its id."""
    refuse_while_running(graph)  # before the other checks: a running run is the first thing to say
    check_can_run(graph, params)
    run_id = start_run(graph, params)
    threading.Thread(target=_run_quietly, args=(graph, params, run_id), daemon=True).start()
    return run_id


def _run_quietly(graph: Graph, params: AnalysisParams, run_id: str) -> None:
    try:
        run_claimed(graph, params, run_id)
    except Exception:  # recorded on the run as 'failed' by run_claimed; logged here
        LOG.exception("analysis run %s failed", run_id)
