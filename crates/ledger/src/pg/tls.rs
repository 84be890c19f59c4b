//! TLS to the server as libpq does it: `sslmode` (disable, allow, prefer, require, verify-ca,
//! verify-full), the root certificate the server's is checked against (`sslrootcert`, by
//! default `~/.postgresql/root.crt`, `system` for the system's roots) and a client certificate
//! (`sslcert` and `sslkey`, by default `~/.postgresql/postgresql.crt` and `.key`), each also from
//! libpq's variables (`PGSSLMODE`, `PGSSLROOTCERT`, `PGSSLCERT`, `PGSSLKEY`). The handshake is
//! the system's OpenSSL ([`super::tls_io`]).

use super::tls_io::{Connector, Seen};
use crate::error::TlsProblem;
use openssl::ssl::{SslContext, SslMethod, SslMode, SslOptions, SslVersion};
use openssl::x509::X509;
use openssl::x509::store::X509StoreBuilder;
use std::path::{Path, PathBuf};

/// libpq's `sslmode`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Mode {
    Disable,
    /// Without TLS first; with TLS if the server refuses that.
    Allow,
    /// With TLS if the server offers it and the handshake works; else without (libpq's default).
    Prefer,
    /// TLS or nothing; the certificate checked only when a root certificate file is there.
    Require,
    /// TLS, the certificate checked against the root certificate.
    VerifyCa,
    /// As verify-ca, and the certificate must name the host connected to.
    VerifyFull,
}

impl Mode {
    fn parse(value: &str) -> Result<Mode, TlsProblem> {
        Ok(match value {
            "disable" => Mode::Disable,
            "allow" => Mode::Allow,
            "prefer" => Mode::Prefer,
            "require" => Mode::Require,
            "verify-ca" => Mode::VerifyCa,
            "verify-full" => Mode::VerifyFull,
            _ => {
                return Err(TlsProblem::BadMode {
                    value: value.to_string(),
                });
            }
        })
    }

    pub fn name(self) -> &'static str {
        match self {
            Mode::Disable => "disable",
            Mode::Allow => "allow",
            Mode::Prefer => "prefer",
            Mode::Require => "require",
            Mode::VerifyCa => "verify-ca",
            Mode::VerifyFull => "verify-full",
        }
    }

    fn verifies(self) -> bool {
        matches!(self, Mode::VerifyCa | Mode::VerifyFull)
    }
}

/// What the server's certificate is checked against.
#[derive(Clone, Debug, PartialEq, Eq)]
enum Root {
    /// The system's trusted roots (`sslrootcert=system`).
    System,
    File(PathBuf),
    /// No file named and no home folder to look in.
    Nowhere,
}

/// The TLS settings of one ledger URL.
#[derive(Clone, Debug)]
pub struct Tls {
    pub mode: Mode,
    root: Root,
    cert: Option<PathBuf>,
    key: Option<PathBuf>,
}

/// The URL's parameters that are libpq's TLS settings, which the `postgres` crate does not read.
pub const PARAMS: &[&str] = &["sslmode", "sslrootcert", "sslcert", "sslkey"];

/// OpenSSL's `X509_V_ERR_HOSTNAME_MISMATCH` and `X509_V_ERR_IP_ADDRESS_MISMATCH`.
const NAME_MISMATCH: [i32; 2] = [62, 64];

impl Tls {
    /// The settings from the URL's `params` (the last of each name), else libpq's variables,
    /// else libpq's defaults under `$HOME/.postgresql`.
    pub fn new(params: &[(String, String)]) -> Result<Tls, TlsProblem> {
        let get = |name: &str, var: &str| {
            params
                .iter()
                .rev()
                .find(|(n, _)| n == name)
                .map(|(_, v)| v.clone())
                .or_else(|| std::env::var(var).ok())
                .filter(|v| !v.is_empty())
        };
        let home = std::env::var_os("HOME")
            .filter(|h| !h.is_empty())
            .map(|h| PathBuf::from(h).join(".postgresql"));
        let in_home = |file: &str| home.as_ref().map(|h| h.join(file));
        let root = match get("sslrootcert", "PGSSLROOTCERT").as_deref() {
            Some("system") => Root::System,
            Some(file) => Root::File(file.into()),
            None => in_home("root.crt").map_or(Root::Nowhere, Root::File),
        };
        let mode = match get("sslmode", "PGSSLMODE") {
            Some(m) => Mode::parse(&m)?,
            // libpq 16: the system's roots are trusted for any name they sign, so only a
            // checked name means anything; that is the default with them, and nothing weaker.
            None if root == Root::System => Mode::VerifyFull,
            None => Mode::Prefer,
        };
        if root == Root::System && mode != Mode::VerifyFull {
            return Err(TlsProblem::WeakWithSystem {
                mode: mode.name().to_string(),
            });
        }
        Ok(Tls {
            mode,
            root,
            cert: get("sslcert", "PGSSLCERT")
                .map(PathBuf::from)
                .or_else(|| in_home("postgresql.crt")),
            key: get("sslkey", "PGSSLKEY")
                .map(PathBuf::from)
                .or_else(|| in_home("postgresql.key")),
        })
    }

