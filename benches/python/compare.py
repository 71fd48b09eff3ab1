"""tencent-action against the official Python SDK, in one run against one emulator binary.

Run through `benches/python/run.sh`, which builds what this needs and passes:

    compare.py --emulator target/release/tencent-action-emulator --ours PATH_OF_calls_per_second

Measures, in `--rounds` interleaved rounds (Python, then Rust, then Python, ...):

(a) build-and-sign per request, nothing sent.
    Python: on a filled-in `CreateTRTCSignaturesWithRoomIdRequest` (2 users), per request
        params = request._serialize()
        req = RequestInternal(client._get_endpoint(), "POST", client._requestPath, header={})
        client._build_req_inter("CreateTRTCSignaturesWithRoomId", params, req)
    which is what `AbstractClient._call` does before `send_request`: JSON body, headers, and the
    TC3-HMAC-SHA256 signature (`_build_req_with_tc3_signature`, whose key chain is derived on
    every call). Left out: the `X-TC-TraceId` uuid4 that `_call` adds.
    Rust: `client.prepare(&request)`: validation, serialization, signing with the cached key.
(b) sequential calls per second: one call after another, each request built in the loop with a
    fresh RoomId, and its response parsed into the typed model. Python: the SDK's
    `IotexplorerClient.CreateTRTCSignaturesWithRoomId` with the default profile over http
    (a `requests.Session` that keeps the connection). Rust: `client.send(&request)`.

The emulator's rate limit for the action is lifted (`--rate-limit ...=0`), so every call is
processed. The emulator's own handling time of each measured call (arrival to answer, from
`GET /__emulator/requests`) is subtracted from 1/rate to give the time spent outside its
handler (client, HTTP, loopback): the built-in action issues two UserSigs and two
PrivateMapKeys (zlib, HMAC) per call, and that server work bounds the calls/s ratio.

(c) the floor under every call: a TCP round trip on loopback between two processes (a 1-byte
    ping-pong with TCP_NODELAY, Python's sockets), measured in each round. On a virtual machine
    whose idle vCPUs sleep, a wake-up on the other core can cost tens of microseconds each way,
    which every call pays twice, whatever client makes it. The header says which CPUs the run
    may use: `taskset -c 0 bash benches/python/run.sh` puts the clients and the emulator on one
    core, where no call waits for another core to wake.

A client that cost nothing would still wait for (c) and for the emulator's handling: the table
ends with that ceiling on calls per second, and its ratio to the Python SDK's rate.

Prints a Markdown table: medians over the rounds, every round's value, and ratios.
"""

import argparse
import json
import os
import platform
import re
import signal
import socket
import statistics
import subprocess
import sys
import time
import urllib.request
import uuid
from importlib import metadata

ACTION = "CreateTRTCSignaturesWithRoomId"
# How many requests the emulator's log keeps (`MAX_RECORDS` in emulator/src/records.rs).
EMULATOR_RECORDS = 10_000
REGION = "ap-guangzhou"
SECRET_ID = "AKIDpythonCompareBench000000000000"
SECRET_KEY = "pythonCompareBenchSecretKey0000001"

# Loopback traffic never goes through a proxy from the environment.
for _var in ("NO_PROXY", "no_proxy"):
    _current = os.environ.get(_var, "")
    os.environ[_var] = ",".join(p for p in (_current, "127.0.0.1", "localhost") if p)

from tencentcloud.common import credential  # noqa: E402
from tencentcloud.common.http.request import RequestInternal  # noqa: E402
from tencentcloud.common.profile.client_profile import ClientProfile  # noqa: E402
from tencentcloud.common.profile.http_profile import HttpProfile  # noqa: E402
from tencentcloud.iotexplorer.v20190423 import iotexplorer_client, models  # noqa: E402


def start_emulator(binary):
    proc = subprocess.Popen(
        [
            binary,
            "--listen",
            "127.0.0.1:0",
            "--secret-id",
            SECRET_ID,
            "--secret-key",
            SECRET_KEY,
            "--rate-limit",
            f"{ACTION}=0",
            "--quiet",
        ],
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
    )
    line = proc.stdout.readline().decode()
    match = re.fullmatch(r"listening on http://(127\.0\.0\.1:\d+)\r?\n", line)
    if match is None:
        proc.kill()
        raise SystemExit(f"the emulator did not announce its address: {line!r}")
    return proc, match.group(1)


