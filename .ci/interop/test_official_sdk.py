"""Interoperability: the official Tencent Cloud Python SDK against tencent-action-emulator.

The emulator binary is started once per session on 127.0.0.1 port 0 with known
credentials (see conftest.py); every test talks to it through the unmodified official SDK
(`tencentcloud-sdk-python-common` + `tencentcloud-sdk-python-iotexplorer`), so the
signatures verified by the emulator are the ones the SDK computes, and the
responses and errors the tests read are the ones the SDK parses.
"""

import base64
import json
import struct
import uuid
import zlib

import pytest

from tencentcloud.common.profile.client_profile import ClientProfile

from emulator_process import SECRET_KEY
from sdk_helpers import (
    call,
    expect_error,
    fresh_room,
    make_client,
    make_request,
    users,
)

try:  # the reference implementation of TLS-Sig-API v2, when installed
    import TLSSigAPIv2
except ImportError:  # pragma: no cover - depends on the environment
    TLSSigAPIv2 = None

SUPPORTED_REGIONS = [
    "ap-bangkok",
    "ap-guangzhou",
    "ap-shanghai",
    "ap-shanghai-fsi",
    "eu-frankfurt",
    "na-ashburn",
]


# --------------------------------------------------------------------------- TRTC checks


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
    # The SDK sends a temporary credential's token as X-TC-Token (not signed). A request signed
    # with a long-term key is served whatever token it carries; temporary credentials are
    # checked in test_temporary_credentials.py.
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
