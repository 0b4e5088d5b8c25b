"""Run-scoped answers: `ETag`, `Cache-Control`, `304` and a per-worker cache (issue 14).

Most read answers depend only on the served analysis run and the data: the routes declared with
`run_scoped=True` (`/clusters`, `/clusters/{id}`, `/bridges`, `/creators`, `/creators/{id}` and its
overlaps, mentions and explanation, `/segments`, `/authenticity/reach`, `/paths`, `/export/graph`)
and `/report`. For those, each request first reads the data stamp
(`service.graph.version.read_stamp`: the data version, the served run's id and four count-store
counts; one small read, shared by concurrent requests, or under load a lease on the version
that writers wait out before they commit) and names its answer

    ETag = hash(stamp, method, path, query parameters in sorted order)

- a request whose `If-None-Match` holds that tag gets `304 Not Modified` and no body, before any
  other work;
- else the worker's cache answers if it holds the tag (an LRU of response bodies, at most
  `MAX_BYTES`, emptied whenever the stamp changes: a load, an assessment or a new served run);
- else the view runs and a `200` answer is kept. Only one request per tag computes it: requests
  for the same tag that arrive meanwhile wait for that answer (at most `WAIT_SECONDS`) instead of
  running the same queries at once (under load a crowd of identical cold requests would all time
  out); if it failed (a 503 under load) each computes its own, at once, as without the wait.

A kept body of at least `GZIP_MIN_BYTES` is also kept gzip-compressed (once, when it is kept):
a client that accepts gzip (every browser; the map's `/export/graph` is 0.6 MB of JSON at 500
nodes, 7x smaller compressed) gets that copy, `Content-Encoding: gzip` and its own tag (a
compressed representation is another representation: `"<tag>-gzip"`). Every such answer says
`Vary: Accept-Encoding`.

Every such answer carries `Cache-Control: private, no-cache` (a browser keeps it and asks again
with `If-None-Match` each time: it never shows an answer of an older run or data version). While
a journaled load is unfinished the data changes batch by batch without a new version: answers are
then computed every time and sent with `Cache-Control: no-store` and no tag.
"""

from __future__ import annotations

import functools
import gzip
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
# Smaller bodies go as they are: they fit in a packet or two, and gzip's header and the client's
# inflating would cost more than the bytes saved.
GZIP_MIN_BYTES = 1400
# zlib's default: a 0.6 MB answer compresses in about 10 ms, once per answer and stamp.
GZIP_LEVEL = 6
GZIP_SUFFIX = "-gzip"


@dataclass(frozen=True)
class Answer:
    body: bytes
    headers: tuple[tuple[str, str], ...]
    # The body gzip-compressed, when it is large enough and compression makes it smaller.
    gzipped: bytes | None = None

    @classmethod
    def of(cls, body: bytes, headers: tuple[tuple[str, str], ...]) -> Answer:
        gzipped = None
        if len(body) >= GZIP_MIN_BYTES:
            # mtime=0: the same body gives the same bytes in every worker.
            packed = gzip.compress(body, compresslevel=GZIP_LEVEL, mtime=0)
            gzipped = packed if len(packed) < len(body) else None
        return cls(body, headers, gzipped)

    @property
    def size(self) -> int:
        return len(self.body) + len(self.gzipped or b"")


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
        size = answer.size
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
                self._bytes -= old.size

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
    for known in (tag, tag + GZIP_SUFFIX):
        if request.if_none_match.contains(known):
            return _tagged(Response(status=304, headers={"Vary": "Accept-Encoding"}), known)
    cache = answer_cache()
    found = cache.get(key, tag)
    mine: threading.Event | None = None
    if found is None:
        mine, running = cache.claim(tag)
        if running is not None:  # another request computes this answer: wait for it, once
            running.wait(WAIT_SECONDS)
            found = cache.get(key, tag)
    if found is not None:
        return _served(found, tag)
    try:
        response = make_response(compute())
        if response.status_code != 200:
            return response
        response.direct_passthrough = False  # files (/report) are read once and kept
        body = response.get_data()
        headers = tuple((name, response.headers[name]) for name in KEPT_HEADERS if name in response.headers)
        found = Answer.of(body, headers)
        cache.put(key, tag, found)
    finally:
        if mine is not None:
            cache.release(tag, mine)
    return _served(found, tag)


def _served(answer: Answer, tag: str) -> Response:
    """A kept answer as this request accepts it: gzip-compressed (with its own tag) or as it is."""
    if answer.gzipped is not None and request.accept_encodings["gzip"] > 0:
        response = Response(answer.gzipped, 200, list(answer.headers))
        response.headers["Content-Encoding"] = "gzip"
        tag += GZIP_SUFFIX
    else:
        response = Response(answer.body, 200, list(answer.headers))
    response.headers["Vary"] = "Accept-Encoding"
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
