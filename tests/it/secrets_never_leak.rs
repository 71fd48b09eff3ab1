//! A full session, traced at TRACE level, with every public type Debug-printed and every error
//! displayed: no SecretKey, session token, UserSig or PrivateKey appears anywhere.

use std::sync::Arc;

use tencent_action::credential::{AssumeRole, AssumeRoleResponse};
use tencent_action::iotexplorer::v20190423::{
    CreateTrtcSignaturesWithRoomId, CreateTrtcSignaturesWithRoomIdResponse,
};
use tencent_action::sign::{SigningRequest, sign};
use tencent_action::{
    Client, Credential, CvmRoleCredentials, HttpMethod, StsAssumeRoleCredentials,
};

use crate::support::{self, SECRET_ID, SECRET_KEY};

fn request(room: &str, users: &[&str]) -> CreateTrtcSignaturesWithRoomId {
    crate::support::trtc(room, users)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn no_secret_appears_in_traces_debug_or_errors() {
    let captured = crate::support::logs();

    let emulator = support::emulator().start("127.0.0.1:0").await.unwrap();
    let mut printed: Vec<String> = Vec::new();
    let mut secrets: Vec<String> = vec![SECRET_KEY.to_owned()];
    let mut request_ids: Vec<String> = Vec::new();

    // Long-term key: POST and GET calls, their responses and errors.
    let credential = Credential::new(SECRET_ID, SECRET_KEY).unwrap();
    printed.push(format!("{credential:?}"));
    for method in [HttpMethod::Post, HttpMethod::Get] {
        let client = Client::builder()
            .credential(credential.clone())
            .region("ap-guangzhou")
            .endpoint(emulator.url())
            .method(method)
            .build()
            .unwrap();
        printed.push(format!("{client:?}"));
        let out = client
            .send(&request(
                &format!("leak-{}", method.as_str()),
                &["alice", "bob"],
            ))
            .await
            .unwrap();
        for params in out.trtc_param_list.iter().flatten() {
            secrets.push(params.user_sig.clone());
            secrets.push(params.private_key.clone());
            printed.push(format!("{params:?} {params:#?}"));
        }
        printed.push(format!("{out:?}"));
        request_ids.push(out.request_id().to_owned());
        let prepared = client
            .prepare(&request("leak-prepared", &["carol"]))
            .await
            .unwrap();
        printed.push(format!("{prepared:?} {:?}", prepared.signed()));
        let invalid = client.send(&request("", &[])).await.unwrap_err();
        printed.push(format!("{invalid} {invalid:?}"));
        let exists = client
            .send(&request(&format!("leak-{}", method.as_str()), &["dave"]))
            .await
            .unwrap_err();
        printed.push(format!("{exists} {exists:?}"));
    }
    let wrong = Client::builder()
        .credential(Credential::new(SECRET_ID, "a-wrong-key").unwrap())
        .region("ap-guangzhou")
        .endpoint(emulator.url())
        .build()
        .unwrap();
    let failure = wrong
        .send(&request("leak-wrong", &["a"]))
        .await
        .unwrap_err();
    printed.push(format!("{failure} {failure:?}"));

    // Temporary credentials: STS AssumeRole, through the typed action and the provider.
    let sts = Client::builder()
        .credential(credential.clone())
        .region("ap-guangzhou")
        .endpoint(emulator.url())
        .build()
        .unwrap();
    let assumed: tencent_action::Response<AssumeRoleResponse> = sts
        .send(&AssumeRole {
            role_arn: "qcs::cam::uin/100000000001:roleName/leak".into(),
            role_session_name: "leak-test".into(),
            duration_seconds: None,
        })
        .await
        .unwrap();
    secrets.push(assumed.credentials.tmp_secret_key.clone());
    secrets.push(assumed.credentials.token.clone());
    printed.push(format!("{assumed:?} {:?}", assumed.credentials));
    let temporary = Credential::new(
        assumed.credentials.tmp_secret_id.clone(),
        assumed.credentials.tmp_secret_key.clone(),
    )
    .unwrap()
    .with_token(assumed.credentials.token.clone())
    .unwrap();
    printed.push(format!("{temporary:?}"));
    let signed = sign(
        &SigningRequest::new(
            "cvm",
            "DescribeZones",
            "2017-03-12",
            "cvm.tencentcloudapi.com",
            1_700_000_000,
        ),
        &temporary,
    )
    .unwrap();
    printed.push(format!("{signed:?}"));
    let provider = Arc::new(StsAssumeRoleCredentials::new(
        sts.clone(),
        "qcs::cam::uin/100000000001:roleName/leak",
        "leak-test",
    ));
    let via_sts = Client::builder()
        .credential_provider(provider.clone())
        .region("ap-guangzhou")
        .endpoint(emulator.url())
        .build()
        .unwrap();
    let out: tencent_action::Response<CreateTrtcSignaturesWithRoomIdResponse> =
        via_sts.send(&request("leak-sts", &["erin"])).await.unwrap();
    for params in out.trtc_param_list.iter().flatten() {
        secrets.push(params.user_sig.clone());
        secrets.push(params.private_key.clone());
    }
    printed.push(format!("{out:?} {via_sts:?} {provider:?}"));

    // Instance metadata credentials.
    let cvm = Arc::new(CvmRoleCredentials::with_endpoint(emulator.url()));
    let via_cvm = Client::builder()
        .credential_provider(cvm.clone())
        .region("ap-guangzhou")
        .endpoint(emulator.url())
        .build()
        .unwrap();
    via_cvm
        .send(&request("leak-cvm", &["frank"]))
        .await
        .unwrap();
    printed.push(format!("{via_cvm:?} {cvm:?}"));

    let traces = captured.text();
    assert!(
        traces.contains("tencent_action.call"),
        "the calls were traced:\n{traces}"
    );
    assert!(traces.contains("CreateTRTCSignaturesWithRoomId"));
    // The call's span holds the attempts and the RequestId of what came back.
    for id in &request_ids {
        let recorded = format!("request_id=\"{id}\"");
        assert!(
            traces
                .lines()
                .any(|line| line.contains("attempts=1") && line.contains(&recorded)),
            "{id} in the span:\n{traces}"
        );
    }
    let everything = format!("{traces}\n{}", printed.join("\n"));
    assert!(
        secrets.len() > 10,
        "secrets were collected: {}",
        secrets.len()
    );
    for secret in &secrets {
        assert!(secret.len() >= 16, "a real secret: {secret:?}");
        assert!(
            !everything.contains(secret.as_str()),
            "a secret leaked: {}…",
            &secret[..6]
        );
    }
}
