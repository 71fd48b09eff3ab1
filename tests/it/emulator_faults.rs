//! Faults on demand, seen through our client over real HTTP on 127.0.0.1: each fault the
//! emulator injects arrives as a distinct, typed error, and the emulator's record says which
//! fault was injected and whether the action's handler ran. Clients here make one attempt per
//! call (`RetryPolicy::none()`), so each fault is seen as it is.

use std::time::Duration;

use tencent_action::iotexplorer::v20190423::CreateTrtcSignaturesWithRoomId;
use tencent_action::{Client, Error, ResponseError, ResponseErrorKind, RetryPolicy, TransportKind};
use tencent_action_emulator::{Fault, FaultKind, RequestRecord, RunningEmulator, Verdict};

use crate::support::{self, SECRET_ID, emulator, start};

const ACTION: &str = "CreateTRTCSignaturesWithRoomId";

/// An emulator that injects `fault` into every call of the action.
async fn with_fault(fault: &str) -> RunningEmulator {
    start(emulator().fault(fault.parse().expect("a fault"))).await
}

fn client(emulator: &RunningEmulator) -> Client {
    client_with(emulator, |b| b)
}

fn client_with(
    emulator: &RunningEmulator,
    configure: impl FnOnce(tencent_action::ClientBuilder) -> tencent_action::ClientBuilder,
) -> Client {
    configure(support::client_builder(emulator).retry(RetryPolicy::none()))
        .build()
        .unwrap()
}

fn request(room: &str) -> CreateTrtcSignaturesWithRoomId {
    support::trtc(room, &["alice"])
}

/// The records of the action's calls, each of which must carry `fault`.
fn faulted_records(emulator: &RunningEmulator, fault: FaultKind) -> Vec<RequestRecord> {
    let records: Vec<RequestRecord> = emulator
        .records()
        .into_iter()
        .filter(|r| r.action.as_deref() == Some(ACTION))
        .collect();
    assert!(!records.is_empty(), "no record of {ACTION}");
    for record in &records {
        assert_eq!(record.fault, Some(fault), "{record:?}");
        assert_eq!(record.secret_id.as_deref(), Some(SECRET_ID));
        assert_eq!(record.region.as_deref(), Some("ap-guangzhou"));
        assert_eq!(record.signed_headers, ["content-type", "host"]);
        assert!(!record.request_id.is_empty());
    }
    records
}

fn transport_kind(err: &Error) -> Option<TransportKind> {
    match err {
        Error::Transport { kind, .. } => Some(*kind),
        _ => None,
    }
}

fn response_error(err: Error) -> ResponseError {
    match err {
        Error::Response(response) => response,
        other => panic!("expected a response error, got {other:?}"),
    }
}

#[tokio::test]
async fn latency_beyond_the_timeout_is_a_timeout_after_processing() {
    let emulator = with_fault("latency:3s").await;
    let client = client_with(&emulator, |b| b.timeout(Duration::from_millis(300)));
    let err = client.send(&request("slow")).await.unwrap_err();
    assert_eq!(
        transport_kind(&err),
        Some(TransportKind::Timeout),
        "{err:?}"
    );
    for record in faulted_records(&emulator, FaultKind::Latency(Duration::from_secs(3))) {
        assert!(record.processed, "the handler ran before the delay");
        assert_eq!(record.verdict, Verdict::Ok);
        assert!(record.elapsed >= Duration::from_secs(3));
    }
    assert!(emulator.processed(ACTION) >= 1);
}

#[tokio::test]
async fn a_connection_closed_without_an_answer_is_a_send_error_and_nothing_was_processed() {
    let emulator = with_fault("close").await;
    let err = client(&emulator)
        .send(&request("closed"))
        .await
        .unwrap_err();
    assert_eq!(transport_kind(&err), Some(TransportKind::Send), "{err:?}");
    assert!(err.to_string().contains(ACTION), "{err}");
    for record in faulted_records(&emulator, FaultKind::Close) {
        assert_eq!(record.verdict, Verdict::NoAnswer);
        assert_eq!(record.status, None);
        assert!(!record.processed);
    }
    assert_eq!(emulator.processed(ACTION), 0);
}

#[tokio::test]
async fn a_reset_mid_body_is_a_body_error_after_processing() {
    let emulator = with_fault("reset").await;
    let err = client(&emulator).send(&request("reset")).await.unwrap_err();
    assert_eq!(transport_kind(&err), Some(TransportKind::Body), "{err:?}");
    for record in faulted_records(&emulator, FaultKind::Reset) {
        assert!(record.processed);
        assert_eq!(record.status, Some(200));
    }
    assert!(emulator.processed(ACTION) >= 1);
}

