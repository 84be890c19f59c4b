//! The certificates of the TLS test cluster ([`super::pg::tls_cluster`]), made at test time
//! with the `openssl` command: a CA; the server's certificate, signed by it, for `localhost`
//! only, so that 127.0.0.1 is a name it does not hold; another CA that signed nothing the server
//! has; and a client certificate for carol. The server is told to refuse any TCP connection
//! without TLS, and to let carol in by her certificate only.

use super::pg::{as_root, checked};
use std::path::{Path, PathBuf};
use std::process::Command;

/// The files in a TLS cluster's folder `tls/`.
pub struct Certs(PathBuf);

impl Certs {
    /// The certificates of the cluster in `dir`.
    pub fn of(dir: &Path) -> Certs {
        Certs(dir.join("tls"))
    }

    /// The CA that signed the server's and carol's certificates.
    pub fn ca(&self) -> PathBuf {
        self.0.join("ca.crt")
    }

    /// A CA that signed neither.
    pub fn other_ca(&self) -> PathBuf {
        self.0.join("other-ca.crt")
    }

    /// carol's certificate (CN=carol).
    pub fn carol_cert(&self) -> PathBuf {
        self.0.join("carol.crt")
    }

    /// carol's private key, readable by its owner only.
    pub fn carol_key(&self) -> PathBuf {
        self.0.join("carol.key")
    }
}

fn openssl(dir: &Path, args: &[&str]) -> Result<(), String> {
    checked(
        &format!("openssl {}", args.join(" ")),
        Command::new("openssl").current_dir(dir).args(args).output(),
    )
    .map(|_| ())
}

/// A key and a certificate request for `cn`: `name.key`, `name.csr`.
fn request(dir: &Path, name: &str, cn: &str) -> Result<(), String> {
    openssl(
        dir,
        &[
            "req",
            "-new",
            "-newkey",
            "ec",
            "-pkeyopt",
            "ec_paramgen_curve:prime256v1",
            "-nodes",
            "-keyout",
            &format!("{name}.key"),
            "-out",
            &format!("{name}.csr"),
            "-subj",
            &format!("/CN={cn}"),
        ],
    )
}

/// A self-signed CA: `name.crt`, `name.key`.
fn ca(dir: &Path, name: &str) -> Result<(), String> {
    request(dir, name, &format!("dutymatrix test {name}"))?;
    std::fs::write(
        dir.join(format!("{name}.ext")),
        "basicConstraints=critical,CA:true\nkeyUsage=critical,keyCertSign,cRLSign\n",
    )
    .map_err(|e| e.to_string())?;
    openssl(
        dir,
        &[
            "x509",
            "-req",
            "-in",
            &format!("{name}.csr"),
            "-key",
            &format!("{name}.key"),
            "-days",
            "2",
            "-extfile",
            &format!("{name}.ext"),
            "-out",
            &format!("{name}.crt"),
        ],
    )
}

/// `name.crt` for `cn`, signed by `ca`, with `extensions` (an `-extfile`'s lines).
fn signed(dir: &Path, name: &str, cn: &str, extensions: &str) -> Result<(), String> {
    request(dir, name, cn)?;
    std::fs::write(dir.join(format!("{name}.ext")), extensions).map_err(|e| e.to_string())?;
    openssl(
        dir,
        &[
            "x509",
            "-req",
            "-in",
            &format!("{name}.csr"),
            "-CA",
            "ca.crt",
            "-CAkey",
            "ca.key",
            "-CAcreateserial",
            "-days",
            "2",
            "-extfile",
            &format!("{name}.ext"),
            "-out",
            &format!("{name}.crt"),
        ],
    )
}

/// Makes the certificates in `dir/tls/` and sets the cluster whose data folder is `data` to
/// TLS: on, with its certificate; carol by certificate; no TCP connection without TLS.
pub(super) fn prepare(dir: &Path, data: &Path) -> Result<(), String> {
    let tls = dir.join("tls");
    std::fs::create_dir(&tls).map_err(|e| e.to_string())?;
    ca(&tls, "ca")?;
    ca(&tls, "other-ca")?;
    signed(
        &tls,
        "server",
        "localhost",
        "subjectAltName=DNS:localhost\nextendedKeyUsage=serverAuth\n",
    )?;
    signed(&tls, "carol", "carol", "extendedKeyUsage=clientAuth\n")?;
    use std::os::unix::fs::PermissionsExt;
    for key in ["server.key", "carol.key"] {
        std::fs::set_permissions(tls.join(key), std::fs::Permissions::from_mode(0o600))
            .map_err(|e| e.to_string())?;
    }
    if as_root() {
        // The server reads its key as postgres; carol's stays root's, as the tests run as root.
        checked(
            "chown",
            Command::new("chown")
                .arg("postgres:postgres")
                .arg(tls.join("server.key"))
                .arg(&tls)
                .output(),
        )?;
    }
    let conf = data.join("postgresql.conf");
    let mut text = std::fs::read_to_string(&conf).map_err(|e| e.to_string())?;
    text.push_str(&format!(
        "\nssl = on\nssl_cert_file = '{0}/server.crt'\nssl_key_file = '{0}/server.key'\nssl_ca_file = '{0}/ca.crt'\n",
        tls.display()
    ));
    std::fs::write(&conf, text).map_err(|e| e.to_string())?;
    // First match wins: these come before initdb's "trust" lines.
    let hba = data.join("pg_hba.conf");
    let rest = std::fs::read_to_string(&hba).map_err(|e| e.to_string())?;
    std::fs::write(
        &hba,
        format!(
            "hostnossl all all 127.0.0.1/32 reject\nhostssl all carol 127.0.0.1/32 cert\n{rest}"
        ),
    )
    .map_err(|e| e.to_string())
}