def make_client(addr):
    profile = ClientProfile(httpProfile=HttpProfile(protocol="http", endpoint=addr))
    return iotexplorer_client.IotexplorerClient(
        credential.Credential(SECRET_ID, SECRET_KEY), REGION, profile
    )


def make_request(room_id):
    req = models.CreateTRTCSignaturesWithRoomIdRequest()
    req.TRTCUserIds = ["alice", "bob"]
    req.RoomId = room_id
    return req


def build_and_sign(client, request):
    params = request._serialize()
    req = RequestInternal(client._get_endpoint(), "POST", client._requestPath, header={})
    client._build_req_inter(ACTION, params, req)
    return req


def check_signed_request_is_accepted(client):
    """What (a) times is a complete request: sent as is, the emulator answers success."""
    req = build_and_sign(client, make_request("py-check-" + uuid.uuid4().hex))
    resp = client.request.send_request(req)
    body = json.loads(resp.content)
    if resp.status_code != 200 or "Error" in body["Response"]:
        raise SystemExit(f"the signed request was refused: {resp.status_code} {body}")


def python_build_and_sign_us(client, ops):
    request = make_request("room-1")
    build_and_sign(client, request)
    started = time.perf_counter_ns()
    for _ in range(ops):
        build_and_sign(client, request)
    return (time.perf_counter_ns() - started) / ops / 1000.0


def python_calls_per_second(client, calls, run):
    for i in range(20):
        client.CreateTRTCSignaturesWithRoomId(make_request(f"py-{run}-warm-{i}"))
    started = time.perf_counter()
    for i in range(calls):
        resp = client.CreateTRTCSignaturesWithRoomId(make_request(f"py-{run}-{i}"))
        assert len(resp.TRTCParamList) == 2
    return calls / (time.perf_counter() - started)


