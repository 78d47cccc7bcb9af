"""Score the site as deployed with the MDN HTTP Observatory, offline.

    sudo .venv/bin/python -m bench.observatory

The Observatory (https://developer.mozilla.org/observatory) grades what a
site's responses say about its security: HTTPS redirection, HSTS, CSP,
cookies, framing, referrer policy, MIME sniffing, subresource integrity.
Its scanner is the npm package @mdn/mdn-http-observatory; this script runs
it against the deployment the README describes, put together locally:

- gunicorn with the production settings (deploy/gunicorn.conf.py), demo
  content in a scratch SQLite database;
- nginx with deploy/nginx.conf.example as it is, with ``localhost`` for the
  host name, a certificate from a throwaway certificate authority that only
  the scanner trusts, and the scratch media folder.

The scanner takes no port, so nginx listens on 80 and 443: hence root. Needs
nginx (Debian: nginx, libnginx-mod-http-brotli-filter,
libnginx-mod-http-brotli-static), openssl and Node.js with npm; the scanner
is installed once into ~/.cache (its install script, which fetches
certificates and Chromium's HSTS preload list from the internet, is
skipped: our own authority is the only one the scan needs, and localhost is
on no preload list).

Prints the grade, the score and each test's result; exits 1 below A+.
"""

import contextlib
import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench import server

REPO_ROOT = Path(__file__).resolve().parent.parent
SCANNER = "@mdn/mdn-http-observatory@1.4.8"
SCANNER_DIR = Path.home() / ".cache" / "integrationsagenturen" / "observatory"
HOST = "localhost"
EXAMPLE_HOST = "integrationsagenturen.example.org"


def run(*command, **kwargs):
    return subprocess.run(command, check=True, **kwargs)


def wait_for(port, what):
    for _ in range(150):
        with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", port), 1):
            return
        time.sleep(0.2)
    sys.exit(f"{what} did not start on port {port}")


def certificates(directory):
    """A certificate authority and, signed by it, a certificate for HOST."""
    ca_key, ca, key, request, cert = (
        directory / name for name in ("ca.key", "ca.pem", "key.pem", "req.pem", "cert.pem")
    )
    extensions = directory / "san.cnf"
    extensions.write_text(f"subjectAltName=DNS:{HOST}\nbasicConstraints=CA:FALSE\n")
    new_key = ["openssl", "req", "-newkey", "rsa:2048", "-nodes", "-days", "2"]
    quiet = {"stdout": subprocess.DEVNULL, "stderr": subprocess.DEVNULL}
    authority = ["-x509", "-subj", "/CN=Observatory check CA"]
    run(*new_key, *authority, "-keyout", ca_key, "-out", ca, **quiet)
    run(*new_key, "-subj", f"/CN={HOST}", "-keyout", key, "-out", request, **quiet)
    signed_by = ["-CA", ca, "-CAkey", ca_key, "-CAcreateserial", "-extfile", extensions]
    run("openssl", "x509", "-req", "-days", "2", *signed_by, "-in", request, "-out", cert, **quiet)
    return ca, cert, key


def nginx_config(directory, *, upstream_port, cert, key, media):
    """deploy/nginx.conf.example for HOST, inside a minimal main config."""
    site = (REPO_ROOT / "deploy" / "nginx.conf.example").read_text()
    site = site.replace(EXAMPLE_HOST, HOST)
    site = site.replace(f"/etc/letsencrypt/live/{HOST}/fullchain.pem", str(cert))
    site = site.replace(f"/etc/letsencrypt/live/{HOST}/privkey.pem", str(key))
    site = site.replace("/srv/integrationsagenturen/media/", f"{media}/")
    site = site.replace("server 127.0.0.1:8000;", f"server 127.0.0.1:{upstream_port};")
    # Not every machine has IPv6.
    site = "\n".join(line for line in site.splitlines() if "listen [::]" not in line)
    temp = directory / "nginx-temp"
    temp.mkdir()
    config = directory / "nginx.conf"
    config.write_text(
        f"""daemon off;
pid {directory}/nginx.pid;
error_log {directory}/nginx-error.log;
include /etc/nginx/modules-enabled/*.conf;
events {{}}
http {{
    include /etc/nginx/mime.types;
    access_log off;
    client_body_temp_path {temp}/body;
    proxy_temp_path {temp}/proxy;
    fastcgi_temp_path {temp}/fastcgi;
    uwsgi_temp_path {temp}/uwsgi;
    scgi_temp_path {temp}/scgi;
{site}
}}
"""
    )
    return config


