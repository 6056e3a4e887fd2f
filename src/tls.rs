//! TLS with rustls (no system OpenSSL): the certificate checks each libpq `sslmode` asks for.
//!
//! | sslmode | encrypted | certificate checked |
//! | --- | --- | --- |
//! | disable | never | - |
//! | allow, prefer | if the server wants / can | no |
//! | require | always | no; against `sslrootcert` if one is given (libpq's rule) |
//! | verify-ca | always | signed by a trusted CA |
//! | verify-full | always | signed by a trusted CA, and names the host |

use std::sync::{Arc, OnceLock};

use rustls::client::WebPkiServerVerifier;
use rustls::client::danger::{HandshakeSignatureValid, ServerCertVerified, ServerCertVerifier};
use rustls::crypto::{CryptoProvider, verify_tls12_signature, verify_tls13_signature};
use rustls::pki_types::pem::PemObject;
use rustls::pki_types::{CertificateDer, ServerName, UnixTime};
use rustls::{
    CertificateError, ClientConfig, DigitallySignedStruct, RootCertStore, SignatureScheme,
};
use tokio_postgres_rustls::MakeRustlsConnect;

use crate::config::{RootCerts, SslMode};
use crate::error::Failure;

/// The TLS connector for one connection's sslmode. Its rustls configuration is built when
/// the driver first asks for it, once a server has accepted the TCP connection: a refused or
/// silent server costs no TLS setup (11 page faults, 0.05 ms of a failed connect;
/// benches/latency.py). A configuration that reads certificates is built at once, so that
/// a file the user must fix is reported before connecting.
#[derive(Clone, Default)]
pub struct Connector(Arc<OnceLock<MakeRustlsConnect>>);

impl Connector {
    /// The connector, built now if it was left for later.
    pub fn get(&self) -> Result<MakeRustlsConnect, Failure> {
        if let Some(built) = self.0.get() {
            return Ok(built.clone());
        }
        let provider = Arc::new(rustls::crypto::ring::default_provider());
        let verifier = Arc::new(NoCheck {
            provider: provider.clone(),
        });
        let built = client_config(provider, verifier)?;
        Ok(self.0.get_or_init(|| built).clone())
    }
}

/// The TLS connector for a connection in `mode`.
pub fn connector(mode: SslMode, roots: Option<&RootCerts>) -> Result<Connector, Failure> {
    let roots = match (mode, roots) {
        (SslMode::VerifyFull | SslMode::VerifyCa | SslMode::Require, Some(roots)) => roots,
        (SslMode::VerifyFull | SslMode::VerifyCa, None) => {
            return Err(Failure::config(format!(
                "sslmode={} needs the certificate authorities to trust: set sslrootcert (PGSSLROOTCERT, POSTGRES_SSLROOTCERT) to a PEM file, or to `system`",
                mode.name()
            )));
        }
        // Any certificate will do (NoCheck): nothing to read or build before a server answers.
        (_, _) => return Ok(Connector::default()),
    };
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let verifier: Arc<dyn ServerCertVerifier> = if mode == SslMode::VerifyFull {
        webpki(roots, &provider)?
    } else {
        Arc::new(AnyHostName {
            inner: webpki(roots, &provider)?,
        })
    };
    let built = client_config(provider, verifier)?;
    Ok(Connector(Arc::new(OnceLock::from(built))))
}

fn client_config(
    provider: Arc<CryptoProvider>,
    verifier: Arc<dyn ServerCertVerifier>,
) -> Result<MakeRustlsConnect, Failure> {
    let config = ClientConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .map_err(|error| Failure::config(format!("TLS setup failed: {error}")))?
        .dangerous()
        .with_custom_certificate_verifier(verifier)
        .with_no_client_auth();
    Ok(MakeRustlsConnect::new(config))
}

