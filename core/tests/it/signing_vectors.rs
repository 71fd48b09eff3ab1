//! Golden tests: every vector in `tests/vectors/` (official Python SDK output and the
//! signature documentation's worked examples), each intermediate artefact compared. Another
//! directory of the same files can be given in `TENCENT_ACTION_VECTORS`.

use std::path::PathBuf;

use serde_json::Value;
use tencent_action_core::sign::{
    Payload, SignedRequest, SigningKeyCache, SigningRequest, sign, sign_with_cache,
};
use tencent_action_core::verifier::{
    DerivedKeys, encode_query, flatten_params, hex, sha256_hex, utc_date,
};
use tencent_action_core::{Credential, HttpMethod};

const SDK_FILE: &str = "tc3-official-sdk.json";
const DOC_FILE: &str = "tc3-documented-examples.json";

/// One cache for every vector of every test, as a client's is for all its calls: it holds
/// fewer entries than there are vectors, so entries are also evicted and made again.
static CACHE: std::sync::LazyLock<SigningKeyCache> =
    std::sync::LazyLock::new(SigningKeyCache::default);

/// Signs `req` without a cache, and checks that signing it through the shared cache (twice:
/// once made, once found) gives the same headers and artefacts.
fn sign_checked(req: &SigningRequest<'_>, credential: &Credential) -> SignedRequest {
    let signed = sign(req, credential).unwrap();
    for pass in ["made", "found"] {
        let cached = sign_with_cache(req, credential, &CACHE).unwrap();
        let headers: Vec<_> = cached.headers().collect();
        assert_eq!(headers, signed.headers().collect::<Vec<_>>(), "{pass}");
        assert_eq!(
            cached.canonical_request(),
            signed.canonical_request(),
            "{pass}"
        );
        assert_eq!(cached.string_to_sign(), signed.string_to_sign(), "{pass}");
    }
    signed
}

fn vectors_dir() -> PathBuf {
    match std::env::var_os("TENCENT_ACTION_VECTORS") {
        Some(dir) => PathBuf::from(dir),
        None => PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/vectors"),
    }
}

fn load(file: &str) -> Vec<Value> {
    let path = vectors_dir().join(file);
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| {
        panic!(
            "cannot read {}: {e} (set TENCENT_ACTION_VECTORS)",
            path.display()
        )
    });
    let doc: Value = serde_json::from_str(&text).expect("vector file is JSON");
    doc["vectors"].as_array().expect("`vectors` array").clone()
}

fn find(file: &str, name: &str) -> Value {
    load(file)
        .into_iter()
        .find(|v| v["name"] == name)
        .unwrap_or_else(|| panic!("no vector {name} in {file}"))
}

fn s<'a>(v: &'a Value, key: &str) -> &'a str {
    v[key]
        .as_str()
        .unwrap_or_else(|| panic!("`{key}` is not a string in {v}"))
}

/// Signs an official-SDK vector and compares query, content type, canonical request, string
/// to sign, signature, Authorization and every header.
fn check_sdk_vector(name: &str) {
    let v = find(SDK_FILE, name);
    let input = &v["input"];
    let expected = &v["expected"];
    let mut credential = Credential::new(s(input, "secret_id"), s(input, "secret_key")).unwrap();
    if let Some(token) = input["token"].as_str() {
        credential = credential.with_token(token).unwrap();
    }
    let method = match s(input, "method") {
        "GET" => HttpMethod::Get,
        "POST" => HttpMethod::Post,
        other => panic!("method {other}"),
    };
    let query = if method == HttpMethod::Get {
        encode_query(&flatten_params(&input["params"]))
    } else {
        String::new()
    };
    assert_eq!(query, s(expected, "query"), "flattened query");
    assert_eq!(
        method.content_type(),
        s(expected, "content_type"),
        "content type"
    );
    let body = s(expected, "body").as_bytes();
    let mut req = SigningRequest::new(
        s(input, "service"),
        s(input, "action"),
        s(input, "version"),
        s(input, "host"),
        input["timestamp"].as_i64().unwrap(),
    );
    req.method = method;
    req.content_type = method.content_type();
    req.query = &query;
    req.region = input["region"].as_str();
    req.language = input["language"].as_str();
    req.payload = if input["unsigned_payload"].as_bool().unwrap() {
        Payload::Unsigned
    } else {
        Payload::Bytes(body)
    };
    let signed = sign_checked(&req, &credential);
    assert_eq!(
        signed.canonical_request(),
        s(expected, "canonical_request"),
        "canonical request"
    );
    assert_eq!(
        signed.string_to_sign(),
        s(expected, "string_to_sign"),
        "string to sign"
    );
    assert_eq!(signed.signature(), s(expected, "signature"), "signature");
    assert_eq!(
        signed.authorization(),
        s(expected, "authorization"),
        "authorization"
    );
    let expected_headers = expected["headers"].as_object().unwrap();
    for (name, value) in expected_headers {
        let ours = signed.header(name);
        assert_eq!(ours, value.as_str(), "header {name}");
    }
    let ours_tc: Vec<&str> = signed
        .headers()
        .map(|(n, _)| n)
        .filter(|n| n.starts_with("X-TC-"))
        .collect();
    assert_eq!(
        ours_tc.len(),
        expected_headers.len(),
        "X-TC headers {ours_tc:?}"
    );
}

