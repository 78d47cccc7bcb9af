"""A Redis cache that a failing Redis cannot take the site down with.

Wagtail reads the ``default`` cache on every request (``Site.
get_site_root_paths``), the page cache reads ``pages`` and django-ratelimit
counts in ``default``. With django-redis as it comes, a stopped Redis makes
each of those reads raise (every page a 500), and a hung one makes each read
wait for the operating system's TCP timeout (every worker stuck).

``ResilientRedisCache`` is django-redis's cache with

- short socket timeouts (``SOCKET_CONNECT_TIMEOUT``/``SOCKET_TIMEOUT``,
  a quarter of a second unless the settings say otherwise);
- failures answered as misses (django-redis's ``IGNORE_EXCEPTIONS``): a read
  gives its default, a write does nothing;
- a circuit breaker: after a connection failure or time-out, this process
  leaves Redis alone for ``RETRY_AFTER`` seconds (5 unless set), so a hung
  Redis costs one time-out per process and period instead of one per cache
  call; each outage is logged once at ERROR (to ADMINS), and its end at
  WARNING.

A full Redis (``OOM command not allowed`` under ``maxmemory-policy
noeviction``) refuses writes but still reads and deletes: it is logged but
does not open the breaker. ``site_core.cache`` invalidates by deleting for
that reason.
"""

import logging
import threading
import time

from django_redis.cache import RedisCache
from django_redis.exceptions import ConnectionInterrupted
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

logger = logging.getLogger(__name__)

DEFAULT_TIMEOUT = 0.25
DEFAULT_RETRY_AFTER = 5.0


class RedisUnavailable(ConnectionInterrupted):
    """Raised instead of calling a Redis that failed a moment ago."""

    def __str__(self):
        return "Redis is unavailable (circuit breaker open)"


class BreakerClient:
    """Wraps django-redis's client: every call passes the breaker."""

    def __init__(self, client, cache):
        self._client = client
        self._cache = cache

    def __getattr__(self, name):
        attribute = getattr(self._client, name)
        if not callable(attribute) or name.startswith("_") or name == "make_key":
            return attribute

        def call(*args, **kwargs):
            self._cache.check_breaker()
            try:
                result = attribute(*args, **kwargs)
            except ConnectionInterrupted as error:
                self._cache.failed(error)
                raise
            self._cache.succeeded()
            return result

        return call


class ResilientRedisCache(RedisCache):
    def __init__(self, server, params):
        # A copy: Django builds a cache per thread from the same settings
        # dict, and RETRY_AFTER is popped below (django-redis refuses it).
        options = dict(params.get("OPTIONS", {}))
        params = {**params, "OPTIONS": options}
        options.setdefault("IGNORE_EXCEPTIONS", True)
        options.setdefault("SOCKET_CONNECT_TIMEOUT", DEFAULT_TIMEOUT)
        options.setdefault("SOCKET_TIMEOUT", DEFAULT_TIMEOUT)
        self.retry_after = float(options.pop("RETRY_AFTER", DEFAULT_RETRY_AFTER))
        super().__init__(server, params)
        self._lock = threading.Lock()
        self._down_until = 0.0
        self._down_since = None

    @property
    def client(self):
        if self._client is None:
            self._client = BreakerClient(self._client_cls(self._server, self._params, self), self)
        return self._client

    @property
    def is_down(self):
        return self._down_since is not None

    def check_breaker(self):
        if time.monotonic() < self._down_until:
            raise RedisUnavailable(connection=None)

    def failed(self, error):
        cause = error.__cause__
        if not isinstance(cause, (RedisConnectionError, RedisTimeoutError, TimeoutError, OSError)):
            # e.g. OOM under noeviction: Redis answers, it only refuses writes.
            logger.error("Redis refused a command: %s", cause or error)
            return
        with self._lock:
            self._down_until = time.monotonic() + self.retry_after
            first = self._down_since is None
            if first:
                self._down_since = time.monotonic()
        if first:
            logger.error(
                "Redis at %s is unreachable (%s): pages are served uncached until it answers.",
                self._server,
                cause,
            )

    def succeeded(self):
        if self._down_since is None:
            return
        with self._lock:
            down_since, self._down_since = self._down_since, None
        if down_since is not None:
            logger.warning(
                "Redis at %s answers again after %.0f s.",
                self._server,
                time.monotonic() - down_since,
            )
