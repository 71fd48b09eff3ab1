//! A library leaves process-wide choices to the application: after a client is built and has
//! made calls, over HTTP and HTTPS, rustls still has no process-default crypto provider, so an
//! application can install the one it wants (aws-lc-rs, say) without an error. Nothing in
//! this test binary installs one, so the check holds whichever tests run alongside.

use rustls::crypto::CryptoProvider;
use tencent_action::{Client, Credential, CvmRoleCredentials};
use tencent_action_emulator::Emulator;

use crate::support::trtc;

const SECRET_ID: &str = "AKIDDEFAULTSTESTEXAMPLE00000000000";
const SECRET_KEY: &str = "defaults-test-secret-key-000000000";

#[tokio::test]
async fn calls_leave_no_process_default_tls_provider() {
    let credential = Credential::new(SECRET_ID, SECRET_KEY).unwrap();
    for tls in [false, true] {
        let emulator = Emulator::builder()
            .credential(SECRET_ID, SECRET_KEY)
            .tls(tls)
            .start("127.0.0.1:0")
            .await
            .unwrap();
        let mut builder = Client::builder()
            .credential(credential.clone())
            .region("ap-guangzhou")
            .endpoint(emulator.url());
        if let Some(ca) = emulator.ca_pem() {
            builder = builder.add_root_certificate_pem(ca);
        }
        let client = builder.build().unwrap();
        let out = client.send(&trtc("defaults", &["alice"])).await.unwrap();
        assert_eq!(out.trtc_param_list.iter().flatten().count(), 1);
        // The instance-metadata source builds an HTTP client of its own.
        let _metadata = CvmRoleCredentials::with_endpoint(emulator.url());
        assert!(
            CryptoProvider::get_default().is_none(),
            "a call over {} installed a process-default rustls provider",
            if tls { "HTTPS" } else { "HTTP" }
        );
    }
}
