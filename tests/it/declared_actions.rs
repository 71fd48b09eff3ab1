//! What `#[tencent_action]` and `#[tencent_model]` generate: wire names, optional fields,
//! validation with wire paths, redacted `Debug`, and hygiene.

use tencent_action::iotexplorer::v20190423::{
    CreateTrtcSignaturesWithRoomId, CreateTrtcSignaturesWithRoomIdResponse, TrtcParams,
};
use tencent_action::validate::{Rule, Validate};
use tencent_action::{Action, Client, Credential, Error};

fn request(users: &[&str], room: &str) -> CreateTrtcSignaturesWithRoomId {
    crate::support::trtc(room, users)
}

#[test]
fn shipped_action_constants_follow_the_spec() {
    type A = CreateTrtcSignaturesWithRoomId;
    assert_eq!(A::SERVICE, "iotexplorer");
    assert_eq!(A::NAME, "CreateTRTCSignaturesWithRoomId");
    assert_eq!(A::VERSION, "2019-04-23");
    assert_eq!(
        A::REGIONS,
        [
            "ap-bangkok",
            "ap-guangzhou",
            "ap-shanghai",
            "ap-shanghai-fsi",
            "eu-frankfurt",
            "na-ashburn"
        ]
    );
    assert_eq!(A::RATE_LIMIT, Some(20));
    const { assert!(!A::IDEMPOTENT) };
}

