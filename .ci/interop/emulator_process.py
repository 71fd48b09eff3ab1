"""Runs the tencent-action-emulator binary for the interop tests: starts it on 127.0.0.1 port 0
with the given flags, reads the address it announces, and stops it with SIGTERM, which must
end it with status 0.

Environment:
    EMULATOR_BIN  path of the emulator binary
                  (default: target/debug/tencent-action-emulator under the repository root)
"""

import contextlib
import json
import os
import re
import selectors
import signal
import ssl
import subprocess
import threading
import time
import urllib.request
from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parents[2]
SECRET_ID = "AKIDinteropEmulatorTestSecretId0001"
SECRET_KEY = "interopEmulatorTestSecretKey0000001"
STARTUP_TIMEOUT_S = 60
SHUTDOWN_TIMEOUT_S = 20
REQUEST_TIMEOUT_S = 15

# Loopback traffic must never be sent through a proxy configured in the environment:
# the SDK and `requests` both honour NO_PROXY.
for _var in ("NO_PROXY", "no_proxy"):
    _current = os.environ.get(_var, "")
    os.environ[_var] = ",".join(p for p in (_current, "127.0.0.1", "localhost") if p)


class Emulator:
    def __init__(self, proc, scheme, addr, stdout_lines, stderr_path, trtc_app=None, cert=None):
        self.proc = proc
        self.scheme = scheme  # "http" or "https"
        self.addr = addr  # "127.0.0.1:PORT"
        self.stdout_lines = stdout_lines
        self.stderr_path = stderr_path
        self.trtc_app = trtc_app  # (SdkAppId, secret key) when the tests chose them
        self.cert = cert  # the CA certificate (PEM file) when serving HTTPS

    @property
    def base_url(self):
        return f"{self.scheme}://{self.addr}"

    def stderr_tail(self, limit=4000):
        try:
            return self.stderr_path.read_text(errors="replace")[-limit:]
        except OSError:
            return ""

    def _get_json(self, path):
        handlers = [urllib.request.ProxyHandler({})]
        if self.cert is not None:
            context = ssl.create_default_context(cafile=str(self.cert))
            handlers.append(urllib.request.HTTPSHandler(context=context))
        opener = urllib.request.build_opener(*handlers)
        with opener.open(self.base_url + path, timeout=REQUEST_TIMEOUT_S) as resp:
            assert resp.status == 200
            return json.loads(resp.read().decode("utf-8"))

    def stats(self):
        return self._get_json("/__emulator/stats")

    def requests(self, limit=100):
        """The emulator's record of the last requests (`GET /__emulator/requests`)."""
        return self._get_json(f"/__emulator/requests?limit={limit}")["requests"]


def emulator_binary():
    configured = os.environ.get("EMULATOR_BIN")
    path = Path(configured) if configured else Path("target/debug/tencent-action-emulator")
    if not path.is_absolute():
        path = REPO_ROOT / path
    return path


def _read_line(stream, deadline):
    """Reads one line from a pipe, giving up at `deadline` (monotonic seconds)."""
    sel = selectors.DefaultSelector()
    sel.register(stream, selectors.EVENT_READ)
    buf = b""
    try:
        while not buf.endswith(b"\n"):
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                return None
            if not sel.select(timeout=remaining):
                return None
            chunk = os.read(stream.fileno(), 1)
            if not chunk:  # EOF: the process closed stdout (or exited)
                break
            buf += chunk
    finally:
        sel.unregister(stream)
        sel.close()
    return buf.decode("utf-8", errors="replace")


def _die_with_parent():
    """Linux: the emulator gets SIGTERM if the test process dies without stopping it."""
    try:
        import ctypes

        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(1, int(signal.SIGTERM))  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        pass


def supports_option(binary, option):
    try:
        out = subprocess.run(
            [str(binary), "--help"],
            stdin=subprocess.DEVNULL,
            capture_output=True,
            timeout=30,
            check=False,
        )
    except (OSError, subprocess.TimeoutExpired):
        return False
    return option in out.stdout.decode("utf-8", errors="replace")


@contextlib.contextmanager
def running_emulator(workdir, extra_args=(), trtc_app=None, tls=False):
    """Starts the emulator with `extra_args`; yields an `Emulator`; stops it on exit."""
    binary = emulator_binary()
    if not binary.is_file():
        pytest.fail(
            f"emulator binary not found at {binary}; build it with "
            "`cargo build -p tencent-action-emulator` or set EMULATOR_BIN",
            pytrace=False,
        )
    args = list(extra_args)
    cert = None
    if tls:
        cert = workdir / "emulator-ca.pem"
        args += ["--tls", "--cert-out", str(cert)]
    stderr_path = workdir / "stderr.log"
    with open(stderr_path, "wb") as stderr_file:
        proc = subprocess.Popen(
            [
                str(binary),
                "--listen",
                "127.0.0.1:0",
                "--secret-id",
                SECRET_ID,
                "--secret-key",
                SECRET_KEY,
                "--log",
                *args,
            ],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=stderr_file,
            cwd=REPO_ROOT,
            preexec_fn=_die_with_parent,
        )
    scheme = "https" if tls else "http"
    try:
        first = _read_line(proc.stdout, time.monotonic() + STARTUP_TIMEOUT_S)
        pattern = r"listening on " + scheme + r"://(127\.0\.0\.1:(\d+))\r?\n"
        match = re.fullmatch(pattern, first or "")
        if match is None or int(match.group(2)) == 0:
            proc.kill()
            proc.wait()
            stderr = stderr_path.read_text(errors="replace")[-4000:]
            pytest.fail(
                f"emulator did not announce `listening on {scheme}://127.0.0.1:PORT` "
                f"(first stdout line: {first!r}, exit status: {proc.returncode}); stderr:\n{stderr}",
                pytrace=False,
            )
        if tls:
            written = stderr_path.read_text(errors="replace")
            assert f"certificate written to {cert}" in written, written
            assert cert.read_text().startswith("-----BEGIN CERTIFICATE-----")
    except BaseException:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
        raise

    # Anything else written to stdout is drained so the emulator never blocks on a full pipe.
    stdout_lines = []

    def drain():
        for line in proc.stdout:
            stdout_lines.append(line.decode("utf-8", errors="replace"))

    drainer = threading.Thread(target=drain, daemon=True)
    drainer.start()

    emu = Emulator(proc, scheme, match.group(1), stdout_lines, stderr_path, trtc_app, cert)
    try:
        yield emu
    finally:
        if proc.poll() is None:
            proc.send_signal(signal.SIGTERM)
        try:
            status = proc.wait(timeout=SHUTDOWN_TIMEOUT_S)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
            pytest.fail(
                f"emulator did not exit within {SHUTDOWN_TIMEOUT_S}s of SIGTERM; stderr:\n"
                + emu.stderr_tail(),
                pytrace=False,
            )
        drainer.join(timeout=5)
        assert status == 0, (
            f"emulator exited with status {status} after SIGTERM; stderr:\n{emu.stderr_tail()}"
        )
