"""Serve ConvLab to a class from several processes behind nginx (Debian's package).

One Streamlit process runs on one core; a class of 200 needs more. This starts N ConvLab
processes on loopback ports and nginx in front of them, with:

- sticky sessions: nginx gives each browser a `convlab_route` cookie and hashes it to a
  process, so a session's websocket, uploads and downloads always reach the process that
  holds the session;
- websocket upgrade, and long read timeouts for idle sessions;
- one cookie secret shared by the processes (XSRF tokens stay valid whichever one signs them);
- an allow-list of host names (localhost, 127.0.0.1 and each `--host`), against DNS rebinding;
- supervision (hosting/supervisor.py): a process that exits is started again on its port, with
  a backoff if it keeps dying; nginx, if it exits, is started again too.

    apt-get install -y nginx
    python -m hosting.serve --processes 2 --port 8080               # on this machine
    python -m hosting.serve --processes 4 --listen 0.0.0.0 --port 80 --host convlab.example.edu

Ctrl-C stops nginx and every process.
"""

from __future__ import annotations

import argparse
import os
import re
import secrets
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from contextlib import suppress
from pathlib import Path

from hosting.server import free_port
from hosting.supervisor import Supervisor, streamlit_starter, wait_all_healthy

NGINX_CONF = """
worker_processes 1;
pid {run}/nginx.pid;
error_log stderr warn;
events {{ worker_connections 4096; }}
http {{
    access_log off;
    server_tokens off;
    client_body_temp_path {run}/body;
    proxy_temp_path {run}/proxy;
    fastcgi_temp_path {run}/fastcgi;
    uwsgi_temp_path {run}/uwsgi;
    scgi_temp_path {run}/scgi;
    client_max_body_size 6m;  # Streamlit refuses uploads over 5 MB itself, with a message
    # slow clients cannot hold connections open for nothing
    client_header_timeout 15s;
    client_body_timeout 30s;
    send_timeout 60s;
    keepalive_timeout 30s;
    large_client_header_buffers 4 16k;
    # Per address, sized for a whole class behind one school address (NAT): 200 students, each a
    # websocket plus a page's ~40 requests when it opens, all arriving within a minute.
    limit_conn_zone $binary_remote_addr zone=per_address:10m;
    limit_req_zone $binary_remote_addr zone=requests:10m rate=300r/s;
    limit_conn_status 429;
    limit_req_status 429;
{tls}
    map $http_upgrade $connection_upgrade {{ default upgrade; "" close; }}
    map $cookie_convlab_route $route {{ "" $request_id; default $cookie_convlab_route; }}

    upstream convlab {{
        # a process being restarted is skipped for 2 s only: its students come back to it
        hash $route consistent;
{servers}
    }}

    server {{  # a Host header not in the list (DNS rebinding, scanners): the connection is closed
        listen {listen}:{port}{ssl} default_server;
        return 444;
    }}

    server {{
        listen {listen}:{port}{ssl};
        server_name {hosts};
        limit_conn per_address 1000;
        limit_req zone=requests burst=4000 nodelay;
        location / {{
            proxy_pass http://convlab;
            proxy_http_version 1.1;
            proxy_set_header Upgrade $http_upgrade;
            proxy_set_header Connection $connection_upgrade;
            proxy_set_header Host $http_host;
            proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
            proxy_set_header X-Forwarded-Proto $scheme;
            proxy_read_timeout 1d;
            proxy_buffering off;
            add_header Set-Cookie "convlab_route=$route; Path=/; HttpOnly; SameSite={same_site}{secure}"
                always;
            add_header X-Content-Type-Options nosniff always;
            add_header Referrer-Policy same-origin always;
            add_header Content-Security-Policy "frame-ancestors 'self'{embed}" always;
{hsts}        }}
    }}
}}
"""
TLS = """    ssl_certificate {cert};
    ssl_certificate_key {key};
    ssl_protocols TLSv1.2 TLSv1.3;
    ssl_session_cache shared:tls:10m;
"""
HSTS = '            add_header Strict-Transport-Security "max-age=31536000" always;\n'


