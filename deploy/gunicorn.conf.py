"""gunicorn for the site, behind nginx (deploy/nginx.conf.example).

Run from the project directory:
    .venv/bin/gunicorn -c deploy/gunicorn.conf.py
Every value can be changed from the environment (deploy/env.example).
"""

import multiprocessing
import os

wsgi_app = "site_core.wsgi:application"

# nginx proxies to this address; keep it on the loopback interface.
bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")

# gunicorn's rule of thumb: two workers per core plus one. Each worker is a
# process with its own copy of the site (about 100 MB), so a small server may
# want fewer: set GUNICORN_WORKERS.
workers = int(os.environ.get("GUNICORN_WORKERS", multiprocessing.cpu_count() * 2 + 1))

# A request taking longer than this kills its worker (nginx answers 502):
# generous for the calendar feeds, short enough that a hung worker comes back.
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "30"))
# Time a worker gets to finish its current requests on restart or reload.
graceful_timeout = 30
# nginx keeps connections to us open between requests.
keepalive = 5

# Restart each worker after about a thousand requests, so that memory one
# request left behind does not add up; the jitter keeps them from all
# restarting at once.
max_requests = 1000
max_requests_jitter = 100

# Only the proxy's addresses may tell gunicorn the scheme and client address
# with X-Forwarded-* (anyone else could claim "https"). Django itself reads
# X-Forwarded-Proto (SECURE_PROXY_SSL_HEADER), which nginx always overwrites.
forwarded_allow_ips = os.environ.get("GUNICORN_FORWARDED_ALLOW_IPS", "127.0.0.1,::1")

# Access and error log to stdout/stderr (journald under systemd).
accesslog = os.environ.get("GUNICORN_ACCESS_LOG", "-")
errorlog = os.environ.get("GUNICORN_ERROR_LOG", "-")
loglevel = os.environ.get("GUNICORN_LOG_LEVEL", "info")
# Combined log format with the request's duration in microseconds (%(D)s),
# and the client address nginx passed on instead of nginx's own.
access_log_format = '%({x-real-ip}i)s %(l)s %(u)s %(t)s "%(r)s" %(s)s %(b)s "%(f)s" "%(a)s" %(D)s'
proc_name = "integrationsagenturen"
