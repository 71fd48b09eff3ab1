//! A library leaves process-wide choices to the application: after a client is built and has
//! made calls, over HTTP and HTTPS, rustls still has no process-default crypto provider, so an
//! application can install the one it wants (aws-lc-rs, say) without an error. Nothing in
//! this test binary installs one, so the check holds whichever tests run alongside.

use rustls::crypto::CryptoProvider;
use tencent_action::CvmRoleCredentials;

use crate::support::{client_builder, emulator, start, trtc};

#[tokio::test]
async fn calls_leave_no_process_default_tls_provider() {
    for tls in [false, true] {
        let emulator = start(emulator().tls(tls)).await;
        // Pointed at the emulator, trusting its authority over HTTPS.
        let client = client_builder(&emulator).build().unwrap();
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