def nginx_conf(
    run_dir: Path,
    backends: list[str],
    listen: str,
    port: int,
    hosts: tuple[str, ...] = ("localhost", "127.0.0.1"),
    tls: tuple[Path, Path] | None = None,
    embed_from: tuple[str, ...] = (),
) -> str:
    """nginx in front of `backends`: sticky sessions, websockets, the Host allow-list, per-address
    limits, security headers; TLS with (certificate, key) paths, and pages that may embed ConvLab
    in a frame (`embed_from`, e.g. a course site's origin)."""
    servers = "\n".join(
        f"        server {backend.removeprefix('http://')} max_fails=1 fail_timeout=2s;"
        for backend in backends
    )
    return NGINX_CONF.format(
        run=run_dir,
        servers=servers,
        listen=listen,
        port=port,
        hosts=" ".join(hosts),
        tls=TLS.format(cert=tls[0], key=tls[1]) if tls else "",
        ssl=" ssl" if tls else "",
        secure="; Secure" if tls else "",
        # a frame on another site sends the route cookie only if it is SameSite=None (needs TLS)
        same_site="None" if tls and embed_from else "Lax",
        hsts=HSTS if tls else "",
        embed="".join(f" {origin}" for origin in embed_from),
    )


def main() -> None:
    """Parse the command line, start the Streamlit processes behind nginx and serve until Ctrl-C."""
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--processes", type=int, default=os.cpu_count() or 2)
    parser.add_argument("--port", type=int, default=8080)
    parser.add_argument("--listen", default="127.0.0.1", help="0.0.0.0 to serve the class network")
    parser.add_argument(
        "--host",
        action="append",
        default=[],
        help="a host name or address students type to reach it (repeatable)",
    )
    parser.add_argument("--cert", type=Path, help="TLS certificate (PEM, with its chain): serve HTTPS")
    parser.add_argument("--key", type=Path, help="the certificate's private key (PEM)")
    parser.add_argument(
        "--embed-from",
        action="append",
        default=[],
        help="an origin that may show ConvLab in a frame, e.g. https://moodle.example.edu (repeatable)",
    )
    args = parser.parse_args()
    if (args.cert is None) != (args.key is None):
        parser.error("--cert and --key go together")
    for path in (args.cert, args.key):
        if path is not None and not path.is_file():
            parser.error(f"{path} is not a file")
    bad_origins = [o for o in args.embed_from if not re.fullmatch(r"https?://[A-Za-z0-9.:-]+", o)]
    if bad_origins:
        parser.error(f"--embed-from takes origins like https://moodle.example.edu, not {bad_origins[0]}")
    nginx = shutil.which("nginx") or "/usr/sbin/nginx"
    if not Path(nginx).exists():
        parser.error("nginx is not installed: apt-get install -y nginx")
    if not 1 <= args.processes <= 64:
        parser.error("1 to 64 processes")
    cookie_secret = secrets.token_hex(32)
    hosts = ["localhost", "127.0.0.1", *args.host]
    allowed = tuple(flag for host in hosts for flag in ("--server.allowedHosts", host))
    starter = streamlit_starter("app.py", {"STREAMLIT_SERVER_COOKIE_SECRET": cookie_secret}, allowed)
    supervisor = Supervisor([free_port() for _ in range(args.processes)], starter)
    with tempfile.TemporaryDirectory(prefix="convlab-nginx-") as run:
        conf = Path(run) / "nginx.conf"
        tls = (args.cert.resolve(), args.key.resolve()) if args.cert else None
        backends = [b.url for b in supervisor.backends]
        conf.write_text(
            nginx_conf(Path(run), backends, args.listen, args.port, tuple(hosts), tls, tuple(args.embed_from))
        )
        start_proxy = lambda: subprocess.Popen([nginx, "-c", str(conf), "-p", run, "-g", "daemon off;"])  # noqa: E731
        supervisor.start_all()
        proxy = None
        try:
            wait_all_healthy(supervisor)
            proxy = start_proxy()
            print(
                f"ConvLab on {'https' if tls else 'http'}://{args.listen}:{args.port} ({args.processes} "
                f"processes) for the host names {', '.join(hosts)}; Ctrl-C stops it"
            )
            signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
            with suppress(KeyboardInterrupt):
                while True:
                    supervisor.check()
                    if proxy.poll() is not None:
                        print(f"convlab: nginx exited ({proxy.returncode}); restarting it", file=sys.stderr)
                        time.sleep(1)
                        proxy = start_proxy()
                    time.sleep(0.5)
        finally:
            if proxy is not None and proxy.poll() is None:
                proxy.terminate()
                proxy.wait(20)
            supervisor.stop_all()


if __name__ == "__main__":
    main()
