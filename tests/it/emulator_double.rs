//! The emulator as a test double for a user's own action: declared here with
//! `#[tencent_action]` (nothing we ship), served by a typed handler, and enforced by the
//! emulator as the service would, even when our client's checks are bypassed with `call_json`.

use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

use serde_json::json;
use tencent_action::{
    Client, Credential, Error, HttpMethod, RetryPolicy, tencent_action, tencent_model,
};
use tencent_action_emulator::{Reject, RunningEmulator, Verdict};

use crate::support::{self, SECRET_ID, SECRET_KEY};

const SERVICE: &str = "cvm";
const VERSION: &str = "2017-03-12";
const ACTION: &str = "AllocateWidgets";

#[tencent_model]
pub(crate) struct Placement {
    #[tc(min_len = 1)]
    pub zone: String,
    pub project_id: Option<i64>,
}

/// A fictitious action of a real service, as a user would declare it.
#[tencent_action(
    service = "cvm",
    version = "2017-03-12",
    regions = ["ap-guangzhou", "ap-shanghai"],
    rate_limit = 10,
    unchecked
)]
pub(crate) struct AllocateWidgets {
    #[tc(min_len = 1, max_len = 32)]
    pub widget_name: String,
    #[tc(min = 1, max = 100)]
    pub count: i64,
    pub placement: Placement,
    #[tc(max_items = 3)]
    pub tags: Option<Vec<String>>,
}

#[tencent_model]
pub(crate) struct AllocateWidgetsResponse {
    pub widget_ids: Vec<String>,
    pub zone: String,
}

async fn start() -> (RunningEmulator, Arc<AtomicU64>) {
    let calls = Arc::new(AtomicU64::new(0));
    let seen = Arc::clone(&calls);
    let emulator = support::emulator()
        .handle::<AllocateWidgets>(move |req| {
            seen.fetch_add(1, Ordering::SeqCst);
            if req.widget_name == "forbidden" {
                return Err(Reject::new(
                    "OperationDenied.WidgetNameReserved",
                    "The widget name `forbidden` is reserved.",
                ));
            }
            Ok(AllocateWidgetsResponse {
                widget_ids: (0..req.count)
                    .map(|i| format!("{}-{i}", req.widget_name))
                    .collect(),
                zone: req.placement.zone,
            })
        })
        .handle_json(SERVICE, VERSION, "DescribeWidgetQuota", |params| {
            Ok(json!({ "Quota": 5, "Echo": params }))
        })
        .start("127.0.0.1:0")
        .await
        .expect("emulator starts");
    (emulator, calls)
}

fn client(emulator: &RunningEmulator, region: Option<&str>) -> Client {
    let mut builder = Client::builder()
        .credential(Credential::new(SECRET_ID, SECRET_KEY).unwrap())
        .endpoint(emulator.url())
        .retry(RetryPolicy::none());
    if let Some(region) = region {
        builder = builder.region(region);
    }
    builder.build().unwrap()
}

fn widgets(name: &str, count: i64) -> AllocateWidgets {
    AllocateWidgets {
        widget_name: name.to_owned(),
        count,
        placement: Placement {
            zone: "ap-guangzhou-3".to_owned(),
            project_id: None,
        },
        tags: None,
    }
}

/// Calls the action with raw JSON: nothing is checked on our side.
async fn call_raw(client: &Client, params: serde_json::Value) -> tencent_action::ApiError {
    match client.call_json(SERVICE, VERSION, ACTION, params).await {
        Err(Error::Api(api)) => api,
        other => panic!("expected an API error, got {other:?}"),
    }
}

fn valid_params() -> serde_json::Value {
    json!({"WidgetName": "w", "Count": 2, "Placement": {"Zone": "ap-guangzhou-3"}})
}

#[tokio::test]
async fn a_typed_handler_serves_the_declared_action() {
    let (emulator, calls) = start().await;
    let client = client(&emulator, Some("ap-shanghai"));
    let out = client.send(&widgets("gear", 3)).await.unwrap();
    assert_eq!(out.widget_ids, ["gear-0", "gear-1", "gear-2"]);
    assert_eq!(out.zone, "ap-guangzhou-3");
    assert!(!out.request_id().is_empty());
    assert_eq!(calls.load(Ordering::SeqCst), 1);
    assert_eq!(emulator.processed(ACTION), 1);

    let record = emulator.records().pop().expect("a record");
    assert_eq!(record.action.as_deref(), Some(ACTION));
    assert_eq!(record.service.as_deref(), Some(SERVICE));
    assert_eq!(record.version.as_deref(), Some(VERSION));
    assert_eq!(record.region.as_deref(), Some("ap-shanghai"));
    assert_eq!(record.secret_id.as_deref(), Some(SECRET_ID));
    assert_eq!(record.verdict, Verdict::Ok);
    assert_eq!(record.request_id, out.request_id());
    assert!(record.processed);

    // GET: parameters arrive as strings and are read as the declared types.
    let get = Client::builder()
        .credential(Credential::new(SECRET_ID, SECRET_KEY).unwrap())
        .endpoint(emulator.url())
        .region("ap-guangzhou")
        .method(HttpMethod::Get)
        .build()
        .unwrap();
    let mut req = widgets("get", 2);
    req.placement.project_id = Some(7);
    req.tags = Some(vec!["1".to_owned(), "two".to_owned()]);
    let out = get.send(&req).await.unwrap();
    assert_eq!(out.widget_ids, ["get-0", "get-1"]);
    assert_eq!(emulator.processed(ACTION), 2);
}

