//! HTTPS: a certificate authority made at start, and a server certificate it signs for
//! `localhost` and `127.0.0.1`. Clients trust the authority's certificate
//! ([`RunningEmulator::ca_pem`](crate::RunningEmulator::ca_pem), or the file `--tls` writes),
//! e.g. Python's `requests` with `REQUESTS_CA_BUNDLE=PATH`.
//!
//! Two certificates rather than one self-signed server certificate, because verifiers differ on
//! the latter: webpki (rustls) rejects a CA certificate used as a server certificate and
//! OpenSSL wants a trust anchor to be a CA; a CA and a leaf satisfy both.

use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;
use std::time::Duration;

use rcgen::{
    BasicConstraints, CertificateParams, CertifiedIssuer, DnType, ExtendedKeyUsagePurpose, IsCa,
    KeyPair, KeyUsagePurpose,
};
use tokio_rustls::TlsAcceptor;
use tokio_rustls::rustls::ServerConfig;
use tokio_rustls::rustls::crypto::ring;
use tokio_rustls::rustls::pki_types::{PrivateKeyDer, PrivatePkcs8KeyDer};

use crate::server::{Http, Resettable, Secure};

/// The names the server certificate is valid for.
pub(crate) const SERVER_NAMES: &[&str] = &["localhost", "127.0.0.1"];

/// How long a client may take to complete a TLS handshake.
const TLS_HANDSHAKE_TIMEOUT: Duration = Duration::from_secs(10);

/// A TLS server identity.
#[derive(Clone)]
pub(crate) struct TlsIdentity {
    /// The authority's certificate, PEM.
    pub ca_pem: String,
    /// The handshake presenting the server certificate.
    pub acceptor: Arc<dyn Secure>,
}

impl std::fmt::Debug for TlsIdentity {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("TlsIdentity").finish_non_exhaustive()
    }
}

impl Secure for TlsAcceptor {
    fn serve(&self, stream: Resettable, http: Http) -> Pin<Box<dyn Future<Output = ()> + Send>> {
        let handshake = self.accept(stream);
        Box::pin(async move {
            if let Ok(Ok(stream)) = tokio::time::timeout(TLS_HANDSHAKE_TIMEOUT, handshake).await {
                http.serve(stream).await;
            }
        })
    }
}

/// Makes a fresh authority and server certificate, and the acceptor that presents them.
pub(crate) fn generate() -> Result<TlsIdentity, String> {
    let fail = |what: &str, e: &dyn std::fmt::Display| format!("cannot {what}: {e}");

    let mut ca_params = CertificateParams::new(Vec::<String>::new())
        .map_err(|e| fail("describe the CA certificate", &e))?;
    ca_params
        .distinguished_name
        .push(DnType::CommonName, "tencent-action-emulator local CA");
    ca_params.is_ca = IsCa::Ca(BasicConstraints::Constrained(0));
    ca_params.key_usages = vec![KeyUsagePurpose::KeyCertSign, KeyUsagePurpose::CrlSign];
    let ca_key = KeyPair::generate().map_err(|e| fail("generate the CA key", &e))?;
    let ca = CertifiedIssuer::self_signed(ca_params, ca_key)
        .map_err(|e| fail("sign the CA certificate", &e))?;

    let names: Vec<String> = SERVER_NAMES.iter().map(|n| (*n).to_owned()).collect();
    let mut params =
        CertificateParams::new(names).map_err(|e| fail("describe the server certificate", &e))?;
    params
        .distinguished_name
        .push(DnType::CommonName, "tencent-action-emulator");
    params.key_usages = vec![
        KeyUsagePurpose::DigitalSignature,
        KeyUsagePurpose::KeyEncipherment,
    ];
    params.extended_key_usages = vec![ExtendedKeyUsagePurpose::ServerAuth];
    params.use_authority_key_identifier_extension = true;
    let key = KeyPair::generate().map_err(|e| fail("generate the server key", &e))?;
    let cert = params
        .signed_by(&key, &ca)
        .map_err(|e| fail("sign the server certificate", &e))?;

    let chain = vec![cert.der().clone(), ca.der().clone()];
    let private = PrivateKeyDer::Pkcs8(PrivatePkcs8KeyDer::from(key.serialize_der()));
    let config = ServerConfig::builder_with_provider(Arc::new(ring::default_provider()))
        .with_safe_default_protocol_versions()
        .map_err(|e| fail("choose TLS versions", &e))?
        .with_no_client_auth()
        .with_single_cert(chain, private)
        .map_err(|e| fail("use the server certificate", &e))?;
    Ok(TlsIdentity {
        ca_pem: ca.pem(),
        acceptor: Arc::new(TlsAcceptor::from(Arc::new(config))),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn generates_a_pem_authority() {
        let identity = generate().unwrap();
        assert!(identity.ca_pem.starts_with("-----BEGIN CERTIFICATE-----"));
        assert!(
            identity
                .ca_pem
                .trim_end()
                .ends_with("-----END CERTIFICATE-----")
        );
        assert_ne!(generate().unwrap().ca_pem, identity.ca_pem);
    }
}
