"""Every documented error path, driven by the official Python SDK: the SDK raises
`TencentCloudSDKException` with the official code, a message and a RequestId, and the
emulator's request log shows the same verdict and that nothing was processed.

Token failures (expired or foreign temporary credentials) are in
test_temporary_credentials.py.
"""

import time

from conftest import CLOCK_OFFSET_S, RATE_LIMIT
from emulator_process import SECRET_ID, SECRET_KEY
from sdk_helpers import (
    ACTION,
    call,
    expect_error,
    expect_sdk_error,
    fresh_room,
    make_client,
    make_common_client,
    make_request,
    users,
)


def record_of(emulator, request_id):
    """The emulator's record of the request that got `request_id`."""
    matching = [r for r in emulator.requests() if r["request_id"] == request_id]
    assert len(matching) == 1, f"no single record of {request_id}: {emulator.requests()}"
    return matching[0]


def assert_refused(emulator, err, code):
    record = record_of(emulator, err.get_request_id())
    assert record["verdict"] == code, record
    assert record["processed"] is False, record
    assert record["fault"] is None, record
    return record


def params(room=None, user_ids=None):
    return {"TRTCUserIds": user_ids or users(1), "RoomId": room or fresh_room()}


def test_signature_failure(emulator):
    client = make_client(emulator, secret_key=SECRET_KEY + "-wrong")
    err = expect_error(client, make_request(users(1), fresh_room()), "AuthFailure.SignatureFailure")
    # The message shows the canonical request computed by the emulator, never a key.
    assert "The canonical request here was:\nPOST\n/\n\ncontent-type:application/json\n" in (
        err.get_message()
    )
    assert SECRET_KEY not in err.get_message()
    record = assert_refused(emulator, err, "AuthFailure.SignatureFailure")
    assert record["secret_id"] == SECRET_ID
    assert record["signed_headers"] == ["content-type", "host"]


def test_signature_expire_states_the_server_time(skewed_emulator):
    client = make_client(skewed_emulator)
    err = expect_error(client, make_request(users(1), fresh_room()), "AuthFailure.SignatureExpire")
    message = err.get_message()
    server_time = int(message.split("the server time ")[1].split(" ")[0])
    assert abs(server_time - (time.time() + CLOCK_OFFSET_S)) < 60, message
    assert_refused(skewed_emulator, err, "AuthFailure.SignatureExpire")


def test_secret_id_not_found(emulator):
    client = make_client(emulator, secret_id="AKIDunknownInteropSecretId0000000000")
    err = expect_error(client, make_request(users(1), fresh_room()), "AuthFailure.SecretIdNotFound")
    assert_refused(emulator, err, "AuthFailure.SecretIdNotFound")


def test_invalid_authorization(emulator):
    # The SDK's unsigned mode sends `Authorization: SKIP`, which a signed action refuses.
    client = make_client(emulator)
    err = expect_sdk_error(
        "AuthFailure.InvalidAuthorization",
        client.call_json,
        ACTION,
        params(),
        options={"SkipSign": True},
    )
    assert_refused(emulator, err, "AuthFailure.InvalidAuthorization")


def test_missing_parameter(emulator):
    client = make_client(emulator)
    err = expect_error(client, make_request(users(1), None), "MissingParameter")
    assert "RoomId" in err.get_message()
    assert_refused(emulator, err, "MissingParameter")


def test_invalid_parameter(emulator):
    client = make_client(emulator)
    err = expect_sdk_error(
        "InvalidParameter", client.call_json, ACTION, {"TRTCUserIds": "alice", "RoomId": "r"}
    )
    assert "TRTCUserIds" in err.get_message()
    assert_refused(emulator, err, "InvalidParameter")


def test_invalid_parameter_value(emulator):
    client = make_client(emulator)
    err = expect_error(client, make_request(users(1), ""), "InvalidParameterValue")
    assert "RoomId" in err.get_message()
    assert_refused(emulator, err, "InvalidParameterValue")


def test_unknown_parameter(emulator):
    client = make_client(emulator)
    err = expect_sdk_error(
        "UnknownParameter", client.call_json, ACTION, {**params(), "RoomName": "x"}
    )
    assert "RoomName" in err.get_message()
    assert_refused(emulator, err, "UnknownParameter")


def test_invalid_action(emulator):
    client = make_client(emulator)
    err = expect_sdk_error("InvalidAction", client.call_json, "CreateTRTCSignatures", params())
    assert_refused(emulator, err, "InvalidAction")


def test_no_such_version(emulator):
    client = make_common_client(emulator, "iotexplorer", "2018-01-01")
    err = expect_sdk_error("NoSuchVersion", client.call_json, ACTION, params())
    assert_refused(emulator, err, "NoSuchVersion")


def test_unsupported_region(emulator):
    client = make_client(emulator, region="ap-beijing")
    err = expect_error(client, make_request(users(1), fresh_room()), "UnsupportedRegion")
    assert "ap-beijing" in err.get_message()
    record = assert_refused(emulator, err, "UnsupportedRegion")
    assert record["region"] == "ap-beijing"


def test_user_id_over_limit(emulator):
    client = make_client(emulator)
    err = expect_error(
        client, make_request(users(11), fresh_room()), "InvalidParameter.UserIdOverLimit"
    )
    assert_refused(emulator, err, "InvalidParameter.UserIdOverLimit")


def test_room_id_exist_after_processing_once(emulator):
    client = make_client(emulator)
    room = fresh_room()
    first = call(client, make_request(users(1), room))
    err = expect_error(client, make_request(users(1), room), "InvalidParameter.RoomIdExist")
    assert record_of(emulator, first.RequestId)["processed"] is True
    # The action ran and refused: processed, with the action's own code.
    record = record_of(emulator, err.get_request_id())
    assert record["verdict"] == "InvalidParameter.RoomIdExist"
    assert record["processed"] is True


def test_request_limit_exceeded_is_not_processed(throttled_emulator):
    client = make_client(throttled_emulator)
    accepted = [call(client, make_request(users(1), fresh_room())) for _ in range(RATE_LIMIT)]
    err = expect_error(client, make_request(users(1), fresh_room()), "RequestLimitExceeded")
    assert f"limit of {RATE_LIMIT}" in err.get_message()
    assert_refused(throttled_emulator, err, "RequestLimitExceeded")
    for resp in accepted:
        assert record_of(throttled_emulator, resp.RequestId)["processed"] is True
