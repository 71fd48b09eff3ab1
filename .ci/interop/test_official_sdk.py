"""Interoperability: the official Tencent Cloud Python SDK against tencent-action-emulator.

The emulator binary is started once per session on 127.0.0.1 port 0 with known
credentials; every test talks to it through the unmodified official SDK
(`tencentcloud-sdk-python-common` + `tencentcloud-sdk-python-iotexplorer`), so the
signatures verified by the emulator are the ones the SDK computes, and the
responses and errors the tests read are the ones the SDK parses.

Environment:
    EMULATOR_BIN  path of the emulator binary
                  (default: target/debug/tencent-action-emulator under the repository root)
"""

import base64
import json
import os
import re
import selectors
import signal
import struct
import subprocess
import threading
import time
import urllib.request
import uuid
import warnings
import zlib
from pathlib import Path

import pytest

from tencentcloud.common import credential
from tencentcloud.common.exception.tencent_cloud_sdk_exception import TencentCloudSDKException
from tencentcloud.common.profile.client_profile import ClientProfile
from tencentcloud.common.profile.http_profile import HttpProfile
from tencentcloud.iotexplorer.v20190423 import iotexplorer_client, models

try:  # the reference implementation of TLS-Sig-API v2, when installed
    import TLSSigAPIv2
except ImportError:  # pragma: no cover - depends on the environment
    TLSSigAPIv2 = None

REPO_ROOT = Path(__file__).resolve().parents[2]
SECRET_ID = "AKIDinteropEmulatorTestSecretId0001"
SECRET_KEY = "interopEmulatorTestSecretKey0000001"
REGION = "ap-guangzhou"
# The TRTC application the emulator signs UserSigs and PrivateKeys for, when its command line
# lets the tests choose it (`--sdk-app-id`, `--sdk-secret-key`).
TRTC_SDK_APP_ID = 1400123456
TRTC_SECRET_KEY = "0f3c2ab1d4e5968778695a4b3c2d1e0f0f3c2ab1d4e5968778695a4b3c2d1e0f"
SUPPORTED_REGIONS = [
    "ap-bangkok",
    "ap-guangzhou",
    "ap-shanghai",
    "ap-shanghai-fsi",
    "eu-frankfurt",
    "na-ashburn",
]
STARTUP_TIMEOUT_S = 60
SHUTDOWN_TIMEOUT_S = 20
REQUEST_TIMEOUT_S = 15

# Loopback traffic must never be sent through a proxy configured in the environment:
# the SDK and `requests` both honour NO_PROXY.
for _var in ("NO_PROXY", "no_proxy"):
    _current = os.environ.get(_var, "")
    os.environ[_var] = ",".join(p for p in (_current, "127.0.0.1", "localhost") if p)


# --------------------------------------------------------------------------- emulator


class Emulator:
    def __init__(self, proc, addr, stdout_lines, stderr_path, trtc_app=None):
        self.proc = proc
        self.trtc_app = trtc_app  # (SdkAppId, secret key) when the tests chose them
        self.addr = addr  # "127.0.0.1:PORT"
        self.stdout_lines = stdout_lines
        self.stderr_path = stderr_path

    @property
    def base_url(self):
        return "http://" + self.addr

    def stderr_tail(self, limit=4000):
        try:
            return self.stderr_path.read_text(errors="replace")[-limit:]
        except OSError:
            return ""

    def stats(self):
        opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
        with opener.open(self.base_url + "/__emulator/stats", timeout=REQUEST_TIMEOUT_S) as resp:
            assert resp.status == 200
            return json.loads(resp.read().decode("utf-8"))


def _emulator_binary():
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


def _supports_option(binary, option):
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


