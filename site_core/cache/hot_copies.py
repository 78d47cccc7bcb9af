"""This process's copies of the responses it served from the page cache
lately, so that a hit takes one small round trip to the cache (the tokens,
the route entry and the page's version) and never fetches the body again.

Without them every hit read the route entry, then the response: two round
trips, and the whole body across the socket and through pickle each time (the
main feed at 1,000 events: 540 KB), where WhiteNoise serves a static file of
that size from memory (issue 19: cached feeds at a third of a static file's
throughput).

A copy is served under exactly the conditions its stored entry would be: the
same generation (so the same response key), the same route entry (page and
parameters, so the same query), the page's current version, and not after
the entry's own expiry. It is the stored response without fetching it again:
every invalidation still shows at the next request, in every process.
Bounded in bytes; the least recently used copy goes first.
"""

import collections
import dataclasses
import threading
import time

from django.http import HttpResponse

# Per process (each gunicorn worker): the busy pages and feeds fit many times.
MAX_BYTES = 32 * 1024 * 1024


@dataclasses.dataclass(frozen=True)
class Copy:
    generation: str
    page: int
    parameters: tuple
    version: str
    expires: float
    status: int
    headers: tuple
    body: bytes

    def is_current(self, generation, route, version):
        return (
            generation == self.generation
            and route == {"page": self.page, "parameters": self.parameters}
            and version == self.version
            and time.time() < self.expires
        )

    def response(self):
        """A response of its own for each request: the middleware above
        adds headers to it."""
        response = HttpResponse(self.body, status=self.status)
        for name, value in self.headers:
            response[name] = value
        return response


class HotCopies:
    def __init__(self, max_bytes=MAX_BYTES):
        self.max_bytes = max_bytes
        self._copies = collections.OrderedDict()
        # Route key: the parameters its page read last (as many as the
        # site has addresses that were stored).
        self._routes = {}
        self._bytes = 0
        self._lock = threading.Lock()

    def get(self, route_key, query_for):
        """The copy for this address and the query its page reads
        (``query_for(parameters)``: a clean query text, or None), if any."""
        with self._lock:
            parameters = self._routes.get(route_key)
        if parameters is None:
            return None
        query = query_for(parameters)
        with self._lock:
            copy = self._copies.get((route_key, query))
            if copy is not None:
                self._copies.move_to_end((route_key, query))
        return copy

    def put(self, route_key, query, generation, entry):
        """Copy ``entry`` (a stored or just stored entry of the page cache)."""
        response = entry["response"]
        if "expires" not in entry or response.streaming:
            return
        copy = Copy(
            generation=generation,
            page=entry["page"],
            parameters=entry["parameters"],
            version=entry["version"],
            expires=entry["expires"],
            status=response.status_code,
            headers=tuple(response.headers.items()),
            body=response.content,
        )
        if len(copy.body) > self.max_bytes // 4:
            return
        key = (route_key, query)
        with self._lock:
            self._routes[route_key] = copy.parameters
            old = self._copies.pop(key, None)
            self._bytes -= len(old.body) if old else 0
            self._copies[key] = copy
            self._bytes += len(copy.body)
            while self._bytes > self.max_bytes:
                _key, old = self._copies.popitem(last=False)
                self._bytes -= len(old.body)


hot_copies = HotCopies()