def loopback_round_trip_us(exchanges):
    """Mean time of a 1-byte TCP ping-pong on loopback between this process and a child."""
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(1)
    listener.settimeout(30)
    pid = os.fork()
    if pid == 0:
        try:
            conn, _ = listener.accept()
            conn.settimeout(30)
            conn.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
            while data := conn.recv(16):
                conn.sendall(data)
        finally:
            os._exit(0)
    listener_addr = listener.getsockname()
    listener.close()

    def ping(conn):
        conn.sendall(b"x")
        if not conn.recv(16):
            raise SystemExit("the echo process closed the connection")

    try:
        with socket.create_connection(listener_addr, timeout=30) as conn:
            conn.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
            for _ in range(200):
                ping(conn)
            started = time.perf_counter_ns()
            for _ in range(exchanges):
                ping(conn)
            elapsed = time.perf_counter_ns() - started
    finally:
        # The child ends when the connection closes; killed if it never came.
        try:
            os.kill(pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        os.waitpid(pid, 0)
    return elapsed / exchanges / 1000.0


def emulator_handling_us(addr, calls, batches=1):
    """Mean time the emulator spent on each request (arrival to answer) of each of the last
    `batches` batches of `calls` requests, oldest batch first."""
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
    limit = calls * batches
    with opener.open(f"http://{addr}/__emulator/requests?limit={limit}", timeout=30) as resp:
        records = json.loads(resp.read())["requests"]
    records = [r for r in records if r["action"] == ACTION and r["processed"]]
    if len(records) != limit:
        raise SystemExit(f"expected {limit} processed records, found {len(records)}")
    return [
        statistics.fmean(r["elapsed_ms"] for r in records[b * calls : (b + 1) * calls]) * 1000.0
        for b in range(batches)
    ]


def ours(binary, addr, sign_ops, calls):
    env = dict(
        os.environ,
        BENCH_EMULATOR_URL=f"http://{addr}",
        BENCH_SECRET_ID=SECRET_ID,
        BENCH_SECRET_KEY=SECRET_KEY,
        BENCH_REPS="1",
        BENCH_SIGN_OPS=str(sign_ops),
        BENCH_CALLS=str(calls),
    )
    out = subprocess.run(
        [binary, "--bench"], env=env, capture_output=True, check=True, text=True
    ).stdout
    line = [l for l in out.splitlines() if l.startswith("{")][-1]
    result = json.loads(line)
    if result["emulator"] != "external":
        raise SystemExit("the Rust side did not use the emulator it was given")
    return (
        result["build_and_sign_ns"] / 1000.0,
        result["calls_per_second"],
        result["raw_calls_per_second"],
    )


def fmt(values, digits):
    return " ".join(f"{v:.{digits}f}" for v in values)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--emulator", required=True, help="the emulator binary")
    parser.add_argument("--ours", required=True, help="the calls_per_second bench binary")
    parser.add_argument("--rounds", type=int, default=7)
    parser.add_argument("--py-sign-ops", type=int, default=50_000)
    parser.add_argument("--rs-sign-ops", type=int, default=500_000)
    parser.add_argument("--py-calls", type=int, default=2_000)
    # The Rust side makes its calls twice (through the client, then on raw reqwest), and the
    # emulator keeps its last 10,000 requests, which must hold both.
    parser.add_argument("--rs-calls", type=int, default=4_000)
    parser.add_argument("--ping-pongs", type=int, default=20_000)
    args = parser.parse_args()
    if min(args.rounds, args.ping_pongs, args.py_calls, args.rs_calls) < 1:
        parser.error("--rounds, --ping-pongs, --py-calls and --rs-calls must be at least 1")
    if max(args.py_calls, 2 * args.rs_calls) > EMULATOR_RECORDS:
        parser.error(
            f"the emulator keeps {EMULATOR_RECORDS} requests: --py-calls and twice --rs-calls "
            "must fit"
        )

    proc, addr = start_emulator(args.emulator)
    try:
        client = make_client(addr)
        check_signed_request_is_accepted(client)
        py_sign, rs_sign, py_calls, rs_calls, raw_calls = [], [], [], [], []
        py_client_us, rs_client_us, py_handling_us, rs_handling_us, loopback_us = [], [], [], [], []
        raw_handling_us, raw_client_us = [], []
        for round_ in range(args.rounds):
            run = uuid.uuid4().hex[:12]
            py_sign.append(python_build_and_sign_us(client, args.py_sign_ops))
            py_calls.append(python_calls_per_second(client, args.py_calls, run))
            [py_emulator] = emulator_handling_us(addr, args.py_calls)
            sign, calls, raw = ours(args.ours, addr, args.rs_sign_ops, args.rs_calls)
            rs_sign.append(sign)
            rs_calls.append(calls)
            raw_calls.append(raw)
            # The Rust side's calls through the client, then the same on raw reqwest.
            rs_emulator, raw_emulator = emulator_handling_us(addr, args.rs_calls, batches=2)
            py_handling_us.append(py_emulator)
            rs_handling_us.append(rs_emulator)
            raw_handling_us.append(raw_emulator)
            loopback_us.append(loopback_round_trip_us(args.ping_pongs))
            py_client_us.append(1e6 / py_calls[-1] - py_emulator)
            rs_client_us.append(1e6 / rs_calls[-1] - rs_emulator)
            raw_client_us.append(1e6 / raw_calls[-1] - raw_emulator)
            print(
                f"round {round_ + 1}/{args.rounds}: build-and-sign {py_sign[-1]:.2f} us (Python) "
                f"{rs_sign[-1]:.3f} us (Rust); calls/s {py_calls[-1]:.0f} (Python) "
                f"{rs_calls[-1]:.0f} (Rust) {raw_calls[-1]:.0f} (raw reqwest); "
                f"loopback round trip {loopback_us[-1]:.1f} us",
                file=sys.stderr,
            )
    finally:
        proc.terminate()
        proc.wait(timeout=20)

    sign_ratios = [p / r for p, r in zip(py_sign, rs_sign)]
    client_ratios = [p / r for p, r in zip(py_client_us, rs_client_us)]
    call_ratios = [r / p for p, r in zip(py_calls, rs_calls)]
    med = statistics.median
    print(
        f"Python {platform.python_version()}, "
        f"tencentcloud-sdk-python-common {metadata.version('tencentcloud-sdk-python-common')}, "
        f"-iotexplorer {metadata.version('tencentcloud-sdk-python-iotexplorer')}; "
        f"{args.rounds} interleaved rounds; medians, then every round; "
        f"CPUs this run may use: {','.join(map(str, sorted(os.sched_getaffinity(0))))} "
        f"of {os.cpu_count()}"
    )
    print()
    print(
        "| measure | Python SDK | tencent-action | ratio (median of the rounds' ratios) "
        "| ratio per round | goal |"
    )
    print("|---|---:|---:|---:|---|---|")
    print(
        f"| build-and-sign, µs per request | {med(py_sign):.2f} ({fmt(py_sign, 2)}) | "
        f"{med(rs_sign):.3f} ({fmt(rs_sign, 3)}) | **{med(sign_ratios):.1f}× faster** | "
        f"{fmt(sign_ratios, 1)} | ≥ 15× |"
    )
    print(
        f"| sequential calls per second | {med(py_calls):.0f} ({fmt(py_calls, 0)}) | "
        f"{med(rs_calls):.0f} ({fmt(rs_calls, 0)}) | **{med(call_ratios):.1f}× the rate** | "
        f"{fmt(call_ratios, 1)} | ≥ 10× |"
    )
    print(
        f"| of which the emulator's handling, µs per call | "
        f"{med(py_handling_us):.1f} ({fmt(py_handling_us, 1)}) | "
        f"{med(rs_handling_us):.1f} ({fmt(rs_handling_us, 1)}) | | | |"
    )
    print(
        f"| per call outside the emulator's handler, µs (1/rate − handling) | "
        f"{med(py_client_us):.0f} ({fmt(py_client_us, 0)}) | "
        f"{med(rs_client_us):.1f} ({fmt(rs_client_us, 1)}) | "
        f"**{med(client_ratios):.1f}× less** | {fmt(client_ratios, 1)} | |"
    )
    print(
        f"| TCP round trip on loopback between two Python processes (1-byte ping-pong), µs: "
        f"a floor under the row above, the interpreter's time included | "
        f"{med(loopback_us):.1f} ({fmt(loopback_us, 1)}) | (same) | | | |"
    )
    # A client that cost nothing would still wait for the loopback round trip and the handler
    # (as it handled our calls: on one core, its time for Python's includes waiting for the
    # core while the Python client runs).
    ceilings = [1e6 / (l + e) for l, e in zip(loopback_us, rs_handling_us)]
    ceiling_ratios = [c / p for c, p in zip(ceilings, py_calls)]
    print(
        f"| calls per second of a client that cost nothing: 1 / (round trip + handling) | | "
        f"{med(ceilings):.0f} ({fmt(ceilings, 0)}) | {med(ceiling_ratios):.1f}× the rate | "
        f"{fmt(ceiling_ratios, 1)} | |"
    )
    ours_of_ceiling = [r / c for r, c in zip(rs_calls, ceilings)]
    print(
        f"| tencent-action's rate as a share of that ceiling | | "
        f"{100 * med(ours_of_ceiling):.0f} % ({fmt([100 * x for x in ours_of_ceiling], 0)}) "
        f"| | | ≥ 90 % |"
    )
    # The same calls without the client's call path: prepared by the client, sent and read on
    # plain reqwest. Besides the round trip and the handler, every client on this HTTP stack
    # pays for HTTP on both sides; this is the rate a client of no cost of its own reaches.
    raw_of_ceiling = [r / c for r, c in zip(raw_calls, ceilings)]
    ours_of_raw = [r / w for r, w in zip(rs_calls, raw_calls)]
    print(
        f"| sequential calls per second on raw reqwest (prepared by the client, body not "
        f"parsed) | | {med(raw_calls):.0f} ({fmt(raw_calls, 0)}) | "
        f"{100 * med(raw_of_ceiling):.0f} % of the ceiling "
        f"({fmt([100 * x for x in raw_of_ceiling], 0)}) | | |"
    )
    print(
        f"| … of which the emulator's handling, µs per call | | "
        f"{med(raw_handling_us):.1f} ({fmt(raw_handling_us, 1)}) | | | |"
    )
    print(
        f"| … per call outside the handler, µs | | "
        f"{med(raw_client_us):.1f} ({fmt(raw_client_us, 1)}) | | | |"
    )
    print(
        f"| tencent-action's rate as a share of raw reqwest's | | "
        f"{100 * med(ours_of_raw):.0f} % ({fmt([100 * x for x in ours_of_raw], 0)}) | | | |"
    )


if __name__ == "__main__":
    main()
