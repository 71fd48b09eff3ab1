"""Emulators for the interop tests, one per configuration, each started once per session."""

import pytest

from emulator_process import emulator_binary, running_emulator, supports_option

# The TRTC application the emulator signs UserSigs and PrivateKeys for, when its command line
# lets the tests choose it (`--sdk-app-id`, `--sdk-secret-key`).
TRTC_SDK_APP_ID = 1400123456
TRTC_SECRET_KEY = "0f3c2ab1d4e5968778695a4b3c2d1e0f0f3c2ab1d4e5968778695a4b3c2d1e0f"

# The emulator's clock for `skewed_emulator`: far enough off that every signature expires.
CLOCK_OFFSET_S = -900
# The request-rate limit per second for `throttled_emulator`.
RATE_LIMIT = 2
# The lifetime of temporary credentials from `sts_emulator`.
CREDENTIAL_TTL_S = 3


@pytest.fixture(scope="session")
def emulator(tmp_path_factory):
    """The emulator as it starts by default, with a TRTC application the tests know, and
    without the 20 requests per second limit of CreateTRTCSignaturesWithRoomId, which this
    suite exceeds (the limit is tested with `throttled_emulator`)."""
    binary = emulator_binary()
    extra_args, trtc_app = [], None
    if supports_option(binary, "--rate-limit"):
        extra_args += ["--rate-limit", "CreateTRTCSignaturesWithRoomId=0"]
    if supports_option(binary, "--sdk-secret-key") and supports_option(binary, "--sdk-app-id"):
        extra_args += [
            "--sdk-app-id",
            str(TRTC_SDK_APP_ID),
            "--sdk-secret-key",
            TRTC_SECRET_KEY,
        ]
        trtc_app = (TRTC_SDK_APP_ID, TRTC_SECRET_KEY)
    with running_emulator(tmp_path_factory.mktemp("emulator"), extra_args, trtc_app) as emu:
        yield emu


@pytest.fixture(scope="session")
def skewed_emulator(tmp_path_factory):
    """An emulator whose clock is 15 minutes behind."""
    args = ["--clock-offset", str(CLOCK_OFFSET_S)]
    with running_emulator(tmp_path_factory.mktemp("skewed"), args) as emu:
        yield emu


@pytest.fixture(scope="session")
def throttled_emulator(tmp_path_factory):
    """An emulator that allows CreateTRTCSignaturesWithRoomId twice per second and SecretId."""
    args = ["--rate-limit", f"CreateTRTCSignaturesWithRoomId={RATE_LIMIT}"]
    with running_emulator(tmp_path_factory.mktemp("throttled"), args) as emu:
        yield emu


@pytest.fixture(scope="session")
def sts_emulator(tmp_path_factory):
    """An emulator whose temporary credentials live a few seconds."""
    args = ["--credential-ttl", str(CREDENTIAL_TTL_S)]
    with running_emulator(tmp_path_factory.mktemp("sts"), args) as emu:
        yield emu


@pytest.fixture(scope="session")
def tls_emulator(tmp_path_factory):
    """An emulator serving HTTPS, its CA certificate written to `emu.cert`."""
    with running_emulator(tmp_path_factory.mktemp("tls"), tls=True) as emu:
        yield emu