#[tokio::test]
async fn a_truncated_body_is_a_body_error_after_processing() {
    let emulator = with_fault("truncated").await;
    let err = client(&emulator).send(&request("cut")).await.unwrap_err();
    assert_eq!(transport_kind(&err), Some(TransportKind::Body), "{err:?}");
    for record in faulted_records(&emulator, FaultKind::Truncated) {
        assert!(record.processed);
    }
}

#[tokio::test]
async fn gateway_errors_are_http_status_errors_and_nothing_was_processed() {
    for (fault, kind, status) in [
        ("502", FaultKind::BadGateway, 502),
        ("503", FaultKind::ServiceUnavailable, 503),
    ] {
        let emulator = with_fault(fault).await;
        let err = client(&emulator).send(&request("gw")).await.unwrap_err();
        let response = response_error(err);
        assert_eq!(response.kind, ResponseErrorKind::HttpStatus, "{response:?}");
        assert_eq!(response.status, status);
        assert!(response.body_start.contains("<html>"), "{response:?}");
        for record in faulted_records(&emulator, kind) {
            assert_eq!(record.verdict, Verdict::HttpStatus(status));
            assert!(!record.processed);
        }
        assert_eq!(emulator.processed(ACTION), 0);
    }
}

#[tokio::test]
async fn malformed_json_is_a_not_json_error_after_processing() {
    let emulator = with_fault("malformed").await;
    let err = client(&emulator)
        .send(&request("garbled"))
        .await
        .unwrap_err();
    let response = response_error(err);
    assert_eq!(response.kind, ResponseErrorKind::NotJson, "{response:?}");
    assert_eq!(response.status, 200);
    for record in faulted_records(&emulator, FaultKind::MalformedJson) {
        assert!(record.processed);
        assert_eq!(record.verdict, Verdict::Ok);
    }
}

#[tokio::test]
async fn an_oversized_body_is_too_large_for_the_client_limit() {
    let emulator = with_fault("oversize:64MiB").await;
    let client = client_with(&emulator, |b| b.max_response_bytes(1 << 20));
    let err = client.send(&request("huge")).await.unwrap_err();
    let response = response_error(err);
    assert_eq!(response.kind, ResponseErrorKind::TooLarge, "{response:?}");
    for record in faulted_records(&emulator, FaultKind::Oversize(64 << 20)) {
        assert!(record.processed);
    }

    // Padding is whitespace after the answer: a client that accepts the size gets the answer.
    emulator.clear_faults();
    emulator.inject(
        Fault::new(FaultKind::Oversize(300_000))
            .action(ACTION)
            .times(1),
    );
    let out = client.send(&request("padded")).await.unwrap();
    assert_eq!(out.trtc_param_list.as_ref().map(Vec::len), Some(1));
}

#[tokio::test]
async fn internal_error_and_throttling_are_api_errors_and_nothing_was_processed() {
    for (fault, kind, code) in [
        ("internal", FaultKind::InternalError, "InternalError"),
        (
            "throttle",
            FaultKind::RequestLimitExceeded,
            "RequestLimitExceeded",
        ),
    ] {
        let emulator = with_fault(fault).await;
        let err = client(&emulator).send(&request("api")).await.unwrap_err();
        assert_eq!(err.code(), Some(code), "{err:?}");
        assert!(err.request_id().is_some_and(|id| !id.is_empty()));
        for record in faulted_records(&emulator, kind) {
            assert_eq!(record.verdict, Verdict::Error(code.to_owned()));
            assert_eq!(record.request_id, err.request_id().unwrap_or_default());
            assert!(!record.processed);
        }
        assert_eq!(emulator.processed(ACTION), 0);
    }
}

fn unix_now() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs() as i64
}

/// Sends what our client prepared, as prepared, and reads the answer with our parser.
async fn send_prepared(
    prepared: &tencent_action::PreparedRequest,
) -> (
    reqwest::header::HeaderMap,
    Result<tencent_action::Response<serde_json::Value>, Error>,
) {
    let mut request = crate::support::raw_http().post(prepared.url());
    for (name, value) in prepared.signed().headers() {
        request = request.header(name, value);
    }
    let response = request.body(prepared.body().to_vec()).send().await.unwrap();
    let status = response.status().as_u16();
    let headers = response.headers().clone();
    let body = response.bytes().await.unwrap();
    (
        headers,
        tencent_action::verifier::parse_envelope(status, &body),
    )
}

