"""The page cache tests again, against a real Redis server through
django-redis, as production runs them (REDIS_URL)."""

import shutil
import socket
import subprocess
import tempfile
import time

import redis

from django.test import override_settings

from tests.site_core import test_caching

REDIS_SERVER = shutil.which("redis-server")


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class RedisServer:
    """A throwaway redis-server on a free local port, without persistence."""

    def __init__(self, *options):
        if REDIS_SERVER is None:
            raise RuntimeError(
                "redis-server is missing: the page cache is tested against a real Redis. "
                "Install it with `apt-get install redis-server` (.ci/run does)."
            )
        self.directory = tempfile.TemporaryDirectory()
        self.port = free_port()
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self.process = subprocess.Popen(
            [
                REDIS_SERVER,
                "--port", str(self.port),
                "--bind", "127.0.0.1",
                "--dir", self.directory.name,
                "--save", "",
                "--appendonly", "no",
                *options,
            ],
            stdout=subprocess.DEVNULL,
        )  # fmt: skip
        client = redis.Redis.from_url(self.url)
        deadline = time.monotonic() + 10
        while True:
            try:
                client.ping()
                break
            except redis.ConnectionError:
                if self.process.poll() is not None or time.monotonic() > deadline:
                    self.stop()
                    raise RuntimeError(f"redis-server did not start on port {self.port}") from None
                time.sleep(0.05)

    def stop(self):
        self.process.terminate()
        self.process.wait(timeout=10)
        self.directory.cleanup()


def redis_caches(url, **options):
    """Both cache aliases in the Redis at ``url``, with the backend production
    uses (site_core/settings/base.py), and ``options`` for it."""
    return {
        alias: {
            "BACKEND": "site_core.cache_backends.ResilientRedisCache",
            "LOCATION": url,
            "KEY_PREFIX": alias,
            "OPTIONS": dict(options),
        }
        for alias in ("default", "pages")
    }


class RealRedisMixin:
    """A test class whose caches live in a redis-server of its own, started
    before the test data exists (creating it already invalidates)."""

    redis_server_options = ()  # command-line options of redis-server
    cache_options = {}  # options of the cache backend

    @classmethod
    def setUpClass(cls):
        server = cls.server = RedisServer(*cls.redis_server_options)
        cls.addClassCleanup(server.stop)
        cls.enterClassContext(
            override_settings(CACHES=redis_caches(server.url, **cls.cache_options))
        )
        super().setUpClass()


class RedisPageCacheTests(RealRedisMixin, test_caching.PageCacheTests):
    def test_pages_and_versions_are_kept_in_redis(self):
        self.warm(self.site.event.url)
        client = redis.Redis.from_url(self.server.url)
        self.assertEqual(len(client.keys("pages:*:response:*")), 1)
        self.assertTrue(client.keys(f"pages:*:page:{self.site.event.pk}"))