#[tokio::test]
async fn the_declared_regions_are_enforced_by_the_emulator() {
    let (emulator, calls) = start().await;
    // Our client refuses before sending...
    let elsewhere = client(&emulator, Some("ap-beijing"));
    assert!(matches!(
        elsewhere.send(&widgets("w", 1)).await,
        Err(Error::Validation(_))
    ));
    assert_eq!(emulator.requests_seen(), 0);
    // ...and the emulator refuses what gets through anyway.
    let api = call_raw(&elsewhere, valid_params()).await;
    assert_eq!(api.code(), "UnsupportedRegion");
    assert!(api.message().contains("ap-beijing"), "{}", api.message());
    assert!(api.message().contains("ap-guangzhou, ap-shanghai"));
    let api = call_raw(&client(&emulator, None), valid_params()).await;
    assert_eq!(api.code(), "MissingParameter");
    assert!(api.message().contains("X-TC-Region"), "{}", api.message());
    assert_eq!(calls.load(Ordering::SeqCst), 0);
    assert_eq!(emulator.processed(ACTION), 0);
}

#[tokio::test]
async fn declared_rules_are_enforced_naming_field_and_rule() {
    let (emulator, calls) = start().await;
    let client = client(&emulator, Some("ap-guangzhou"));
    for (params, field, rule) in [
        (
            json!({"WidgetName": "", "Count": 1, "Placement": {"Zone": "z"}}),
            "WidgetName must be at least 1 character long (it is 0)",
            "min_len",
        ),
        (
            json!({"WidgetName": "w", "Count": 101, "Placement": {"Zone": "z"}}),
            "Count must be at most 100 (it is 101)",
            "max",
        ),
        (
            json!({"WidgetName": "w", "Count": 1, "Placement": {"Zone": ""}}),
            "Placement.Zone must be at least 1 character long",
            "min_len",
        ),
        (
            json!({"WidgetName": "w", "Count": 1, "Placement": {"Zone": "z"},
                   "Tags": ["a", "b", "c", "d"]}),
            "Tags must have at most 3 items",
            "max_items",
        ),
    ] {
        let api = call_raw(&client, params.clone()).await;
        assert_eq!(api.code(), "InvalidParameterValue", "{params}");
        assert!(api.message().contains(field), "{}", api.message());
        assert!(
            api.message().contains(&format!("rule `{rule}`")),
            "{}",
            api.message()
        );
    }
    // Every violation at once, as our client reports them.
    let api = call_raw(
        &client,
        json!({"WidgetName": "", "Count": 0, "Placement": {"Zone": "z"}}),
    )
    .await;
    assert!(
        api.message().contains("WidgetName") && api.message().contains("Count must be at least 1")
    );
    assert_eq!(calls.load(Ordering::SeqCst), 0);
    assert_eq!(emulator.processed(ACTION), 0);
}

#[tokio::test]
async fn missing_mistyped_and_unknown_members_are_named() {
    let (emulator, calls) = start().await;
    let client = client(&emulator, Some("ap-guangzhou"));
    let cases = [
        (
            json!({"Count": 1, "Placement": {"Zone": "z"}}),
            "MissingParameter",
            "`WidgetName`",
        ),
        (
            json!({"WidgetName": "w", "Count": 1}),
            "MissingParameter",
            "`Placement`",
        ),
        (
            json!({"WidgetName": "w", "Count": 1, "Placement": {"ProjectId": 3}}),
            "MissingParameter",
            "`Placement.Zone`",
        ),
        (
            json!({"WidgetName": null, "Count": 1, "Placement": {"Zone": "z"}}),
            "MissingParameter",
            "`WidgetName`",
        ),
        (
            json!({"WidgetName": "w", "Count": "three", "Placement": {"Zone": "z"}}),
            "InvalidParameter",
            "`Count`",
        ),
        (
            json!({"WidgetName": "w", "Count": 1, "Placement": {"Zone": "z", "ProjectId": "x"}}),
            "InvalidParameter",
            "`Placement.ProjectId`",
        ),
        (
            json!({"WidgetName": "w", "Count": 1, "Placement": {"Zone": "z"}, "Tags": [1]}),
            "InvalidParameter",
            "`Tags.0`",
        ),
        (
            json!({"WidgetName": "w", "Count": 1, "Placement": {"Zone": "z"}, "Colour": "red"}),
            "UnknownParameter",
            "`Colour`",
        ),
        (
            json!({"WidgetName": "w", "Count": 1, "Placement": {"Zone": "z", "Rack": 4}}),
            "UnknownParameter",
            "`Placement.Rack`",
        ),
    ];
    for (params, code, names) in cases {
        let api = call_raw(&client, params.clone()).await;
        assert_eq!(api.code(), code, "{params}: {}", api.message());
        assert!(api.message().contains(names), "{params}: {}", api.message());
        assert!(!api.request_id().is_empty());
    }
    assert_eq!(calls.load(Ordering::SeqCst), 0);
    assert_eq!(emulator.processed(ACTION), 0);
    let records = emulator.records();
    assert_eq!(records.len(), 9);
    assert!(records.iter().all(|r| !r.processed && !r.verdict.is_ok()));
}