#[tokio::test]
async fn a_skewed_server_clock_is_signature_expire_stating_the_server_time() {
    let emulator = with_fault("skew:+900").await;
    let prepared = client(&emulator).prepare(&request("skew")).await.unwrap();
    let (headers, answer) = send_prepared(&prepared).await;
    let err = answer.unwrap_err();
    assert_eq!(err.code(), Some("AuthFailure.SignatureExpire"), "{err:?}");
    let Error::Api(api) = &err else {
        panic!("{err:?}")
    };
    let server_time = api
        .message()
        .split("the server time ")
        .nth(1)
        .and_then(|rest| rest.split(' ').next())
        .and_then(|n| n.parse::<i64>().ok())
        .unwrap_or_else(|| panic!("no server time in {}", api.message()));
    let local = unix_now();
    assert!(
        (server_time - local - 900).abs() < 60,
        "{server_time} vs {local}"
    );
    // The Date header tells the same time.
    let date = headers[reqwest::header::DATE].to_str().unwrap().to_owned();
    assert!(date.ends_with(" GMT"), "{date}");
    for record in faulted_records(&emulator, FaultKind::ClockSkew(900)) {
        assert_eq!(
            record.verdict,
            Verdict::Error("AuthFailure.SignatureExpire".into())
        );
        assert!(!record.processed);
    }
    assert_eq!(emulator.processed(ACTION), 0);
}

#[tokio::test]
async fn a_client_corrects_its_clock_from_a_skewed_server_and_is_processed_once() {
    // The server's clock is an hour behind for good: the first attempt expires, the answer
    // says the server time, the client corrects and signs again.
    let emulator = start(emulator().clock_offset(-3600)).await;
    let client = client(&emulator);
    client.send(&request("offset")).await.unwrap();
    let verdicts: Vec<(Verdict, bool)> = emulator
        .records()
        .into_iter()
        .map(|r| (r.verdict, r.processed))
        .collect();
    assert_eq!(
        verdicts,
        [
            (Verdict::Error("AuthFailure.SignatureExpire".into()), false),
            (Verdict::Ok, true)
        ]
    );
    assert!(
        (client.clock_offset() + 3600).abs() < 60,
        "{}",
        client.clock_offset()
    );
    assert_eq!(emulator.processed(ACTION), 1);
}

#[tokio::test]
async fn counted_and_scoped_faults_apply_only_where_told() {
    let emulator = start(
        emulator()
            .fault("internal@AssumeRole".parse().unwrap())
            .fault("503x1".parse().unwrap()),
    )
    .await;
    let client = client(&emulator);
    let err = client.send(&request("once")).await.unwrap_err();
    assert_eq!(response_error(err).status, 503);
    // Spent after one request; the fault for another action never applies.
    client.send(&request("once")).await.unwrap();
    assert_eq!(emulator.faults().len(), 1);
    let records = emulator.records();
    assert_eq!(records.len(), 2);
    assert_eq!(records[0].fault, Some(FaultKind::ServiceUnavailable));
    assert_eq!((records[1].fault, records[1].processed), (None, true));
    assert_eq!(records[1].verdict, Verdict::Ok);
    assert!(records[0].seq < records[1].seq);
    assert_eq!(emulator.processed(ACTION), 1);
}

#[tokio::test]
async fn the_rate_limit_throttles_exactly_beyond_n_per_window_without_processing() {
    let emulator = start(emulator().manual_clock(true).rate_limit(ACTION, 3)).await;
    let client = client(&emulator);
    for i in 0..3 {
        client.send(&request(&format!("rate-{i}"))).await.unwrap();
    }
    let err = client.send(&request("rate-3")).await.unwrap_err();
    assert_eq!(err.code(), Some("RequestLimitExceeded"), "{err:?}");
    assert!(err.to_string().contains("limit of 3"), "{err}");
    assert_eq!(emulator.processed(ACTION), 3);
    let throttled: Vec<RequestRecord> = emulator
        .records()
        .into_iter()
        .filter(|r| r.verdict.code() == Some("RequestLimitExceeded"))
        .collect();
    assert!(!throttled.is_empty());
    assert!(throttled.iter().all(|r| !r.processed && r.fault.is_none()));

    // The window slides with the clock, and only for this SecretId and action.
    emulator.advance_clock(Duration::from_secs(1));
    client.send(&request("rate-3")).await.unwrap();
    assert_eq!(emulator.processed(ACTION), 4);
}

#[tokio::test]
async fn the_request_log_page_lists_faults_and_is_not_counted() {
    let emulator = with_fault("internal").await;
    let _ = client(&emulator).send(&request("log")).await;
    let seen = emulator.requests_seen();
    let body = crate::support::raw_http()
        .get(format!("{}/__emulator/requests", emulator.url()))
        .send()
        .await
        .unwrap()
        .bytes()
        .await
        .unwrap();
    let page: serde_json::Value = serde_json::from_slice(&body).unwrap();
    let list = page["requests"].as_array().expect("a list of requests");
    let last = list.last().expect("one request");
    assert_eq!(last["action"], ACTION);
    assert_eq!(last["fault"], "internal");
    assert_eq!(last["verdict"], "InternalError");
    assert_eq!(last["processed"], false);
    assert_eq!(last["secret_id"], SECRET_ID);
    assert_eq!(emulator.requests_seen(), seen);
    assert_eq!(emulator.records().len(), list.len());
}
