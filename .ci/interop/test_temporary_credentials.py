"""Temporary credentials with the official SDK: STS `AssumeRole` through the SDK's STS client,
`AssumeRoleWithWebIdentity` the way the SDK's OIDC provider calls it (unsigned), and the CVM
instance metadata the SDK's CVM role provider reads. Requests signed with them carry their
token; once they expire, the emulator answers `AuthFailure.TokenFailure`.
"""

import time
import uuid

import certifi

from tencentcloud.common import credential
from tencentcloud.common.exception.tencent_cloud_sdk_exception import TencentCloudSDKException
from tencentcloud.sts.v20180813 import models as sts_models
from tencentcloud.sts.v20180813 import sts_client

from conftest import CREDENTIAL_TTL_S
from emulator_process import SECRET_ID, SECRET_KEY
from sdk_helpers import (
    REGION,
    call,
    expect_error,
    expect_sdk_error,
    fresh_room,
    make_client,
    make_common_client,
    make_profile,
    make_request,
    users,
)

ROLE_ARN = "qcs::cam::uin/100000000001:roleName/interop"


def assume_role(emulator, duration=7200):
    client = sts_client.StsClient(
        credential.Credential(SECRET_ID, SECRET_KEY), REGION, make_profile(emulator)
    )
    req = sts_models.AssumeRoleRequest()
    req.RoleArn = ROLE_ARN
    req.RoleSessionName = "interop-" + uuid.uuid4().hex[:8]
    req.DurationSeconds = duration
    return client.AssumeRole(req)


def test_assume_role_credentials_work_until_they_expire(sts_emulator):
    issued_at = time.time()
    resp = assume_role(sts_emulator)
    creds = resp.Credentials
    assert creds.TmpSecretId.startswith("AKID"), creds.TmpSecretId
    assert creds.TmpSecretKey and creds.Token
    # The emulator's lifetime (--credential-ttl) wins over the 7200 s asked for.
    assert abs(resp.ExpiredTime - issued_at - CREDENTIAL_TTL_S) < 5, resp.ExpiredTime
    assert resp.Expiration.endswith("Z") and len(resp.Expiration) == 20, resp.Expiration

    temporary = credential.Credential(creds.TmpSecretId, creds.TmpSecretKey, creds.Token)
    client = make_client(sts_emulator, cred=temporary)
    call(client, make_request(users(1), fresh_room()))

    # Used until they expire; then requests are refused, unprocessed.
    deadline = resp.ExpiredTime + 5
    while True:
        assert time.time() < deadline, "the temporary credentials never expired"
        try:
            call(client, make_request(users(1), fresh_room()))
        except TencentCloudSDKException as err:
            assert err.get_code() == "AuthFailure.TokenFailure", err
            failure = err
            break
        time.sleep(0.25)
    assert time.time() >= resp.ExpiredTime - 1
    assert creds.Token not in failure.get_message()
    assert failure.get_request_id()
    record = next(
        r for r in sts_emulator.requests() if r["request_id"] == failure.get_request_id()
    )
    assert record["verdict"] == "AuthFailure.TokenFailure"
    assert record["secret_id"] == creds.TmpSecretId
    assert record["processed"] is False
    expect_error(client, make_request(users(1), fresh_room()), "AuthFailure.TokenFailure")


def test_a_foreign_or_missing_token_is_a_token_failure(sts_emulator):
    creds = assume_role(sts_emulator).Credentials
    for token in ["not-the-token", None]:
        client = make_client(
            sts_emulator,
            cred=credential.Credential(creds.TmpSecretId, creds.TmpSecretKey, token),
        )
        expect_error(client, make_request(users(1), fresh_room()), "AuthFailure.TokenFailure")


def test_assume_role_needs_a_known_signature(sts_emulator):
    client = sts_client.StsClient(
        credential.Credential("AKIDunknownInteropSecretId0000000000", "k"),
        REGION,
        make_profile(sts_emulator),
    )
    req = sts_models.AssumeRoleRequest()
    req.RoleArn = ROLE_ARN
    req.RoleSessionName = "interop"
    expect_sdk_error("AuthFailure.SecretIdNotFound", client.AssumeRole, req)


def test_assume_role_with_web_identity_unsigned_as_the_sdk_sends_it(sts_emulator):
    # As OIDCRoleArnCredential.refresh does: no credential, `SkipSign` (Authorization: SKIP).
    client = make_common_client(sts_emulator, "sts", "2018-08-13", cred=None)
    params = {
        "ProviderId": "OIDC",
        "WebIdentityToken": "eyJhbGciOiJSUzI1NiJ9.e30.c2ln",
        "RoleArn": ROLE_ARN,
        "RoleSessionName": "interop-web",
        "DurationSeconds": 7200,
    }
    rsp = client.call_json("AssumeRoleWithWebIdentity", params, options={"SkipSign": True})
    creds = rsp["Response"]["Credentials"]
    assert set(creds) == {"Token", "TmpSecretId", "TmpSecretKey"}
    assert isinstance(rsp["Response"]["ExpiredTime"], int)
    temporary = credential.Credential(creds["TmpSecretId"], creds["TmpSecretKey"], creds["Token"])
    call(make_client(sts_emulator, cred=temporary), make_request(users(1), fresh_room()))


def test_sdk_providers_refresh_from_sts_and_metadata(tls_emulator, emulator, monkeypatch):
    # The SDK's STS and OIDC providers speak HTTPS only, and verify with certifi's bundle:
    # point that at the emulator's authority.
    monkeypatch.setattr(certifi, "where", lambda: str(tls_emulator.cert))
    sts = credential.STSAssumeRoleCredential(
        SECRET_ID, SECRET_KEY, ROLE_ARN, "interop-provider", endpoint=tls_emulator.addr
    )
    call(make_client(tls_emulator, cred=sts), make_request(users(1), fresh_room()))
    oidc = credential.OIDCRoleArnCredential(
        REGION, "OIDC", "eyJhbGciOiJSUzI1NiJ9.e30.c2ln", ROLE_ARN, "interop-oidc",
        endpoint=tls_emulator.addr,
    )
    call(make_client(tls_emulator, cred=oidc), make_request(users(1), fresh_room()))
    actions = [r["action"] for r in tls_emulator.requests() if r["verdict"] == "OK"]
    assert "AssumeRole" in actions and "AssumeRoleWithWebIdentity" in actions, actions

    # The CVM role provider reads the instance metadata service (plain HTTP).
    cvm = credential.CVMRoleCredential()
    cvm._role_endpoint = emulator.base_url + "/latest/meta-data/cam/security-credentials/"
    assert cvm.get_role_name() == "emulator-role"
    call(make_client(emulator, cred=cvm), make_request(users(1), fresh_room()))
    fetched = [r for r in emulator.requests() if r["path"].startswith("/latest/meta-data/")]
    assert fetched and all(r["verdict"] == "OK" for r in fetched), fetched
    assert any(r["processed"] for r in fetched), "no credentials were issued"