#[test]
fn request_serializes_with_wire_names() {
    let json = serde_json::to_string(&request(&["a", "b"], "room1")).unwrap();
    assert_eq!(json, r#"{"TRTCUserIds":["a","b"],"RoomId":"room1"}"#);
    let back: CreateTrtcSignaturesWithRoomId = serde_json::from_str(&json).unwrap();
    assert_eq!(back.trtc_user_ids, ["a", "b"]);
}

#[test]
fn response_reads_null_absent_and_unknown_fields() {
    let r: CreateTrtcSignaturesWithRoomIdResponse =
        serde_json::from_str(r#"{"TRTCParamList":null,"Extra":1}"#).unwrap();
    assert!(r.trtc_param_list.is_none());
    let r: CreateTrtcSignaturesWithRoomIdResponse = serde_json::from_str("{}").unwrap();
    assert!(r.trtc_param_list.is_none());
    assert_eq!(serde_json::to_string(&r).unwrap(), "{}");
}

#[test]
fn every_rule_of_the_shipped_action_is_checked_and_all_failures_reported() {
    assert!(request(&["a"], "r").validate().is_ok());
    let eleven: Vec<String> = (0..11).map(|i| format!("u{i}")).collect();
    let eleven: Vec<&str> = eleven.iter().map(String::as_str).collect();
    let err = request(&eleven, "").validate().unwrap_err();
    let rules: Vec<(&str, &Rule)> = err
        .violations()
        .iter()
        .map(|v| (v.field.as_str(), &v.rule))
        .collect();
    assert_eq!(
        rules,
        [
            (
                "TRTCUserIds",
                &Rule::MaxItems {
                    max: 10,
                    actual: 11
                }
            ),
            ("RoomId", &Rule::MinLen { min: 1, actual: 0 }),
        ]
    );
    let err = request(&["a", "b", "a"], "r").validate().unwrap_err();
    assert_eq!(
        err.to_string(),
        "TRTCUserIds must not repeat items (item 2 repeats item 0)"
    );
    let err = request(&[], "r").validate().unwrap_err();
    assert_eq!(
        err.to_string(),
        "TRTCUserIds must have at least 1 item (it has 0)"
    );
}

#[test]
fn client_rejects_a_region_outside_the_declared_ones() {
    let client = Client::builder()
        .credential(Credential::new("AKIDEXAMPLE", "key").unwrap())
        .region("ap-beijing")
        .build()
        .unwrap();
    let err = client.check(&request(&["a"], "r")).unwrap_err();
    assert!(matches!(err, Error::Validation(_)));
    assert_eq!(
        err.to_string(),
        "invalid request, nothing was sent: Region `ap-beijing` is not supported by this action; use one of: ap-bangkok, ap-guangzhou, ap-shanghai, ap-shanghai-fsi, eu-frankfurt, na-ashburn"
    );
}

#[test]
fn documented_error_codes_are_a_typed_enum() {
    use tencent_action::iotexplorer::v20190423::CreateTrtcSignaturesWithRoomIdError as E;
    use tencent_action::{ApiError, ErrorCode};
    type A = CreateTrtcSignaturesWithRoomId;
    let _: Option<<A as Action>::ErrorCode> = Some(E::RoomIdExist);
    for (variant, code) in [
        (E::RoomIdExist, "InvalidParameter.RoomIdExist"),
        (E::UserIdOverLimit, "InvalidParameter.UserIdOverLimit"),
        (
            E::TrtcServiceNotOpen,
            "UnsupportedOperation.TRTCServiceNotOpen",
        ),
    ] {
        assert_eq!(variant.code(), code);
        assert_eq!(E::from_code(code), Some(variant));
        let err = Error::Api(ApiError::new(code, "m", "r"));
        assert_eq!(E::of(&err), Some(variant));
    }
    let other = Error::Api(ApiError::new("InternalError", "m", "r"));
    assert_eq!(E::of(&other), None);
    assert_eq!(
        other.code(),
        Some("InternalError"),
        "other codes still arrive"
    );
}

#[test]
fn secrets_are_redacted_in_debug() {
    let p = TrtcParams {
        sdk_app_id: 1,
        user_id: "alice".into(),
        user_sig: "SIG-VALUE".into(),
        str_room_id: "r".into(),
        private_key: "KEY-VALUE".into(),
    };
    let text = format!("{p:?} {p:#?}");
    assert!(text.contains("alice"));
    assert!(
        !text.contains("SIG-VALUE") && !text.contains("KEY-VALUE"),
        "{text}"
    );
    assert!(text.contains("<redacted>"));
}

mod nested {
    use tencent_action::validate::Validate;
    use tencent_action::{tencent_action, tencent_model};

    #[tencent_model]
    pub(super) struct Filter {
        #[tc(min_len = 1, max_len = 8)]
        pub name: String,
        #[tc(unique, max_items = 2)]
        pub values: Vec<String>,
    }

    #[tencent_model]
    pub(super) struct Paging {
        #[tc(min = 0, max = 100)]
        pub limit: Option<u32>,
        #[tc(min = 0.5, max = 2)]
        pub ratio: f64,
    }

    #[tencent_action(service = "cvm", version = "2017-03-12", response = serde_json::Value, idempotent, unchecked)]
    pub(super) struct DescribeThings {
        pub filters: Vec<Filter>,
        pub paging: Option<Paging>,
        #[tc(secret)]
        pub password: Option<String>,
        #[tc(rename = "Tag.Key")]
        pub tag_key: Option<String>,
    }

    #[test]
    fn nested_models_report_full_wire_paths() {
        let req = DescribeThings {
            filters: vec![
                Filter {
                    name: "ok".into(),
                    values: vec!["a".into()],
                },
                Filter {
                    name: String::new(),
                    values: vec!["a".into(), "b".into(), "a".into()],
                },
            ],
            paging: Some(Paging {
                limit: Some(101),
                ratio: 3.0,
            }),
            password: Some("hunter2".into()),
            tag_key: None,
        };
        let err = req.validate().unwrap_err();
        let fields: Vec<&str> = err.violations().iter().map(|v| v.field.as_str()).collect();
        assert_eq!(
            fields,
            [
                "Filters.1.Name",
                "Filters.1.Values",
                "Filters.1.Values",
                "Paging.Limit",
                "Paging.Ratio"
            ]
        );
        assert!(!format!("{req:?}").contains("hunter2"));
        assert!(format!("{req:?}").contains("password: Some(<redacted>)"));
        let json = serde_json::to_value(&req).unwrap();
        assert!(json.get("Tag.Key").is_none(), "None is omitted: {json}");
        assert_eq!(json["Paging"]["Limit"], 101);
    }

    #[test]
    fn flags_and_defaults() {
        use tencent_action::Action;
        const { assert!(DescribeThings::IDEMPOTENT) };
        assert_eq!(DescribeThings::NAME, "DescribeThings");
        assert!(DescribeThings::REGIONS.is_empty());
        assert_eq!(DescribeThings::RATE_LIMIT, None);
    }

    #[tencent_action(service = "cvm", version = "2017-03-12", unchecked)]
    pub(super) struct RunInstances {
        pub client_token: String,
    }

    #[tencent_model]
    pub(super) struct RunInstancesResponse {}

    #[test]
    fn a_client_token_field_makes_an_action_idempotent() {
        use tencent_action::Action;
        const { assert!(RunInstances::IDEMPOTENT) };
        let _: Option<<RunInstances as Action>::Response> = None::<RunInstancesResponse>;
    }

    #[tokio::test]
    async fn an_empty_client_token_is_filled_with_a_fresh_one_and_a_given_one_kept() {
        let client = tencent_action::Client::builder()
            .credential(tencent_action::Credential::new("AKIDEXAMPLE", "key").unwrap())
            .build()
            .unwrap();
        let token_of = |body: &[u8]| -> String {
            let json: serde_json::Value = serde_json::from_slice(body).unwrap();
            json["ClientToken"].as_str().unwrap().to_owned()
        };
        let empty = RunInstances {
            client_token: String::new(),
        };
        let first = token_of(client.prepare(&empty).await.unwrap().body());
        let second = token_of(client.prepare(&empty).await.unwrap().body());
        assert_eq!(first.len(), 32);
        assert!(first.chars().all(|c| c.is_ascii_hexdigit()));
        assert_ne!(first, second, "each call gets its own token");
        let given = RunInstances {
            client_token: "my-token".into(),
        };
        assert_eq!(
            token_of(client.prepare(&given).await.unwrap().body()),
            "my-token"
        );
    }
}

/// User types named like the runtime's change nothing in generated code.
mod hygiene {
    #![allow(dead_code)]
    use tencent_action::{tencent_action, tencent_model};

    pub(super) struct Result;
    pub(super) struct Error;
    pub(super) struct Response;
    pub(super) struct Client;
    pub(super) struct Action;
    pub(super) struct Option;
    pub(super) struct Vec;
    pub(super) struct String;
    pub(super) mod serde {}
    pub(super) mod core {}

    #[tencent_action(service = "cvm", version = "2017-03-12", unchecked)]
    pub(super) struct Ping {
        #[tc(min_len = 1)]
        pub name: ::std::string::String,
        pub maybe: ::std::option::Option<u8>,
    }

    #[tencent_model]
    pub(super) struct PingResponse {
        pub echo: ::std::option::Option<::std::string::String>,
    }

    #[test]
    fn compiles_and_works_next_to_shadowing_names() {
        use tencent_action::validate::Validate;
        let ping = Ping {
            name: "x".into(),
            maybe: None,
        };
        assert!(ping.validate().is_ok());
    }
}