@pytest.fixture(scope="session")
def emulator(tmp_path_factory):
    binary = _emulator_binary()
    if not binary.is_file():
        pytest.fail(
            f"emulator binary not found at {binary}; build it with "
            "`cargo build -p tencent-action-emulator` or set EMULATOR_BIN",
            pytrace=False,
        )
    extra_args, trtc_app = [], None
    if _supports_option(binary, "--sdk-secret-key") and _supports_option(binary, "--sdk-app-id"):
        extra_args = [
            "--sdk-app-id",
            str(TRTC_SDK_APP_ID),
            "--sdk-secret-key",
            TRTC_SECRET_KEY,
        ]
        trtc_app = (TRTC_SDK_APP_ID, TRTC_SECRET_KEY)
    stderr_path = tmp_path_factory.mktemp("emulator") / "stderr.log"
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
                *extra_args,
            ],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=stderr_file,
            cwd=REPO_ROOT,
            preexec_fn=_die_with_parent,
        )
    try:
        first = _read_line(proc.stdout, time.monotonic() + STARTUP_TIMEOUT_S)
        match = re.fullmatch(r"listening on http://(127\.0\.0\.1:(\d+))\r?\n", first or "")
        if match is None or int(match.group(2)) == 0:
            proc.kill()
            proc.wait()
            stderr = stderr_path.read_text(errors="replace")[-4000:]
            pytest.fail(
                f"emulator did not announce `listening on http://127.0.0.1:PORT` "
                f"(first stdout line: {first!r}, exit status: {proc.returncode}); stderr:\n{stderr}",
                pytrace=False,
            )
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

    emu = Emulator(proc, match.group(1), stdout_lines, stderr_path, trtc_app)
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


# --------------------------------------------------------------------------- SDK helpers


def make_client(
    emulator,
    *,
    secret_id=SECRET_ID,
    secret_key=SECRET_KEY,
    token=None,
    region=REGION,
    method="POST",
    sign_method=None,
    unsigned_payload=False,
):
    cred = credential.Credential(secret_id, secret_key, token)
    # The SDK signs `host:<endpoint>` and sends `Host: <endpoint>`, and builds the URL as
    # `<protocol>://<endpoint>`, so host:port as the endpoint keeps both in agreement.
    http_profile = HttpProfile(
        protocol="http",
        endpoint=emulator.addr,
        reqMethod=method,
        reqTimeout=REQUEST_TIMEOUT_S,
    )
    if sign_method is None:
        profile = ClientProfile(httpProfile=http_profile)
    else:
        profile = ClientProfile(signMethod=sign_method, httpProfile=http_profile)
    if unsigned_payload:
        profile.unsignedPayload = True
    return iotexplorer_client.IotexplorerClient(cred, region, profile)


def fresh_room():
    return "interop-" + uuid.uuid4().hex[:16]


def users(n, tag=None):
    tag = tag or uuid.uuid4().hex[:6]
    return [f"user{i}-{tag}" for i in range(n)]


def make_request(user_ids, room_id):
    req = models.CreateTRTCSignaturesWithRoomIdRequest()
    req.TRTCUserIds = list(user_ids)
    req.RoomId = room_id
    return req


def call(client, req):
    """Calls the action and fails on any warning the SDK emits while parsing the answer
    (it warns about response fields that the official model does not know)."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        resp = client.CreateTRTCSignaturesWithRoomId(req)
    sdk_warnings = [str(w.message) for w in caught if "useless" in str(w.message)]
    assert not sdk_warnings, f"the SDK reported fields it does not know: {sdk_warnings}"
    return resp


def expect_error(client, req, code):
    """Calls the action and returns the SDK exception, which must carry `code` and a RequestId."""
    try:
        resp = client.CreateTRTCSignaturesWithRoomId(req)
    except TencentCloudSDKException as err:
        assert err.get_code() == code, (
            f"expected error code {code}, got {err.get_code()}: {err.get_message()} "
            f"(RequestId {err.get_request_id()})"
        )
        assert isinstance(err.get_message(), str) and err.get_message(), "empty error message"
        assert isinstance(err.get_request_id(), str) and err.get_request_id(), (
            f"error {code} carries no RequestId"
        )
        return err
    # The SDK raises only for a response whose Content-Type is exactly `application/json`
    # (or `text/plain`); an error envelope under any other content type parses as a success.
    pytest.fail(
        f"expected {code}, but the SDK returned a response: {resp.to_json_string()} "
        "(the SDK raises only when the response's Content-Type is exactly application/json)",
        pytrace=False,
    )


def decode_usersig(sig):
    """TLS-Sig-API v2: url-safe base64 variant (`*`→`+`, `-`→`/`, `_`→`=`) of zlib(JSON)."""
    raw = TLSSigAPIv2.base64_decode_url(sig.encode("ascii"))
    return json.loads(zlib.decompress(raw).decode("utf-8"))


def decode_room_permit(userbuf):
    """The PrivateMapKey user buffer for a string room id: version byte (1), user id
    (u16 length + bytes), SDKAppID, numeric room id (0), expiry (Unix seconds), privilege
    bits, account type (u32 big-endian each), string room id (u16 length + bytes)."""
    raw = base64.b64decode(userbuf)
    assert raw[0] == 1, f"PrivateKey user buffer version {raw[0]}, expected 1 (string room id)"
    (user_len,) = struct.unpack_from(">H", raw, 1)
    pos = 3 + user_len
    user = raw[3:pos].decode("utf-8")
    sdk_app_id, room_num, expire_at, privileges, account_type = struct.unpack_from(">5I", raw, pos)
    pos += 20
    (room_len,) = struct.unpack_from(">H", raw, pos)
    room = raw[pos + 2 : pos + 2 + room_len].decode("utf-8")
    assert pos + 2 + room_len == len(raw), "trailing bytes after the room id"
    return {
        "user": user,
        "sdk_app_id": sdk_app_id,
        "room_num": room_num,
        "expire_at": expire_at,
        "privileges": privileges,
        "account_type": account_type,
        "room": room,
    }


def assert_sig_verifies(doc, trtc_app):
    """Recomputes TLS.sig with the reference implementation and the application's key."""
    sdk_app_id, key = trtc_app
    api = TLSSigAPIv2.TLSSigAPIv2(sdk_app_id, key)
    expected = api._TLSSigAPIv2__hmacsha256(
        doc["TLS.identifier"], doc["TLS.time"], doc["TLS.expire"], doc.get("TLS.userbuf")
    ).decode("ascii")
    assert doc["TLS.sig"] == expected, f"TLS.sig does not verify under the application key: {doc}"