    /// The connector for one connection, as libpq sets one up: TLS 1.2 or newer, the
    /// server's certificate checked when the mode asks or a root certificate file is there, the
    /// name too under verify-full, a client certificate sent when its file is there. What a
    /// failed check found goes to `seen`.
    pub fn connector(&self, seen: &Seen) -> Result<Connector, TlsProblem> {
        let openssl = |file: &Path| {
            let file = file.display().to_string();
            // OpenSSL's first reason, not its whole stack of library codes.
            move |e: openssl::error::ErrorStack| TlsProblem::BadFile {
                file,
                detail: e
                    .errors()
                    .first()
                    .and_then(|e| e.reason())
                    .map_or_else(|| e.to_string(), str::to_string),
            }
        };
        let handshake = |e: openssl::error::ErrorStack| TlsProblem::Handshake {
            detail: e.to_string(),
        };
        let mut b = SslContext::builder(SslMethod::tls_client()).map_err(handshake)?;
        b.set_min_proto_version(Some(SslVersion::TLS1_2))
            .map_err(handshake)?;
        b.set_options(SslOptions::NO_COMPRESSION);
        // An async stream may offer a write again from another buffer, or take part of it.
        b.set_mode(
            SslMode::AUTO_RETRY
                | SslMode::ACCEPT_MOVING_WRITE_BUFFER
                | SslMode::ENABLE_PARTIAL_WRITE,
        );
        let verify = match &self.root {
            Root::System => {
                b.set_default_verify_paths().map_err(handshake)?;
                true
            }
            Root::File(file) if file.exists() => {
                b.set_cert_store(store(file)?);
                true
            }
            Root::File(file) if self.mode.verifies() => {
                return Err(TlsProblem::NoRootCert {
                    file: file.display().to_string(),
                });
            }
            Root::Nowhere if self.mode.verifies() => {
                return Err(TlsProblem::NoRootCert {
                    file: "~/.postgresql/root.crt".into(),
                });
            }
            _ => false,
        };
        if let Some((cert, key)) = self.client_files()? {
            b.set_certificate_chain_file(&cert)
                .map_err(openssl(&cert))?;
            // Read here, not by OpenSSL, whose default for a locked key is to ask for its
            // passphrase on the terminal, under the dashboard.
            let pem = std::fs::read(&key).map_err(|e| bad_file(&key, &e.to_string()))?;
            if pem.windows(9).any(|w| w == b"ENCRYPTED") {
                return Err(TlsProblem::KeyEncrypted {
                    file: key.display().to_string(),
                });
            }
            let pkey = openssl::pkey::PKey::private_key_from_pem_callback(&pem, |_| Ok(0))
                .map_err(openssl(&key))?;
            b.set_private_key(&pkey).map_err(openssl(&key))?;
            b.check_private_key().map_err(openssl(&key))?;
        }
        Ok(Connector {
            ctx: b.build(),
            verify,
            verify_name: self.mode == Mode::VerifyFull,
            seen: seen.clone(),
        })
    }

    /// The client certificate and key to send, if the certificate file is there (libpq goes on
    /// without one when it is not); a key that others may read is refused as libpq refuses it.
    fn client_files(&self) -> Result<Option<(PathBuf, PathBuf)>, TlsProblem> {
        let (Some(cert), Some(key)) = (&self.cert, &self.key) else {
            return Ok(None);
        };
        match std::fs::metadata(cert) {
            Ok(_) => {}
            Err(e) if matches!(e.kind(), std::io::ErrorKind::NotFound) => return Ok(None),
            Err(e) => return Err(bad_file(cert, &e.to_string())),
        }
        use std::os::unix::fs::MetadataExt;
        let meta = match std::fs::metadata(key) {
            Ok(m) => m,
            Err(e) if matches!(e.kind(), std::io::ErrorKind::NotFound) => {
                return Err(TlsProblem::NoKey {
                    cert: cert.display().to_string(),
                    key: key.display().to_string(),
                });
            }
            Err(e) => return Err(bad_file(key, &e.to_string())),
        };
        if !meta.is_file() {
            return Err(bad_file(key, "not a regular file"));
        }
        // SAFETY: geteuid has no preconditions and cannot fail.
        let me = unsafe { libc::geteuid() };
        // Yours: u=rw at most. Root's: u=rw,g=r at most, so that a group may share a system key.
        let too_open = (meta.uid() == me && meta.mode() & 0o077 != 0)
            || (meta.uid() == 0 && meta.mode() & 0o037 != 0);
        if too_open {
            return Err(TlsProblem::KeyReadable {
                file: key.display().to_string(),
            });
        }
        Ok(Some((cert.clone(), key.clone())))
    }

