//! The TLS configuration of the client's connections. It names its crypto provider
//! explicitly, so the process-wide default of rustls stays the application's to choose: an
//! application that installed one (aws-lc-rs, say) has it used here too; otherwise ring is
//! used without being installed.

use std::sync::Arc;

use rustls::ClientConfig;
use rustls::crypto::CryptoProvider;
use rustls::pki_types::CertificateDer;
use rustls::pki_types::pem::PemObject;

use crate::Error;

/// The provider the client's connections use: the process default when the application
/// installed one, else ring.
fn provider() -> Arc<CryptoProvider> {
    CryptoProvider::get_default()
        .cloned()
        .unwrap_or_else(|| Arc::new(rustls::crypto::ring::default_provider()))
}

/// A TLS configuration that verifies servers against the platform's trust store plus
/// `extra_roots` (PEM bundles), speaking HTTP/1.1.
pub(crate) fn client_config(extra_roots: &[Vec<u8>]) -> Result<ClientConfig, Error> {
    let provider = provider();
    let mut roots = Vec::new();
    for pem in extra_roots {
        let before = roots.len();
        for certificate in CertificateDer::pem_slice_iter(pem) {
            roots.push(certificate.map_err(|_| not_a_certificate())?);
        }
        if roots.len() == before {
            return Err(not_a_certificate());
        }
    }
    let verifier = if roots.is_empty() {
        rustls_platform_verifier::Verifier::new(provider.clone())
    } else {
        rustls_platform_verifier::Verifier::new_with_extra_roots(roots, provider.clone())
    }
    .map_err(|e| Error::Config(format!("cannot set up certificate verification: {e}")))?;
    let mut config = ClientConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .map_err(|e| Error::Config(format!("cannot set up TLS: {e}")))?
        .dangerous()
        .with_custom_certificate_verifier(Arc::new(verifier))
        .with_no_client_auth();
    config.alpn_protocols = vec![b"http/1.1".to_vec()];
    Ok(config)
}

fn not_a_certificate() -> Error {
    Error::Config("a root certificate is not a PEM certificate".to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rejects_what_is_not_a_certificate() {
        let err = client_config(&[b"not a certificate".to_vec()]).unwrap_err();
        assert!(err.to_string().contains("not a PEM certificate"), "{err}");
    }

    #[test]
    fn leaves_the_process_default_alone() {
        let config = client_config(&[]).unwrap();
        assert_eq!(config.alpn_protocols, [b"http/1.1".to_vec()]);
        assert!(CryptoProvider::get_default().is_none());
    }
}