def assert_tls_sig(doc, user, sdk_app_id):
    assert doc.get("TLS.ver") == "2.0", doc
    assert doc.get("TLS.identifier") == user, doc
    assert doc.get("TLS.sdkappid") == sdk_app_id, doc
    assert isinstance(doc.get("TLS.expire"), int) and doc["TLS.expire"] > 0, doc
    assert isinstance(doc.get("TLS.time"), int) and doc["TLS.time"] > 0, doc
    assert isinstance(doc.get("TLS.sig"), str), doc
    assert len(base64.b64decode(doc["TLS.sig"])) == 32, f"TLS.sig is not an HMAC-SHA256: {doc}"


def assert_params(resp, user_ids, room_id, trtc_app=None):
    assert isinstance(resp.RequestId, str) and resp.RequestId, "response carries no RequestId"
    params = resp.TRTCParamList
    assert params is not None, f"no TRTCParamList in {resp.to_json_string()}"
    assert len(params) == len(user_ids), resp.to_json_string()
    assert sorted(p.UserId for p in params) == sorted(user_ids)
    by_user = {p.UserId: p for p in params}
    for user in user_ids:
        p = by_user[user]
        assert p.StrRoomId == room_id, f"StrRoomId {p.StrRoomId!r} != RoomId {room_id!r}"
        assert isinstance(p.SdkAppId, int) and not isinstance(p.SdkAppId, bool), (
            f"SdkAppId must be an integer, got {p.SdkAppId!r}"
        )
        assert p.SdkAppId > 0
        assert isinstance(p.UserSig, str) and p.UserSig, f"empty UserSig for {user}"
        assert isinstance(p.PrivateKey, str) and p.PrivateKey, f"empty PrivateKey for {user}"
        if trtc_app is not None:
            assert p.SdkAppId == trtc_app[0], f"SdkAppId {p.SdkAppId}, expected {trtc_app[0]}"
        if TLSSigAPIv2 is not None:
            sig = decode_usersig(p.UserSig)
            assert_tls_sig(sig, user, p.SdkAppId)
            assert "TLS.userbuf" not in sig, f"a UserSig carries no user buffer: {sig}"
            # PrivateKey (PrivateMapKey): the same format, with the room permit as user buffer.
            key = decode_usersig(p.PrivateKey)
            assert_tls_sig(key, user, p.SdkAppId)
            assert isinstance(key.get("TLS.userbuf"), str), f"PrivateKey has no room permit: {key}"
            permit = decode_room_permit(key["TLS.userbuf"])
            assert permit["user"] == user, permit
            assert permit["sdk_app_id"] == p.SdkAppId, permit
            assert permit["room_num"] == 0, permit
            assert permit["room"] == room_id, permit
            assert permit["privileges"] != 0, permit
            assert permit["expire_at"] > key["TLS.time"], permit
            if trtc_app is not None:
                assert_sig_verifies(sig, trtc_app)
                assert_sig_verifies(key, trtc_app)
    if len(user_ids) > 1:
        assert len({p.UserSig for p in params}) == len(params), "UserSig repeated across users"
        assert len({p.PrivateKey for p in params}) == len(params), "PrivateKey repeated across users"
        assert len({p.SdkAppId for p in params}) == 1, "SdkAppId differs within one room"


