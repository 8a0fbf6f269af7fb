"""The real parts the end-to-end tests and the load test start: PostgreSQL clusters, nginx in front
of replicas, and HTTP as a client does it. Standard library only."""
import http.client
import json
import os
import pathlib
import secrets
import shutil
import socket
import subprocess
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request

ROOT = pathlib.Path(__file__).resolve().parents[2]
POSTGRES_SCRIPT = ROOT / "scripts" / "postgres"


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for(condition, seconds=10):
    deadline = time.time() + seconds
    while time.time() < deadline:
        if condition():
            return True
        time.sleep(0.1)
    return False


# --------------------------------------------------------------------------------------------
# HTTP, as a client does it


def call(url, method, path, body=None, timeout=30):
    """One request; returns (status, body bytes, headers). Connection failures raise OSError or
    http.client.HTTPException, as they do for any client."""
    data = None if body is None else json.dumps(body).encode()
    request = urllib.request.Request(url + path, data=data, method=method, headers={"Content-Type": "application/json"})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            return response.status, response.read(), dict(response.headers)
    except urllib.error.HTTPError as error:
        return error.code, error.read(), dict(error.headers)


def tail(text, lines=40):
    """The last lines of a log, without postgres-nio's one line per failed connection attempt
    (hundreds while PostgreSQL is down), which are counted instead."""
    noise = "[PostgresNIO] Connection creation failed"
    kept = [line for line in text.splitlines() if noise not in line]
    left_out = text.count(noise)
    return "\n".join(kept[-lines:] + ([f"({left_out} lines '{noise}' left out)"] if left_out else []))


def detail_of(raw):
    """The `detail` of a JSON error body, or None when the body is not one (an nginx page)."""
    try:
        document = json.loads(raw)
    except ValueError:
        return None
    return document.get("detail") if isinstance(document, dict) and isinstance(document.get("detail"), str) else None


# --------------------------------------------------------------------------------------------
# PostgreSQL


class Cluster:
    """A PostgreSQL server the tests make databases in: an external one (admin URL), or a throwaway
    cluster started with scripts/postgres in a folder of its own, which can also be stopped and
    started again on the same port."""

    def __init__(self, admin_url, directory=None):
        self.admin_url = admin_url
        self.directory = directory

    @classmethod
    def start_own(cls):
        # PostgreSQL runs as the postgres user when we are root: its folder must be reachable for it,
        # so it lives in a world-traversable temp folder, not under pytest's private tmp folder.
        directory = pathlib.Path(tempfile.mkdtemp(prefix="backline-e2e-pg-"))
        directory.chmod(0o755)
        cluster = cls(None, directory)
        cluster.admin_url = cluster.start()
        return cluster

    def start(self):
        result = subprocess.run([str(POSTGRES_SCRIPT), "start", str(self.directory / "cluster")],
                                capture_output=True, text=True, timeout=120)
        assert result.returncode == 0, f"scripts/postgres start failed:\n{result.stdout}\n{result.stderr}\n{self.log_text()}"
        url = result.stdout.strip().splitlines()[-1]
        assert self.admin_url in (None, url), f"the restarted cluster moved from {self.admin_url} to {url}"
        return url

    def stop(self):
        result = subprocess.run([str(POSTGRES_SCRIPT), "stop", str(self.directory / "cluster")],
                                capture_output=True, text=True, timeout=120)
        assert result.returncode == 0, f"scripts/postgres stop failed:\n{result.stdout}\n{result.stderr}\n{self.log_text()}"

    def discard(self):
        """Stops an own cluster (if it runs) and deletes its folder."""
        if self.directory is None:
            return
        subprocess.run([str(POSTGRES_SCRIPT), "stop", str(self.directory / "cluster")], capture_output=True, timeout=120)
        shutil.rmtree(self.directory, ignore_errors=True)

    def psql(self, sql):
        result = subprocess.run(["psql", self.admin_url, "-v", "ON_ERROR_STOP=1", "-qAtc", sql],
                                capture_output=True, text=True, timeout=60, env={**os.environ, "PGCONNECT_TIMEOUT": "10"})
        assert result.returncode == 0, f"psql {sql!r} failed: {result.stderr}"
        return result.stdout

    def create_database(self):
        """A fresh, empty database; returns its name and URL."""
        name = f"backline_e2e_{secrets.token_hex(6)}"
        self.psql(f"CREATE DATABASE {name}")
        return name, urllib.parse.urlsplit(self.admin_url)._replace(path="/" + name).geturl()

    def drop_database(self, name):
        subprocess.run(["psql", self.admin_url, "-qc", f"DROP DATABASE IF EXISTS {name} WITH (FORCE)"],
                       capture_output=True, timeout=60, env={**os.environ, "PGCONNECT_TIMEOUT": "10"})

    def log_text(self):
        log = self.directory / "cluster" / "server.log" if self.directory else None
        return log.read_text(errors="replace") if log and log.exists() else ""


