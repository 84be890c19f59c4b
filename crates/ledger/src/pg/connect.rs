//! The one way to the server, for the store, its listener, publishing and importing alike: the
//! URL's settings with its TLS ones (`tls`), and a connection made as libpq makes it. Over a
//! Unix socket TLS is never tried (as libpq: the socket is the machine's own); over TCP the
//! `sslmode` decides.

use super::error::pg_error;
use super::location;
use super::tls::{Mode, Tls};
use super::tls_io::Seen;
use crate::error::{LedgerError, TlsProblem};
use postgres::config::{Host, SslMode};
use postgres::{Client, NoTls};
use std::time::Duration;

/// How long connecting may take before the ledger is called unreachable.
const CONNECT_TIMEOUT: Duration = Duration::from_secs(5);

/// Where the ledger's server is and how to reach it.
#[derive(Clone)]
pub(crate) struct Server {
    pub config: postgres::Config,
    pub tls: Tls,
    /// The URL without its password, for messages.
    pub shown: String,
}

impl Server {
    /// The settings of `url`, a connection timeout added when the URL sets none.
    pub fn of(url: &str) -> Result<Server, LedgerError> {
        let shown = location::shown(url);
        let (rest, params) = location::take_params(url, super::tls::PARAMS);
        let tls = Tls::new(&params).map_err(|problem| LedgerError::Tls {
            path: shown.clone(),
            problem,
        })?;
        let mut config = location::config(&rest).map_err(|detail| LedgerError::Invalid {
            reason: format!("{shown}: {detail}"),
        })?;
        if config.get_connect_timeout().is_none() {
            config.connect_timeout(CONNECT_TIMEOUT);
        }
        Ok(Server { config, tls, shown })
    }

    /// The first host reached over TCP, if any: the name a certificate must hold.
    fn tcp_host(&self) -> Option<&str> {
        self.config.get_hosts().iter().find_map(|h| match h {
            Host::Tcp(name) => Some(name.as_str()),
            _ => None,
        })
    }

    /// A new connection.
    pub fn connect(&self) -> Result<Client, LedgerError> {
        let Some(host) = self.tcp_host() else {
            return self.plain().map_err(|e| pg_error(&self.shown, &e));
        };
        match self.tls.mode {
            Mode::Disable => self.plain().map_err(|e| pg_error(&self.shown, &e)),
            // Without TLS first; with it when the server answers (a refusal by pg_hba.conf,
            // say "hostssl" only) rather than not at all.
            Mode::Allow => match self.plain() {
                Ok(c) => Ok(c),
                Err(e) if e.as_db_error().is_some() => self.secure(host, SslMode::Require, false),
                Err(e) => Err(pg_error(&self.shown, &e)),
            },
            Mode::Prefer => self.secure(host, SslMode::Prefer, true),
            Mode::Require | Mode::VerifyCa | Mode::VerifyFull => {
                self.secure(host, SslMode::Require, false)
            }
        }
    }

    fn plain(&self) -> Result<Client, postgres::Error> {
        let mut config = self.config.clone();
        config.ssl_mode(SslMode::Disable);
        config.connect(NoTls)
    }

    /// Over TLS; with `fall_back` (prefer), without it when TLS cannot be set up, as libpq.
    fn secure(&self, host: &str, mode: SslMode, fall_back: bool) -> Result<Client, LedgerError> {
        let fail = |problem| LedgerError::Tls {
            path: self.shown.clone(),
            problem,
        };
        let seen = Seen::default();
        // Under prefer, plain text when TLS fails; but when the server refuses plain text too
        // (hostssl only), what went wrong with TLS is what the user can mend, so it is told.
        let plain_else = |problem: TlsProblem| match self.plain() {
            Ok(c) => Ok(c),
            Err(e) if e.as_db_error().is_some() => Err(fail(problem)),
            Err(e) => Err(pg_error(&self.shown, &e)),
        };
        let connector = match self.tls.connector(&seen) {
            Ok(c) => c,
            Err(problem) if fall_back => return plain_else(problem),
            Err(problem) => return Err(fail(problem)),
        };
        let mut config = self.config.clone();
        config.ssl_mode(mode);
        match config.connect(connector) {
            Ok(c) => Ok(c),
            Err(e) => match self.tls.problem(&e, &seen, host) {
                Some(problem) if fall_back => plain_else(problem),
                Some(problem) => Err(fail(problem)),
                None => Err(pg_error(&self.shown, &e)),
            },
        }
    }
}