# --------------------------------------------------------------------------- tests


def test_valid_call_returns_params_for_each_user(emulator):
    room, ids = fresh_room(), users(2)
    resp = call(make_client(emulator), make_request(ids, room))
    assert_params(resp, ids, room, emulator.trtc_app)


def test_wrong_secret_key_is_signature_failure(emulator):
    client = make_client(emulator, secret_key=SECRET_KEY + "-wrong")
    expect_error(client, make_request(users(2), fresh_room()), "AuthFailure.SignatureFailure")


def test_eleven_users_is_user_id_over_limit(emulator):
    client = make_client(emulator)
    expect_error(client, make_request(users(11), fresh_room()), "InvalidParameter.UserIdOverLimit")


def test_ten_users_is_the_limit(emulator):
    room, ids = fresh_room(), users(10)
    resp = call(make_client(emulator), make_request(ids, room))
    assert_params(resp, ids, room, emulator.trtc_app)


def test_same_room_twice_is_room_id_exist(emulator):
    client = make_client(emulator)
    room = fresh_room()
    first_users = users(1)
    resp = call(client, make_request(first_users, room))
    assert_params(resp, first_users, room, emulator.trtc_app)
    expect_error(client, make_request(users(1), room), "InvalidParameter.RoomIdExist")


def test_unknown_secret_id_is_secret_id_not_found(emulator):
    client = make_client(emulator, secret_id="AKIDunknownInteropSecretId0000000000")
    expect_error(client, make_request(users(2), fresh_room()), "AuthFailure.SecretIdNotFound")


def test_unsupported_region(emulator):
    client = make_client(emulator, region="ap-beijing")
    expect_error(client, make_request(users(2), fresh_room()), "UnsupportedRegion")


@pytest.mark.parametrize("region", SUPPORTED_REGIONS)
def test_every_documented_region_is_served(emulator, region):
    room, ids = fresh_room(), users(1)
    resp = call(make_client(emulator, region=region), make_request(ids, room))
    assert_params(resp, ids, room, emulator.trtc_app)


def test_get_with_flattened_query(emulator):
    room, ids = fresh_room(), users(3)
    resp = call(make_client(emulator, method="GET"), make_request(ids, room))
    assert_params(resp, ids, room, emulator.trtc_app)


def test_get_with_wrong_secret_key_is_signature_failure(emulator):
    client = make_client(emulator, method="GET", secret_key=SECRET_KEY + "-wrong")
    expect_error(client, make_request(users(2), fresh_room()), "AuthFailure.SignatureFailure")


def test_explicit_tc3_sign_method(emulator):
    room, ids = fresh_room(), users(2)
    client = make_client(emulator, sign_method="TC3-HMAC-SHA256")
    resp = call(client, make_request(ids, room))
    assert_params(resp, ids, room, emulator.trtc_app)


@pytest.mark.parametrize("method", ["POST", "GET"])
def test_unsigned_payload(emulator, method):
    if not hasattr(ClientProfile(), "unsignedPayload"):
        pytest.skip("the installed SDK has no unsigned-payload option")
    room, ids = fresh_room(), users(2)
    client = make_client(
        emulator, method=method, sign_method="TC3-HMAC-SHA256", unsigned_payload=True
    )
    resp = call(client, make_request(ids, room))
    assert_params(resp, ids, room, emulator.trtc_app)


def test_session_token(emulator):
    # The SDK sends a temporary credential's token as X-TC-Token (not signed). The emulator
    # does not model temporary credentials: a request signed with a known key is served
    # whatever token it carries.
    room, ids = fresh_room(), users(2)
    client = make_client(emulator, token="interop-session-token-" + uuid.uuid4().hex)
    resp = call(client, make_request(ids, room))
    assert_params(resp, ids, room, emulator.trtc_app)


def test_request_ids_are_unique(emulator):
    client = make_client(emulator)
    first = call(client, make_request(users(1), fresh_room()))
    second = call(client, make_request(users(1), fresh_room()))
    assert first.RequestId != second.RequestId


def test_stats_count_sdk_requests(emulator):
    before = emulator.stats()["requests_seen"]
    call(make_client(emulator), make_request(users(1), fresh_room()))
    after = emulator.stats()["requests_seen"]
    assert isinstance(before, int) and isinstance(after, int)
    # One API call is one request seen; reading the counter is not counted.
    assert after == before + 1, f"requests_seen went from {before} to {after} across one SDK call"