    /// What a connection failure `e` says about TLS, if it was TLS that failed; `None` for a
    /// server that could not be reached, whose connection was lost, or that refused the login.
    pub fn problem(&self, e: &postgres::Error, seen: &Seen, host: &str) -> Option<TlsProblem> {
        if let Some((code, detail)) = seen.lock().ok().and_then(|s| s.clone()) {
            return Some(if NAME_MISMATCH.contains(&code) {
                TlsProblem::HostMismatch {
                    host: host.to_string(),
                }
            } else {
                TlsProblem::Untrusted {
                    root: match &self.root {
                        Root::File(f) => Some(f.display().to_string()),
                        _ => None,
                    },
                    detail,
                }
            });
        }
        let mut source: Option<&(dyn std::error::Error + 'static)> = Some(e);
        while let Some(s) = source {
            // tokio-postgres's words when the server answers a TLS request with "no".
            if s.to_string() == "server does not support TLS" {
                return Some(TlsProblem::NotOffered {
                    mode: self.mode.name().to_string(),
                });
            }
            if let Some(ssl) = s.downcast_ref::<openssl::ssl::Error>() {
                // The connection broke during the handshake: the network, not TLS.
                if ssl.io_error().is_some() {
                    return None;
                }
                return Some(TlsProblem::Handshake {
                    detail: ssl.to_string(),
                });
            }
            source = s.source();
        }
        None
    }
}

fn bad_file(file: &Path, detail: &str) -> TlsProblem {
    TlsProblem::BadFile {
        file: file.display().to_string(),
        detail: detail.to_string(),
    }
}

/// The root certificates in the PEM file `file`.
fn store(file: &Path) -> Result<openssl::x509::store::X509Store, TlsProblem> {
    let bytes = std::fs::read(file).map_err(|e| bad_file(file, &e.to_string()))?;
    let certs = X509::stack_from_pem(&bytes).map_err(|e| bad_file(file, &e.to_string()))?;
    if certs.is_empty() {
        return Err(bad_file(file, "no PEM certificate in it"));
    }
    let mut store = X509StoreBuilder::new().map_err(|e| bad_file(file, &e.to_string()))?;
    for c in certs {
        store
            .add_cert(c)
            .map_err(|e| bad_file(file, &e.to_string()))?;
    }
    Ok(store.build())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn params(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
        pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect()
    }

    #[test]
    fn modes_are_libpqs() {
        let t = Tls::new(&params(&[("sslmode", "verify-full")])).unwrap();
        assert_eq!(t.mode, Mode::VerifyFull);
        assert_eq!(
            Tls::new(&params(&[("sslmode", "verify_full")])).unwrap_err(),
            TlsProblem::BadMode {
                value: "verify_full".into()
            }
        );
    }

    #[test]
    fn the_system_roots_mean_verify_full() {
        let t = Tls::new(&params(&[("sslrootcert", "system")])).unwrap();
        assert_eq!((t.mode, &t.root), (Mode::VerifyFull, &Root::System));
        assert_eq!(
            Tls::new(&params(&[
                ("sslrootcert", "system"),
                ("sslmode", "require")
            ]))
            .unwrap_err(),
            TlsProblem::WeakWithSystem {
                mode: "require".into()
            }
        );
    }

    #[test]
    fn verifying_without_a_root_file_is_refused_before_connecting() {
        let dir = tempfile::tempdir().unwrap();
        let missing = dir.path().join("root.crt");
        let t = Tls::new(&params(&[
            ("sslmode", "verify-ca"),
            ("sslrootcert", missing.to_str().unwrap()),
        ]))
        .unwrap();
        let seen = Seen::default();
        assert_eq!(
            t.connector(&seen).err(),
            Some(TlsProblem::NoRootCert {
                file: missing.display().to_string()
            })
        );
        // require goes on without checking, as libpq does.
        let t = Tls {
            mode: Mode::Require,
            ..t
        };
        assert!(t.connector(&seen).is_ok());
    }

    #[test]
    fn a_key_others_may_read_is_refused_and_a_missing_key_named() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let (cert, key) = (dir.path().join("c.crt"), dir.path().join("c.key"));
        std::fs::write(&cert, "not read before the key is checked").unwrap();
        let t = Tls::new(&params(&[
            ("sslcert", cert.to_str().unwrap()),
            ("sslkey", key.to_str().unwrap()),
        ]))
        .unwrap();
        assert!(matches!(t.client_files(), Err(TlsProblem::NoKey { .. })));
        std::fs::write(&key, "k").unwrap();
        std::fs::set_permissions(&key, std::fs::Permissions::from_mode(0o644)).unwrap();
        assert_eq!(
            t.client_files(),
            Err(TlsProblem::KeyReadable {
                file: key.display().to_string()
            })
        );
        std::fs::set_permissions(&key, std::fs::Permissions::from_mode(0o600)).unwrap();
        assert_eq!(t.client_files(), Ok(Some((cert.clone(), key.clone()))));
        // No certificate file: no client certificate, and no complaint.
        std::fs::remove_file(&cert).unwrap();
        assert_eq!(t.client_files(), Ok(None));
    }
}
