"""An analysis run started by the API: checked now, run in a thread of the serving process.

The run takes seconds to minutes; the caller gets its id at once and follows it with
`GET /analysis/runs/{id}`.
"""

from __future__ import annotations

import logging
import threading

from service.domain.analysis.params import AnalysisParams
from service.domain.analysis.reads import running_run
from service.domain.analysis.run import continue_run, record_run
from service.graph.db import Graph
from service.graph.errors import ServiceError

LOG = logging.getLogger("influence_map.analysis")


def start_background_run(graph: Graph, params: AnalysisParams) -> str:
    """A 409 while another run is running, a 400/409 for what would make the run fail at once;
    else record the run, go on with it in a daemon thread and return its id."""
    running = running_run(graph)
    if running:
        raise ServiceError(409, "run_in_progress", f"analysis run {running['id']} is still running", running)
    # Recorded before the answer, so GET /analysis/runs/{id} finds the run at once.
    run_id = record_run(graph, params)
    threading.Thread(target=_run_quietly, args=(graph, params, run_id), daemon=True).start()
    return run_id


def _run_quietly(graph: Graph, params: AnalysisParams, run_id: str) -> None:
    try:
        continue_run(graph, params, run_id)
    except Exception:  # recorded on the run as 'failed' by run_analysis; logged here
        LOG.exception("analysis run %s failed", run_id)
