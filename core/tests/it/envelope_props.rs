//! No byte sequence a server can send makes the response parser panic, and what it accepts
//! really is an API 3.0 envelope.

use proptest::prelude::*;
use tencent_action_core::Error;
use tencent_action_core::verifier::parse_envelope;
use tencent_action_macros::tencent_model;

#[tencent_model(crate = "tencent_action_core")]
pub(crate) struct Params {
    pub sdk_app_id: i64,
    pub user_id: String,
    #[tc(secret)]
    pub user_sig: Option<String>,
}

#[tencent_model(crate = "tencent_action_core")]
pub(crate) struct Typed {
    #[tc(rename = "TRTCParamList")]
    pub list: Option<Vec<Params>>,
    pub total: Option<u32>,
}

/// JSON values up to a few levels deep, with the envelope's keys likely to appear.
fn json() -> impl Strategy<Value = serde_json::Value> {
    let key = prop_oneof![
        Just("Response".to_owned()),
        Just("Error".to_owned()),
        Just("Code".to_owned()),
        Just("Message".to_owned()),
        Just("RequestId".to_owned()),
        Just("TRTCParamList".to_owned()),
        Just("SdkAppId".to_owned()),
        Just("UserId".to_owned()),
        Just("Total".to_owned()),
        "[A-Za-z]{0,6}",
    ];
    let leaf = prop_oneof![
        Just(serde_json::Value::Null),
        any::<bool>().prop_map(serde_json::Value::from),
        any::<i64>().prop_map(serde_json::Value::from),
        any::<f64>().prop_map(|f| serde_json::Number::from_f64(f)
            .map_or(serde_json::Value::Null, serde_json::Value::Number)),
        ".{0,12}".prop_map(serde_json::Value::from),
    ];
    leaf.prop_recursive(4, 48, 6, move |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..4).prop_map(serde_json::Value::from),
            prop::collection::vec((key.clone(), inner), 0..5)
                .prop_map(|pairs| serde_json::Value::Object(pairs.into_iter().collect())),
        ]
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    #[test]
    fn arbitrary_bytes_never_panic(status in 0u16..1000, body in prop::collection::vec(any::<u8>(), 0..256)) {
        let _ = parse_envelope::<Typed>(status, &body);
        let _ = parse_envelope::<serde_json::Value>(status, &body);
    }

    #[test]
    fn json_shapes_are_classified(status in prop_oneof![Just(200u16), 100u16..600], value in json()) {
        let body = serde_json::to_vec(&value).unwrap();
        let truncated = &body[..body.len() / 2];
        let _ = parse_envelope::<Typed>(status, truncated);
        match parse_envelope::<Typed>(status, &body) {
            Ok(response) => {
                prop_assert!((200..300).contains(&status));
                prop_assert!(value["Response"].is_object());
                prop_assert!(value["Response"].get("Error").is_none_or(|e| e.is_null()));
                prop_assert_eq!(response.request_id(), value["Response"]["RequestId"].as_str().unwrap_or(""));
            }
            Err(Error::Api(api)) => {
                prop_assert!(value["Response"]["Error"].is_object());
                prop_assert_eq!(api.request_id(), value["Response"]["RequestId"].as_str().unwrap_or(""));
            }
            Err(Error::Response(_)) => {}
            Err(other) => prop_assert!(false, "unexpected error kind {other:?}"),
        }
    }
}

#[test]
fn a_truncated_success_body_is_not_quoted_in_the_error() {
    let body = br#"{"Response":{"TRTCParamList":[{"SdkAppId":1,"UserId":"a","UserSig":"eJwSECRET"#;
    let err = parse_envelope::<Typed>(200, body).unwrap_err();
    let text = format!("{err} {err:?}");
    assert!(!text.contains("eJwSECRET"), "{text}");
    let mismatch = br#"{"Response":{"TRTCParamList":[{"SdkAppId":"eJwSECRET","UserId":"a"}],"RequestId":"r"}}"#;
    let err = parse_envelope::<Typed>(200, mismatch).unwrap_err();
    let text = format!("{err} {err:?}");
    assert!(!text.contains("eJwSECRET"), "{text}");
    assert!(text.contains("does not match"), "{text}");
}
