"""Load generators: wrk if it is installed (Debian: apt-get install wrk),
else threads with keep-alive http.client connections; and the sequential
timing of single requests.

Both report requests per second, the number of requests, errors (connect,
read, write, timeout) and answers that are not 2xx/3xx.
"""

import dataclasses
import http.client
import os
import re
import shutil
import statistics
import subprocess
import tempfile
import threading
import time
from urllib.parse import urlsplit


@dataclasses.dataclass
class Load:
    rate: float
    requests: int
    errors: int
    non_2xx_3xx: int


def load_tool():
    return "wrk" if shutil.which("wrk") else "python"


def throughput(urls, duration, connections):
    """One run of ``connections`` connections for ``duration`` seconds,
    rotating through ``urls``."""
    if load_tool() == "wrk":
        return wrk(urls, duration, connections)
    return python_load(urls, duration, connections)


def wrk(urls, duration, connections):
    command = ["wrk", "-t2", f"-c{connections}", f"-d{duration}s", "--timeout", "30s"]
    script = None
    if len(urls) > 1:
        paths = ", ".join(f'"{path_of(url)}"' for url in urls)
        with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as script:
            script.write(
                f"local paths = {{{paths}}}\nlocal i = 0\n"
                "request = function()\n  i = i % #paths + 1\n"
                "  return wrk.format('GET', paths[i])\nend\n"
            )
        command += ["-s", script.name]
    try:
        output = subprocess.run(
            [*command, urls[0]], capture_output=True, text=True, check=True
        ).stdout
    finally:
        if script:
            os.unlink(script.name)
    non_2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    return Load(
        rate=float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1)),
        requests=int(re.search(r"(\d+) requests in", output).group(1)),
        errors=sum(int(n) for n in re.findall(r"(?:connect|read|write|timeout) (\d+)", output)),
        non_2xx_3xx=int(non_2xx.group(1)) if non_2xx else 0,
    )


def path_of(url):
    parts = urlsplit(url)
    return parts.path + (f"?{parts.query}" if parts.query else "")


class Connection:
    """One keep-alive connection; reconnects after an error."""

    def __init__(self, url):
        parts = urlsplit(url)
        self.host, self.port = parts.hostname, parts.port
        self.http = None

    def get(self, path):
        """(status, body, headers); raises OSError or HTTPException on errors."""
        if self.http is None:
            self.http = http.client.HTTPConnection(self.host, self.port, timeout=30)
        try:
            self.http.request("GET", path)
            response = self.http.getresponse()
            body = response.read()
        except (OSError, http.client.HTTPException):
            self.http.close()
            self.http = None
            raise
        if response.will_close:
            self.http.close()
            self.http = None
        return response.status, body, response.msg


def python_load(urls, duration, connections, on_response=None):
    """Threads, one keep-alive connection each, rotating through ``urls``
    for ``duration`` seconds. ``on_response(url, started, finished, status,
    body)`` sees every answer (times from time.monotonic)."""
    deadline = time.monotonic() + duration
    counts = {"requests": 0, "errors": 0, "non_2xx_3xx": 0}
    lock = threading.Lock()

    def worker(offset):
        connection = Connection(urls[0])
        i = offset
        while time.monotonic() < deadline:
            url = urls[i % len(urls)]
            i += 1
            started = time.monotonic()
            try:
                status, body, _headers = connection.get(path_of(url))
            except (OSError, http.client.HTTPException):
                with lock:
                    counts["errors"] += 1
                continue
            finished = time.monotonic()
            with lock:
                counts["requests"] += 1
                counts["non_2xx_3xx"] += not 200 <= status < 400
            if on_response:
                on_response(url, started, finished, status, body)

    started = time.monotonic()
    threads = [threading.Thread(target=worker, args=(n,)) for n in range(connections)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.monotonic() - started
    return Load(rate=counts["requests"] / elapsed, **counts)


def sequential(url, samples, before_each=None, warmup=6):
    """Median and p95 ms of ``samples`` single requests on one keep-alive
    connection, after ``warmup`` requests (gunicorn's sync workers close
    every connection, so each worker's first render must be warmed); the
    size of the last answer and the X-Cache values seen (site_core.cache.serving: hit, miss …).
    ``before_each()`` runs untimed before each request (to forget a cached
    copy)."""
    connection = Connection(url)
    path = path_of(url)
    times, x_cache = [], set()
    for n in range(-warmup, samples):
        if before_each:
            before_each()
        started = time.perf_counter()
        status, body, headers = connection.get(path)
        elapsed = (time.perf_counter() - started) * 1000
        if status != 200:
            raise SystemExit(f"GET {url} returned {status}")
        if n >= 0:
            times.append(elapsed)
            x_cache.add(headers.get("X-Cache", "-"))
    times.sort()
    p95 = times[min(len(times) - 1, round(0.95 * (len(times) - 1)))]
    return statistics.median(times), p95, len(body), "/".join(sorted(x_cache))
