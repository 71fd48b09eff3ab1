//! The official IoT Explorer 2019-04-23 api.json the tests read: the workspace's
//! `spec/official/`, or the directory in `TENCENT_ACTION_SPEC_DIR`; a missing spec fails the
//! test that reads it.

use std::path::PathBuf;

/// Where the api.json is.
pub(crate) fn api_json_path() -> PathBuf {
    match std::env::var_os("TENCENT_ACTION_SPEC_DIR") {
        Some(dir) => PathBuf::from(dir).join("iotexplorer-2019-04-23/api.json"),
        None => PathBuf::from(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../spec/official/iotexplorer-2019-04-23/api.json"
        )),
    }
}

/// Its text.
pub(crate) fn api_json() -> String {
    let path = api_json_path();
    std::fs::read_to_string(&path).unwrap_or_else(|e| {
        panic!(
            "cannot read the spec {}: {e} (set TENCENT_ACTION_SPEC_DIR to the directory holding iotexplorer-2019-04-23/)",
            path.display()
        )
    })
}
