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
    python hosting/serve.py --processes 2 --port 8080               # on this machine
    python hosting/serve.py --processes 4 --listen 0.0.0.0 --port 80 --host convlab.example.edu

Ctrl-C stops nginx and every process.
"""

from __future__ import annotations

import argparse
import os
import secrets
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from contextlib import suppress
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from hosting.server import free_port
from hosting.supervisor import Supervisor, streamlit_starter, wait_all_healthy

NGINX_CONF = """
worker_processes 1;
pid {run}/nginx.pid;
error_log stderr warn;
events {{ worker_connections 4096; }}
http {{
    access_log off;
    client_body_temp_path {run}/body;
    proxy_temp_path {run}/proxy;
    fastcgi_temp_path {run}/fastcgi;
    uwsgi_temp_path {run}/uwsgi;
    scgi_temp_path {run}/scgi;
    client_max_body_size 6m;  # Streamlit refuses uploads over 5 MB itself, with a message

    map $http_upgrade $connection_upgrade {{ default upgrade; "" close; }}
    map $cookie_convlab_route $route {{ "" $request_id; default $cookie_convlab_route; }}

    upstream convlab {{
        # a process being restarted is skipped for 2 s only: its students come back to it
        hash $route consistent;
{servers}
    }}

    server {{
        listen {listen}:{port};
        location / {{
            proxy_pass http://convlab;
            proxy_http_version 1.1;
            proxy_set_header Upgrade $http_upgrade;
            proxy_set_header Connection $connection_upgrade;
            proxy_set_header Host $http_host;
            proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
            proxy_read_timeout 1d;
            proxy_buffering off;
            add_header Set-Cookie "convlab_route=$route; Path=/; HttpOnly; SameSite=Lax" always;
        }}
    }}
}}
"""


def nginx_conf(run_dir: Path, backends: list[str], listen: str, port: int) -> str:
    servers = "\n".join(
        f"        server {backend.removeprefix('http://')} max_fails=1 fail_timeout=2s;"
        for backend in backends
    )
    return NGINX_CONF.format(run=run_dir, servers=servers, listen=listen, port=port)


def main() -> None:
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
    args = parser.parse_args()
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
        conf.write_text(nginx_conf(Path(run), [b.url for b in supervisor.backends], args.listen, args.port))
        start_proxy = lambda: subprocess.Popen([nginx, "-c", str(conf), "-p", run, "-g", "daemon off;"])  # noqa: E731
        supervisor.start_all()
        proxy = None
        try:
            wait_all_healthy(supervisor)
            proxy = start_proxy()
            print(
                f"ConvLab on http://{args.listen}:{args.port} ({args.processes} processes) for the host "
                f"names {', '.join(hosts)}; Ctrl-C stops it"
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