/// Signs a documentation example with its content type and signed-header set.
fn check_doc_vector(name: &str) {
    let v = find(DOC_FILE, name);
    let input = &v["input"];
    let expected = &v["expected"];
    let credential = Credential::new(s(input, "secret_id"), s(input, "secret_key")).unwrap();
    let signed_headers: Vec<&str> = input["signed_headers"]
        .as_array()
        .unwrap()
        .iter()
        .map(|h| h.as_str().unwrap())
        .collect();
    let timestamp = input["timestamp"].as_i64().unwrap();
    let mut req = SigningRequest::new(
        s(input, "service"),
        s(input, "action"),
        "2017-03-12",
        s(input, "host"),
        timestamp,
    );
    req.content_type = s(input, "content_type");
    req.signed_headers = &signed_headers;
    req.payload = Payload::Bytes(s(input, "payload").as_bytes());
    let signed = sign_checked(&req, &credential);
    assert_eq!(
        signed.canonical_request(),
        s(expected, "canonical_request"),
        "canonical request"
    );
    assert_eq!(signed.signature(), s(expected, "signature"), "signature");
    let canonical_hash = sha256_hex(signed.canonical_request().as_bytes());
    assert!(signed.string_to_sign().ends_with(&canonical_hash));
    if let Some(keys) = expected.get("derived_keys") {
        let derived = DerivedKeys::derive(
            s(input, "secret_key"),
            &utc_date(timestamp),
            s(input, "service"),
        );
        assert_eq!(
            hex(&derived.secret_date),
            s(keys, "secret_date"),
            "secret_date"
        );
        assert_eq!(
            hex(&derived.secret_service),
            s(keys, "secret_service"),
            "secret_service"
        );
        assert_eq!(
            hex(&derived.secret_signing),
            s(keys, "secret_signing"),
            "secret_signing"
        );
    }
}

macro_rules! vectors {
    ($check:ident, $file:expr, $all:ident: $($test:ident => $name:literal),* $(,)?) => {
        $(
            #[test]
            fn $test() {
                $check($name);
            }
        )*

        /// Every vector in the file has a named test above, and no test names a missing one.
        #[test]
        fn $all() {
            let mut in_file: Vec<String> = load($file)
                .iter()
                .map(|v| v["name"].as_str().unwrap().to_owned())
                .collect();
            let mut tested: Vec<String> = vec![$($name.to_owned()),*];
            in_file.sort();
            tested.sort();
            assert_eq!(in_file, tested);
        }
    };
}

vectors!(check_sdk_vector, SDK_FILE, every_sdk_vector_has_a_test:
    case_7_0 => "case-7-0",
    case_7_1 => "case-7-1",
    case_7_2 => "case-7-2",
    case_7_3 => "case-7-3",
    case_7_4 => "case-7-4",
    case_7_5 => "case-7-5",
    case_7_6 => "case-7-6",
    case_7_7 => "case-7-7",
    case_7_8 => "case-7-8",
    case_7_9 => "case-7-9",
    case_7_10 => "case-7-10",
    case_7_11 => "case-7-11",
    case_7_12 => "case-7-12",
    case_7_13 => "case-7-13",
    case_7_14 => "case-7-14",
    case_7_15 => "case-7-15",
    case_7_16 => "case-7-16",
    case_7_17 => "case-7-17",
    case_7_18 => "case-7-18",
    case_7_19 => "case-7-19",
    case_7_20 => "case-7-20",
    case_7_21 => "case-7-21",
    case_7_22 => "case-7-22",
    case_7_23 => "case-7-23",
);

vectors!(check_doc_vector, DOC_FILE, every_documented_example_has_a_test:
    doc_v3_three_signed_headers => "doc-v3-three-signed-headers",
    doc_v3_two_signed_headers => "doc-v3-two-signed-headers",
);