fn webpki(
    roots: &RootCerts,
    provider: &Arc<CryptoProvider>,
) -> Result<Arc<WebPkiServerVerifier>, Failure> {
    let mut store = RootCertStore::empty();
    match roots {
        RootCerts::File(path) => {
            let unreadable = |problem: String| {
                Failure::config(format!(
                    "cannot read sslrootcert {}: {problem}",
                    path.display()
                ))
            };
            let certs = CertificateDer::pem_file_iter(path)
                .map_err(|error| unreadable(error.to_string()))?;
            for cert in certs {
                let cert = cert.map_err(|error| unreadable(error.to_string()))?;
                store
                    .add(cert)
                    .map_err(|error| unreadable(error.to_string()))?;
            }
            if store.is_empty() {
                return Err(unreadable("it holds no PEM certificate".to_owned()));
            }
        }
        RootCerts::System => {
            let found = rustls_native_certs::load_native_certs();
            let (added, _) = store.add_parsable_certificates(found.certs);
            if added == 0 {
                return Err(Failure::config(
                    "sslrootcert=system, but no certificate authorities were found on this system"
                        .to_owned(),
                ));
            }
        }
    }
    WebPkiServerVerifier::builder_with_provider(Arc::new(store), provider.clone())
        .build()
        .map_err(|error| Failure::config(format!("TLS setup failed: {error}")))
}

/// Says in words what went wrong in a handshake, for the one-line error.
pub fn describe(error: &rustls::Error, host: &str) -> String {
    match error {
        rustls::Error::InvalidCertificate(CertificateError::UnknownIssuer) => {
            "the server's certificate is not signed by a trusted certificate authority (check sslrootcert)".to_owned()
        }
        rustls::Error::InvalidCertificate(
            CertificateError::NotValidForName | CertificateError::NotValidForNameContext { .. },
        ) => format!("the server's certificate does not name the host `{host}`"),
        rustls::Error::InvalidCertificate(
            CertificateError::Expired | CertificateError::ExpiredContext { .. },
        ) => "the server's certificate has expired".to_owned(),
        other => format!("TLS handshake failed: {other}"),
    }
}

/// verify-ca: the chain must lead to a trusted CA; the name in it is not checked.
#[derive(Debug)]
struct AnyHostName {
    inner: Arc<WebPkiServerVerifier>,
}

impl ServerCertVerifier for AnyHostName {
    fn verify_server_cert(
        &self,
        end_entity: &CertificateDer<'_>,
        intermediates: &[CertificateDer<'_>],
        server_name: &ServerName<'_>,
        ocsp_response: &[u8],
        now: UnixTime,
    ) -> Result<ServerCertVerified, rustls::Error> {
        match self.inner.verify_server_cert(
            end_entity,
            intermediates,
            server_name,
            ocsp_response,
            now,
        ) {
            Err(rustls::Error::InvalidCertificate(
                CertificateError::NotValidForName | CertificateError::NotValidForNameContext { .. },
            )) => Ok(ServerCertVerified::assertion()),
            other => other,
        }
    }

    fn verify_tls12_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        self.inner.verify_tls12_signature(message, cert, dss)
    }

    fn verify_tls13_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        self.inner.verify_tls13_signature(message, cert, dss)
    }

    fn supported_verify_schemes(&self) -> Vec<SignatureScheme> {
        self.inner.supported_verify_schemes()
    }
}

/// prefer and require (without sslrootcert): encrypted, but any certificate is accepted, as
/// libpq does. The handshake's signatures are still checked.
#[derive(Debug)]
struct NoCheck {
    provider: Arc<CryptoProvider>,
}

impl ServerCertVerifier for NoCheck {
    fn verify_server_cert(
        &self,
        _: &CertificateDer<'_>,
        _: &[CertificateDer<'_>],
        _: &ServerName<'_>,
        _: &[u8],
        _: UnixTime,
    ) -> Result<ServerCertVerified, rustls::Error> {
        Ok(ServerCertVerified::assertion())
    }

    fn verify_tls12_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        verify_tls12_signature(
            message,
            cert,
            dss,
            &self.provider.signature_verification_algorithms,
        )
    }

    fn verify_tls13_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        verify_tls13_signature(
            message,
            cert,
            dss,
            &self.provider.signature_verification_algorithms,
        )
    }

    fn supported_verify_schemes(&self) -> Vec<SignatureScheme> {
        self.provider
            .signature_verification_algorithms
            .supported_schemes()
    }
}
