"""Run-scoped answers: `ETag`, `Cache-Control`, `304` and a per-worker cache (issue 14).

Most read answers depend only on the served analysis run and the data: the routes declared with
`run_scoped=True` (`/clusters`, `/clusters/{id}`, `/bridges`, `/creators`, `/creators/{id}` and its
overlaps, mentions and explanation, `/segments`, `/authenticity/reach`, `/paths`, `/export/graph`)
and `/report`. For those, each request first reads the data stamp
(`service.graph.version.read_stamp`: the data version, the served run's id and four count-store
counts; one small read, shared by concurrent requests) and names its answer

    ETag = hash(stamp, method, path, query parameters in sorted order)

- a request whose `If-None-Match` holds that tag gets `304 Not Modified` and no body, before any
  other work;
- else the worker's cache answers if it holds the tag (an LRU of response bodies, at most
  `MAX_BYTES`, emptied whenever the stamp changes: a load, an assessment or a new served run);
- else the view runs and a `200` answer is kept. Only one request per tag computes it: requests
  for the same tag that arrive meanwhile wait for that answer (at most `WAIT_SECONDS`) instead of
  running the same queries at once (under load a crowd of identical cold requests would all time
  out); if it failed (a 503 under load) each computes its own, at once, as without the wait.

Every such answer carries `Cache-Control: private, no-cache` (a browser keeps it and asks again
with `If-None-Match` each time: it never shows an answer of an older run or data version). While
a journaled load is unfinished the data changes batch by batch without a new version: answers are
then computed every time and sent with `Cache-Control: no-store` and no tag.
"""

from __future__ import annotations

import functools
import hashlib
import threading
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass

from flask import Response, current_app, make_response, request
from flask.typing import ResponseReturnValue

from service.graph.version import read_stamp
from service.web.context import graph

CACHE_CONTROL = "private, no-cache"
NO_STORE = "no-store"
# At most this many bytes of bodies per worker (the largest answer, /export/graph of a big market,
# is a few MB); the least recently used answers go first.
MAX_BYTES = 64_000_000
# Response headers kept with a cached body (the rest are made again per response).
KEPT_HEADERS = ("Content-Type", "Content-Disposition")
# How long a request waits for another request computing the same answer.
WAIT_SECONDS = 60.0


@dataclass(frozen=True)
class Answer:
    body: bytes
    headers: tuple[tuple[str, str], ...]


class AnswerCache:
    """One worker's cached answers, all of one stamp (see the module docs)."""

    def __init__(self, max_bytes: int = MAX_BYTES) -> None:
        self.max_bytes = max_bytes
        self.stamp: str | None = None
        self._answers: OrderedDict[str, Answer] = OrderedDict()
        self._bytes = 0
        self._lock = threading.Lock()
        self._computing: dict[str, threading.Event] = {}
        self.hits = 0
        self.misses = 0

    def get(self, stamp: str, tag: str) -> Answer | None:
        with self._lock:
            if stamp != self.stamp:
                self._reset(stamp)
            found = self._answers.get(tag)
            if found is None:
                self.misses += 1
                return None
            self._answers.move_to_end(tag)
            self.hits += 1
            return found

    def put(self, stamp: str, tag: str, answer: Answer) -> None:
        size = len(answer.body)
        if size > self.max_bytes:
            return
        with self._lock:
            if stamp != self.stamp:
                self._reset(stamp)
            if tag in self._answers:
                return
            self._answers[tag] = answer
            self._bytes += size
            while self._bytes > self.max_bytes:
                _, old = self._answers.popitem(last=False)
                self._bytes -= len(old.body)

    def claim(self, tag: str) -> tuple[threading.Event | None, threading.Event | None]:
        """(mine, None) when this request is to compute the answer of `tag` (then `release` mine),
        else (None, the event that the request computing it sets when done)."""
        with self._lock:
            running = self._computing.get(tag)
            if running is not None:
                return None, running
            mine = self._computing[tag] = threading.Event()
            return mine, None

    def release(self, tag: str, mine: threading.Event) -> None:
        with self._lock:
            if self._computing.get(tag) is mine:
                del self._computing[tag]
        mine.set()

    def __len__(self) -> int:
        return len(self._answers)

    def _reset(self, stamp: str) -> None:
        self._answers.clear()
        self._bytes = 0
        self.stamp = stamp


def answer_cache() -> AnswerCache:
    """The worker's cache (made by create_app)."""
    return current_app.extensions["answer_cache"]  # type: ignore[no-any-return]


def tag_of(stamp: str) -> str:
    """The answer's tag: the stamp, the method, the path and the sorted query parameters."""
    query = sorted(request.args.items(multi=True))
    text = repr((stamp, request.method, request.path, query))
    return hashlib.sha256(text.encode()).hexdigest()[:32]


def cached_answer(compute: Callable[[], ResponseReturnValue]) -> Response:
    """The run-scoped answer of this request: 304, from the cache, or computed (module docs)."""
    stamp, loading = read_stamp(graph())
    if loading:
        response = make_response(compute())
        response.headers["Cache-Control"] = NO_STORE
        return response
    key = stamp.key
    tag = tag_of(key)
    if request.if_none_match.contains(tag):
        return _tagged(Response(status=304), tag)
    cache = answer_cache()
    found = cache.get(key, tag)
    mine: threading.Event | None = None
    if found is None:
        mine, running = cache.claim(tag)
        if running is not None:  # another request computes this answer: wait for it, once
            running.wait(WAIT_SECONDS)
            found = cache.get(key, tag)
    if found is not None:
        return _tagged(Response(found.body, 200, list(found.headers)), tag)
    try:
        response = make_response(compute())
        if response.status_code != 200:
            return response
        response.direct_passthrough = False  # files (/report) are read once and kept
        body = response.get_data()
        headers = tuple((name, response.headers[name]) for name in KEPT_HEADERS if name in response.headers)
        cache.put(key, tag, Answer(body, headers))
    finally:
        if mine is not None:
            cache.release(tag, mine)
    response.headers.pop("Last-Modified", None)
    return _tagged(response, tag)


def run_scoped(view: Callable[[], ResponseReturnValue]) -> Callable[[], ResponseReturnValue]:
    """A view whose answer depends only on the served run and the data (module docs)."""

    @functools.wraps(view)
    def handle() -> ResponseReturnValue:
        return cached_answer(view)

    return handle


def _tagged(response: Response, tag: str) -> Response:
    response.set_etag(tag)
    response.headers["Cache-Control"] = CACHE_CONTROL
    return response