#[tokio::test]
async fn a_rejection_is_an_api_error_and_counts_as_processed() {
    let (emulator, calls) = start().await;
    let client = client(&emulator, Some("ap-guangzhou"));
    let err = client.send(&widgets("forbidden", 1)).await.unwrap_err();
    assert_eq!(err.code(), Some("OperationDenied.WidgetNameReserved"));
    assert!(err.to_string().contains("is reserved"), "{err}");
    assert_eq!(calls.load(Ordering::SeqCst), 1);
    assert_eq!(emulator.processed(ACTION), 1);
    let record = emulator.records().pop().unwrap();
    assert_eq!(
        record.verdict,
        Verdict::Error("OperationDenied.WidgetNameReserved".into())
    );
    assert!(record.processed);
}

#[tokio::test]
async fn unregistered_actions_and_versions_are_refused() {
    let (emulator, _) = start().await;
    let client = client(&emulator, Some("ap-guangzhou"));
    let err = client
        .call_json(SERVICE, VERSION, "TerminateWidgets", json!({}))
        .await
        .unwrap_err();
    assert_eq!(err.code(), Some("InvalidAction"), "{err:?}");
    let err = client
        .call_json(SERVICE, "2099-01-01", ACTION, valid_params())
        .await
        .unwrap_err();
    assert_eq!(err.code(), Some("NoSuchVersion"), "{err:?}");
    let err = client
        .call_json("cbs", "2017-03-12", "DescribeWidgets", json!({}))
        .await
        .unwrap_err();
    assert_eq!(err.code(), Some("InvalidAction"), "{err:?}");
    assert_eq!(emulator.processed(ACTION), 0);
}

#[tokio::test]
async fn a_json_handler_serves_anything_signed() {
    let (emulator, _) = start().await;
    let client = client(&emulator, None);
    let out = client
        .call_json(
            SERVICE,
            VERSION,
            "DescribeWidgetQuota",
            json!({"Kind": "gear"}),
        )
        .await
        .unwrap();
    assert_eq!(out["Quota"], 5);
    assert_eq!(out["Echo"], json!({"Kind": "gear"}));
    assert_eq!(emulator.processed("DescribeWidgetQuota"), 1);
    // The signature is still verified.
    let forged = Client::builder()
        .credential(Credential::new(SECRET_ID, "not-the-key").unwrap())
        .endpoint(emulator.url())
        .build()
        .unwrap();
    let err = forged
        .call_json(SERVICE, VERSION, "DescribeWidgetQuota", json!({}))
        .await
        .unwrap_err();
    assert_eq!(err.code(), Some("AuthFailure.SignatureFailure"));
    assert_eq!(emulator.processed("DescribeWidgetQuota"), 1);
}

#[tokio::test]
async fn the_declared_rate_limit_applies_per_secret_id() {
    let emulator = support::emulator()
        .credential("AKIDOTHERDOUBLETEST", "other-key")
        .manual_clock(true)
        .handle::<AllocateWidgets>(|req| {
            Ok(AllocateWidgetsResponse {
                widget_ids: vec![req.widget_name],
                zone: req.placement.zone,
            })
        })
        .start("127.0.0.1:0")
        .await
        .unwrap();
    let client = client(&emulator, Some("ap-guangzhou"));
    // Raw calls, so our client's pacing does not space them out.
    for _ in 0..10 {
        client
            .call_json(SERVICE, VERSION, ACTION, valid_params())
            .await
            .unwrap();
    }
    let err = client
        .call_json(SERVICE, VERSION, ACTION, valid_params())
        .await
        .unwrap_err();
    assert_eq!(err.code(), Some("RequestLimitExceeded"));
    let other = Client::builder()
        .credential(Credential::new("AKIDOTHERDOUBLETEST", "other-key").unwrap())
        .endpoint(emulator.url())
        .region("ap-guangzhou")
        .build()
        .unwrap();
    other
        .call_json(SERVICE, VERSION, ACTION, valid_params())
        .await
        .unwrap();
    assert_eq!(emulator.processed(ACTION), 11);
}
