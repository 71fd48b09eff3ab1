"""The official SDK pointed at an emulator, and what the tests expect of its answers."""

import uuid
import warnings

import pytest

from tencentcloud.common import credential
from tencentcloud.common.common_client import CommonClient
from tencentcloud.common.exception.tencent_cloud_sdk_exception import TencentCloudSDKException
from tencentcloud.common.profile.client_profile import ClientProfile
from tencentcloud.common.profile.http_profile import HttpProfile
from tencentcloud.iotexplorer.v20190423 import iotexplorer_client, models

from emulator_process import REQUEST_TIMEOUT_S, SECRET_ID, SECRET_KEY

REGION = "ap-guangzhou"
ACTION = "CreateTRTCSignaturesWithRoomId"


def make_profile(emulator, *, method="POST", sign_method=None, unsigned_payload=False):
    # The SDK signs `host:<endpoint>` and sends `Host: <endpoint>`, and builds the URL as
    # `<protocol>://<endpoint>`, so host:port as the endpoint keeps both in agreement.
    http_profile = HttpProfile(
        protocol=emulator.scheme,
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
    return profile


def make_client(
    emulator,
    *,
    secret_id=SECRET_ID,
    secret_key=SECRET_KEY,
    token=None,
    cred=None,
    region=REGION,
    method="POST",
    sign_method=None,
    unsigned_payload=False,
):
    if cred is None:
        cred = credential.Credential(secret_id, secret_key, token)
    profile = make_profile(
        emulator, method=method, sign_method=sign_method, unsigned_payload=unsigned_payload
    )
    return iotexplorer_client.IotexplorerClient(cred, region, profile)


def make_common_client(emulator, service, version, *, cred=None, region=REGION):
    """The SDK's client for any service and version, signed with the known key by default."""
    if cred is None:
        cred = credential.Credential(SECRET_ID, SECRET_KEY)
    return CommonClient(service, version, cred, region, make_profile(emulator))


def fresh_room():
    return "interop-" + uuid.uuid4().hex[:16]


def users(n, tag=None):
    tag = tag or uuid.uuid4().hex[:6]
    return [f"user{i}-{tag}" for i in range(n)]


def make_request(user_ids, room_id):
    req = models.CreateTRTCSignaturesWithRoomIdRequest()
    req.TRTCUserIds = list(user_ids) if user_ids is not None else None
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


def expect_sdk_error(code, fn, *args, **kwargs):
    """Runs an SDK call that must fail with `code`; returns the SDK exception, which must carry
    a message and a RequestId."""
    try:
        resp = fn(*args, **kwargs)
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
    shown = resp.to_json_string() if hasattr(resp, "to_json_string") else resp
    # The SDK raises only for a response whose Content-Type is exactly `application/json`
    # (or `text/plain`); an error envelope under any other content type parses as a success.
    pytest.fail(
        f"expected {code}, but the SDK returned a response: {shown} "
        "(the SDK raises only when the response's Content-Type is exactly application/json)",
        pytrace=False,
    )


def expect_error(client, req, code):
    """Calls the action and returns the SDK exception, which must carry `code` and a RequestId."""
    return expect_sdk_error(code, client.CreateTRTCSignaturesWithRoomId, req)