NGINX_CONF = """\
daemon off;
{user}
worker_processes 1;
pid {dir}/nginx.pid;
error_log {dir}/error.log info;
events {{ worker_connections 1024; }}
http {{
    log_format upstreams '$msec $request_method $request_uri $status upstream=[$upstream_addr] upstream_status=[$upstream_status]';
    {access_log}
    client_body_temp_path {dir}/client_body;
    proxy_temp_path {dir}/proxy;
    fastcgi_temp_path {dir}/fastcgi;
    uwsgi_temp_path {dir}/uwsgi;
    scgi_temp_path {dir}/scgi;
    client_max_body_size 2m;

    upstream backline {{
        # max_fails=0: a replica is never taken out of the rotation for fail_timeout. With the
        # default (max_fails=1), both replicas answering 503 while the database is down would mark
        # both "failed", and nginx would answer 502 "no live upstreams" by itself for 10 s instead of
        # passing on the replicas' 503 and its JSON detail. A dead replica costs one refused connect
        # on loopback, after which the request goes to the other one.
{servers}
        keepalive 16;
    }}
    server {{
        listen 127.0.0.1:{port};
        location / {{
            proxy_pass http://backline;
            proxy_http_version 1.1;
            proxy_set_header Connection "";
            # The name the client asked for: the replicas answer only the names they know (421).
            proxy_set_header Host $http_host;
            # A dead replica (error), a hung one (timeout) or one without its database (503) is
            # skipped. nginx retries a POST only when it was never sent (a refused connect); a POST
            # a replica answered 503 is passed on as it is, since it may have done part of its work.
            proxy_next_upstream error timeout http_503;
            proxy_connect_timeout 2s;
            proxy_read_timeout 60s;
        }}
    }}
}}
"""


class Nginx:
    """nginx on a free loopback port, round robin over the given replicas, everything (pid, temp
    folders, logs) in its own folder. Its access log records, for every request, which replicas it
    tried and what each answered (`upstream_status`)."""

    def __init__(self, directory, ports, access_log=True):
        self.directory = directory
        self.ports = ports
        directory.mkdir(parents=True, exist_ok=True)
        self.port = free_port()
        binary = shutil.which("nginx") or "/usr/sbin/nginx"
        assert os.access(binary, os.X_OK), "install nginx (apt-get install nginx)"
        servers = "\n".join(f"        server 127.0.0.1:{port} max_fails=0;" for port in ports)
        log = f"access_log {directory}/access.log upstreams;" if access_log else "access_log off;"
        (directory / "nginx.conf").write_text(NGINX_CONF.format(
            dir=directory, port=self.port, servers=servers, access_log=log, user="user root;" if os.geteuid() == 0 else ""))
        self.output = open(directory / "nginx.out", "w")
        self.process = subprocess.Popen(
            [binary, "-p", str(directory), "-e", str(directory / "error.log"), "-c", str(directory / "nginx.conf")],
            stdout=self.output, stderr=subprocess.STDOUT)
        if not wait_for(lambda: self.health() == 200 or self.process.poll() is not None, seconds=15) or self.process.poll() is not None:
            self.close()
            raise AssertionError("nginx did not answer /health:\n" + self.log_text())

    @property
    def url(self):
        return f"http://127.0.0.1:{self.port}"

    def health(self):
        try:
            return call(self.url, "GET", "/health", timeout=10)[0]
        except (OSError, http.client.HTTPException):
            return None

    def access_log(self):
        path = self.directory / "access.log"
        return path.read_text().splitlines() if path.exists() else []

    def upstream_answers(self):
        """Every answer a replica gave nginx, from the access log: (line, replica address, status),
        one per replica tried (a request passed on to the next replica has two)."""
        answers = []
        for line in self.access_log():
            addresses = line.split("upstream=[")[1].split("]")[0].split(", ")
            statuses = line.split("upstream_status=[")[1].split("]")[0].split(", ")
            answers += [(line, address, status) for address, status in zip(addresses, statuses)]
        return answers

    def log_text(self):
        if not self.output.closed:
            self.output.flush()
        texts = [f"--- nginx {name} ---\n" + tail((self.directory / name).read_text(errors="replace"), 30)
                 for name in ["nginx.out", "error.log"] if (self.directory / name).exists()]
        return "\n".join(texts)

    def close(self):
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self.output.close()
