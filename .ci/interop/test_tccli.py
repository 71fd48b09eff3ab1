"""The official CLI, `tccli`, against the emulator over HTTPS.

`tccli` takes its credentials and region from `TENCENTCLOUD_SECRET_ID`,
`TENCENTCLOUD_SECRET_KEY` and `TENCENTCLOUD_REGION` (it writes a default configuration under
`~/.tccli` on first use, here in a temporary HOME), and the endpoint from `--endpoint`. It
verifies TLS with certifi's bundle, which `tccli_ca/sitecustomize.py` points at
`REQUESTS_CA_BUNDLE`: the emulator's authority.

Environment:
    TCCLI_BIN  path of the `tccli` executable (installed by .ci/run at the version in
               spec/TCCLI_VERSION, with tccli-requirements.txt, in a virtualenv of its own,
               since it brings the whole SDK; default:
               target/interop/tccli/bin/tccli under the repository root)
"""

import json
import os
import subprocess
from pathlib import Path

import pytest

from emulator_process import REPO_ROOT, SECRET_ID, SECRET_KEY

TIMEOUT_S = 120


def tccli_binary():
    configured = os.environ.get("TCCLI_BIN")
    path = Path(configured) if configured else Path("target/interop/tccli/bin/tccli")
    if not path.is_absolute():
        path = REPO_ROOT / path
    if not path.is_file():
        if configured:
            pytest.fail(f"TCCLI_BIN={configured} does not exist", pytrace=False)
        pytest.skip(f"tccli is not installed at {path} (see .ci/run)")
    return path


def run_tccli(emulator, home, *args, secret_key=SECRET_KEY):
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("TENCENTCLOUD_", "TCCLI_"))
    }
    env.update(
        HOME=str(home),
        TENCENTCLOUD_SECRET_ID=SECRET_ID,
        TENCENTCLOUD_SECRET_KEY=secret_key,
        TENCENTCLOUD_REGION="ap-guangzhou",
        REQUESTS_CA_BUNDLE=str(emulator.cert),
        PYTHONPATH=str(Path(__file__).resolve().parent / "tccli_ca"),
    )
    return subprocess.run(
        [str(tccli_binary()), *args, "--endpoint", emulator.addr],
        env=env,
        stdin=subprocess.DEVNULL,
        capture_output=True,
        timeout=TIMEOUT_S,
        check=False,
    )


def test_tccli_creates_trtc_signatures_over_tls(tls_emulator, tmp_path):
    room = "tccli-room"
    out = run_tccli(
        tls_emulator,
        tmp_path,
        "iotexplorer",
        "CreateTRTCSignaturesWithRoomId",
        "--TRTCUserIds",
        '["a"]',
        "--RoomId",
        room,
    )
    stdout = out.stdout.decode("utf-8", errors="replace")
    stderr = out.stderr.decode("utf-8", errors="replace")
    assert out.returncode == 0, f"tccli failed ({out.returncode}):\n{stdout}\n{stderr}"
    answer = json.loads(stdout)
    params = answer["TRTCParamList"]
    assert [p["UserId"] for p in params] == ["a"], answer
    assert params[0]["StrRoomId"] == room
    assert params[0]["UserSig"].startswith("eJ"), params[0]
    assert answer["RequestId"]
    record = next(
        r for r in tls_emulator.requests() if r["request_id"] == answer["RequestId"]
    )
    assert record["verdict"] == "OK" and record["processed"] is True, record
    assert record["secret_id"] == SECRET_ID


def test_tccli_reports_the_api_error(tls_emulator, tmp_path):
    out = run_tccli(
        tls_emulator,
        tmp_path,
        "iotexplorer",
        "CreateTRTCSignaturesWithRoomId",
        "--TRTCUserIds",
        '["a"]',
        "--RoomId",
        "tccli-wrong-key",
        secret_key=SECRET_KEY + "-wrong",
    )
    assert out.returncode != 0
    shown = (out.stdout + out.stderr).decode("utf-8", errors="replace")
    assert "AuthFailure.SignatureFailure" in shown, shown
    assert SECRET_KEY not in shown
