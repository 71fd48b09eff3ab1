"""Makes the official SDK trust `REQUESTS_CA_BUNDLE`, as `requests` itself does.

The SDK passes `verify=certifi.where()` to `requests` explicitly, which overrides
`REQUESTS_CA_BUNDLE`; so a `tccli` started with this directory on `PYTHONPATH` gets
`certifi.where()` answering that bundle instead (here, the emulator's local authority).
"""

import os

import certifi

_bundle = os.environ.get("REQUESTS_CA_BUNDLE")
if _bundle:
    certifi.where = lambda: _bundle