def scanner(log):
    script = SCANNER_DIR / "node_modules" / "@mdn" / "mdn-http-observatory" / "src" / "scan.js"
    if not script.exists():
        log(f"Installing {SCANNER} into {SCANNER_DIR} …")
        SCANNER_DIR.mkdir(parents=True, exist_ok=True)
        npm_install = ["npm", "install", "--ignore-scripts", "--no-audit", "--no-fund", "--silent"]
        run(*npm_install, "--prefix", SCANNER_DIR, SCANNER)
    # The skipped install script downloads Chromium's HSTS preload list,
    # where the scanner looks a host up; localhost is on no such list.
    preload = script.parent.parent / "conf" / "hsts-preload.json"
    if not preload.exists():
        preload.write_text("{}")
    return script


@contextlib.contextmanager
def nginx(config):
    child = subprocess.Popen(["nginx", "-c", config], stdout=subprocess.DEVNULL)
    try:
        wait_for(443, "nginx")
        yield
    finally:
        child.terminate()
        child.wait()


def main():
    log = server.log
    if os.geteuid() != 0:
        sys.exit("Needs root: the Observatory scans ports 80 and 443 only, where nginx listens.")
    for tool in ("nginx", "openssl", "node", "npm"):
        if shutil.which(tool) is None:
            sys.exit(f"Needs {tool}.")
    script = scanner(log)
    with tempfile.TemporaryDirectory() as name:
        directory = Path(name)
        media = directory / "media"
        media.mkdir()
        env = dict(
            os.environ,
            DJANGO_SETTINGS_MODULE="site_core.settings.production",
            DJANGO_SECRET_KEY="observatory-only-" + "x" * 50,
            DJANGO_ALLOWED_HOSTS=HOST,
            DATABASE_URL=f"sqlite:///{directory / 'db.sqlite3'}",
            DJANGO_STATIC_ROOT=str(directory / "static"),
            DJANGO_MEDIA_ROOT=str(media),
        )
        env.pop("REDIS_URL", None)
        log("Production settings, demo content, static files …")
        server.manage(env, "migrate", "--noinput", "-v0")
        server.manage(env, "load_demo_content")
        server.manage(env, "collectstatic", "--noinput", "-v0")
        ca, cert, key = certificates(directory)
        port = server.free_port()
        config = nginx_config(directory, upstream_port=port, cert=cert, key=key, media=media)
        run("nginx", "-t", "-q", "-c", config)
        with server.gunicorn(env, port), nginx(config):
            log(f"Scanning https://{HOST}/ …")
            result = subprocess.run(
                ["node", script, HOST],
                env=dict(os.environ, NODE_EXTRA_CA_CERTS=str(ca)),
                capture_output=True,
                text=True,
            )
    report = json.loads(result.stdout or "{}")
    if "scan" not in report:
        sys.exit(f"The scan failed: {report.get('error') or result.stderr}")
    scan = report["scan"]
    print(
        f"MDN HTTP Observatory ({SCANNER}, algorithm {scan['algorithmVersion']}): "
        f"grade {scan['grade']}, score {scan['score']}, "
        f"{scan['testsPassed']} of {scan['testsQuantity']} tests passed"
    )
    for name, test in report["tests"].items():
        mark = "pass" if test["pass"] else "FAIL"
        print(f"  {mark}  {name:<32} {test['result']} ({test['scoreModifier']:+d})")
    sys.exit(0 if scan["grade"] == "A+" else 1)


if __name__ == "__main__":
    main()
