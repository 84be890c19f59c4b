//! The TLS connector handed to the `postgres` client: OpenSSL through tokio-openssl, one `Ssl`
//! per connection from a context made for the ledger's settings. (postgres-openssl's connector
//! can only be made from an `SslConnector`, whose builder always loads the system's whole CA
//! bundle: about 50 ms a connection on this machine's kind, twice per command, even when a root
//! file then replaces it.) The stream gives the server's certificate hash for SCRAM's channel
//! binding, as libpq does.

use openssl::hash::MessageDigest;
use openssl::nid::Nid;
use openssl::ssl::{Ssl, SslContext, SslRef, SslVerifyMode};
use openssl::x509::verify::X509CheckFlags;
use postgres::tls::{ChannelBinding, MakeTlsConnect, TlsConnect, TlsStream};
use std::future::Future;
use std::io;
use std::net::IpAddr;
use std::pin::Pin;
use std::sync::{Arc, Mutex};
use std::task::{Context, Poll};
use tokio::io::{AsyncRead, AsyncWrite, BufReader, ReadBuf};
use tokio_openssl::SslStream;

/// The certificate check that failed during a handshake: OpenSSL's code and its words.
pub type Seen = Arc<Mutex<Option<(i32, String)>>>;

/// Makes each connection's TLS: checks the certificate when `verify`, its name too when
/// `verify_name`, and notes a failed check in `seen`.
pub struct Connector {
    pub ctx: SslContext,
    pub verify: bool,
    pub verify_name: bool,
    pub seen: Seen,
}

impl<S> MakeTlsConnect<S> for Connector
where
    S: AsyncRead + AsyncWrite + Unpin + Send + 'static,
{
    type Stream = Stream<S>;
    type TlsConnect = Connect;
    type Error = openssl::error::ErrorStack;

    fn make_tls_connect(&mut self, host: &str) -> Result<Connect, Self::Error> {
        let mut ssl = Ssl::new(&self.ctx)?;
        let address = host.parse::<IpAddr>();
        // The name for the server's sake (SNI, as libpq sends it), never an address.
        if address.is_err() {
            ssl.set_hostname(host)?;
        }
        if self.verify_name {
            let param = ssl.param_mut();
            param.set_hostflags(X509CheckFlags::NO_PARTIAL_WILDCARDS);
            match address {
                Ok(ip) => param.set_ip(ip)?,
                Err(_) => param.set_host(host)?,
            }
        }
        if self.verify {
            let seen = self.seen.clone();
            ssl.set_verify_callback(SslVerifyMode::PEER, move |ok, ctx| {
                if !ok && let Ok(mut s) = seen.lock() {
                    let e = ctx.error();
                    s.get_or_insert((e.as_raw(), e.error_string().to_string()));
                }
                ok
            });
        } else {
            ssl.set_verify(SslVerifyMode::NONE);
        }
        Ok(Connect(ssl))
    }
}

/// One connection's TLS, ready for the handshake.
pub struct Connect(Ssl);

impl<S> TlsConnect<S> for Connect
where
    S: AsyncRead + AsyncWrite + Unpin + Send + 'static,
{
    type Stream = Stream<S>;
    type Error = Box<dyn std::error::Error + Send + Sync>;
    type Future = Pin<Box<dyn Future<Output = Result<Stream<S>, Self::Error>> + Send>>;

    fn connect(self, stream: S) -> Self::Future {
        Box::pin(async move {
            let mut s = SslStream::new(self.0, BufReader::with_capacity(8192, stream))?;
            Pin::new(&mut s).connect().await?;
            Ok(Stream(s))
        })
    }
}

/// A connection over TLS.
pub struct Stream<S>(SslStream<BufReader<S>>);

impl<S: AsyncRead + AsyncWrite + Unpin> AsyncRead for Stream<S> {
    fn poll_read(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<io::Result<()>> {
        Pin::new(&mut self.0).poll_read(cx, buf)
    }
}

impl<S: AsyncRead + AsyncWrite + Unpin> AsyncWrite for Stream<S> {
    fn poll_write(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<io::Result<usize>> {
        Pin::new(&mut self.0).poll_write(cx, buf)
    }

    fn poll_flush(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.0).poll_flush(cx)
    }

    fn poll_shutdown(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.0).poll_shutdown(cx)
    }
}

impl<S: AsyncRead + AsyncWrite + Unpin> TlsStream for Stream<S> {
    fn channel_binding(&self) -> ChannelBinding {
        match server_end_point(self.0.ssl()) {
            Some(hash) => ChannelBinding::tls_server_end_point(hash),
            None => ChannelBinding::none(),
        }
    }
}

/// RFC 5929's tls-server-end-point: the server certificate's hash, by its signature's digest
/// (SHA-256 for MD5 and SHA-1).
fn server_end_point(ssl: &SslRef) -> Option<Vec<u8>> {
    let cert = ssl.peer_certificate()?;
    let algorithms = cert
        .signature_algorithm()
        .object()
        .nid()
        .signature_algorithms()?;
    let md = match algorithms.digest {
        Nid::MD5 | Nid::SHA1 => MessageDigest::sha256(),
        nid => MessageDigest::from_nid(nid)?,
    };
    cert.digest(md).ok().map(|d| d.to_vec())
}
