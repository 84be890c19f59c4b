//! Where a server ledger is: a `postgresql://` or `postgres://` URL, read as libpq reads it
//! (a Unix socket folder as `host=/dir`, no host meaning the system's socket folder), the
//! password from `PGPASSWORD` or `~/.pgpass` when the URL has none, and the URL as shown to a
//! user with any password taken out. libpq's TLS parameters are taken out of the URL for
//! [`super::tls`], which the `postgres` crate's parser would refuse.

use postgres::config::Host;
use std::path::Path;

/// Where the distribution's server puts its socket when no host is named (libpq's default).
const DEFAULT_SOCKET_DIR: &str = "/var/run/postgresql";

/// Whether `location` names a PostgreSQL ledger rather than a file.
pub fn is_server(location: &Path) -> bool {
    location
        .to_str()
        .is_some_and(|s| s.starts_with("postgresql://") || s.starts_with("postgres://"))
}

/// The URL without its password, for messages.
pub fn shown(url: &str) -> String {
    let Some((scheme, rest)) = url.split_once("://") else {
        return url.to_string();
    };
    let (authority, tail) = match rest.find(['/', '?']) {
        Some(i) => rest.split_at(i),
        None => (rest, ""),
    };
    let authority = match authority.rsplit_once('@') {
        Some((user, host)) => match user.split_once(':') {
            Some((name, _)) => format!("{name}:***@{host}"),
            None => format!("{user}@{host}"),
        },
        None => authority.to_string(),
    };
    let tail: Vec<String> = tail
        .split('&')
        .map(|p| match p.split_once('=') {
            Some((k, _)) if k.trim_start_matches('?') == "password" => format!("{k}=***"),
            _ => p.to_string(),
        })
        .collect();
    format!("{scheme}://{authority}{}", tail.join("&"))
}

/// `url` without the parameters named in `names`, and those parameters, their values decoded.
pub fn take_params(url: &str, names: &[&str]) -> (String, Vec<(String, String)>) {
    let Some((base, query)) = url.split_once('?') else {
        return (url.to_string(), Vec::new());
    };
    let mut taken = Vec::new();
    let mut kept = Vec::new();
    for pair in query.split('&') {
        match pair.split_once('=') {
            Some((k, v)) if names.contains(&k) => taken.push((k.to_string(), decode(v))),
            _ => kept.push(pair),
        }
    }
    let url = if kept.is_empty() {
        base.to_string()
    } else {
        format!("{base}?{}", kept.join("&"))
    };
    (url, taken)
}

/// A URL query value with its `%XX` escapes decoded.
fn decode(value: &str) -> String {
    let bytes = value.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = |b: u8| (b as char).to_digit(16);
        match bytes[i] {
            b'%' if i + 2 < bytes.len() => match (hex(bytes[i + 1]), hex(bytes[i + 2])) {
                (Some(h), Some(l)) => {
                    out.push((h * 16 + l) as u8);
                    i += 3;
                    continue;
                }
                _ => out.push(b'%'),
            },
            // A `+` stays a `+`, as libpq keeps it (c++.key), not a space as in a form.
            b => out.push(b),
        }
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// The connection settings of `url` (without its TLS parameters), completed as libpq would
/// complete them.
pub fn config(url: &str) -> Result<postgres::Config, String> {
    let mut config: postgres::Config = url.parse().map_err(|e: postgres::Error| e.to_string())?;
    if config.get_hosts().is_empty() {
        config.host_path(DEFAULT_SOCKET_DIR);
    }
    if config.get_dbname().is_none()
        && let Some(user) = config.get_user().map(str::to_string)
    {
        config.dbname(&user);
    }
    config.application_name("dutymatrix");
    if config.get_password().is_none()
        && let Some(p) = password(&config)
    {
        config.password(p);
    }
    Ok(config)
}

/// `PGPASSWORD`, else the first matching line of `PGPASSFILE` or `~/.pgpass`, which libpq
/// ignores unless only its owner may read it (and so does this).
fn password(config: &postgres::Config) -> Option<String> {
    if let Some(p) = std::env::var_os("PGPASSWORD").and_then(|p| p.into_string().ok()) {
        return Some(p);
    }
    let file = match std::env::var_os("PGPASSFILE") {
        Some(f) => std::path::PathBuf::from(f),
        None => std::path::PathBuf::from(std::env::var_os("HOME").filter(|h| !h.is_empty())?)
            .join(".pgpass"),
    };
    use std::os::unix::fs::MetadataExt;
    let meta = std::fs::metadata(&file).ok()?;
    if !meta.is_file() || meta.mode() & 0o077 != 0 || meta.len() > 1 << 20 {
        return None;
    }
    let text = std::fs::read_to_string(&file).ok()?;
    let host = match config.get_hosts().first() {
        Some(Host::Tcp(h)) => h.clone(),
        // libpq matches a socket connection as "localhost".
        _ => "localhost".to_string(),
    };
    let port = config
        .get_ports()
        .first()
        .copied()
        .unwrap_or(5432)
        .to_string();
    let db = config.get_dbname().unwrap_or_default().to_string();
    let user = config.get_user().unwrap_or_default().to_string();
    text.lines()
        .filter(|l| !l.starts_with('#'))
        .filter_map(pgpass_fields)
        .find(|f| {
            let fits = |field: &str, value: &str| field == "*" || field == value;
            fits(&f[0], &host) && fits(&f[1], &port) && fits(&f[2], &db) && fits(&f[3], &user)
        })
        .map(|mut f| f.swap_remove(4))
}

/// One `hostname:port:database:username:password` line; `\:` and `\\` escape.
fn pgpass_fields(line: &str) -> Option<Vec<String>> {
    let mut fields = vec![String::new()];
    let mut chars = line.chars();
    while let Some(c) = chars.next() {
        match c {
            '\\' => fields.last_mut()?.push(chars.next()?),
            ':' if fields.len() < 5 => fields.push(String::new()),
            c => fields.last_mut()?.push(c),
        }
    }
    (fields.len() == 5).then_some(fields)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_password_is_never_shown() {
        assert_eq!(
            shown("postgresql://ann:s3cret@db.example:5432/plan?sslmode=require"),
            "postgresql://ann:***@db.example:5432/plan?sslmode=require"
        );
        assert_eq!(
            shown("postgres:///plan?host=/run/pg&password=x"),
            "postgres:///plan?host=/run/pg&password=***"
        );
        assert_eq!(shown("postgresql://ann@h/db"), "postgresql://ann@h/db");
    }

    #[test]
    fn server_locations_are_told_from_files() {
        assert!(is_server(Path::new("postgresql:///plan?host=/tmp")));
        assert!(is_server(Path::new("postgres://h/db")));
        assert!(!is_server(Path::new("/srv/team/ledger.sqlite3")));
        assert!(!is_server(Path::new("postgresql.sqlite3")));
    }

    #[test]
    fn pgpass_lines_are_read_with_their_escapes() {
        assert_eq!(
            pgpass_fields(r"db\:1:5432:*:ann:pa\:ss:word").unwrap(),
            ["db:1", "5432", "*", "ann", "pa:ss:word"]
        );
        assert_eq!(pgpass_fields("too:few"), None);
    }

    #[test]
    fn tls_parameters_are_taken_out_and_decoded() {
        let (url, taken) = take_params(
            "postgresql://h/db?sslmode=verify-full&connect_timeout=3&sslrootcert=/a%20b/r.crt",
            super::super::tls::PARAMS,
        );
        assert_eq!(url, "postgresql://h/db?connect_timeout=3");
        assert_eq!(
            taken,
            [
                ("sslmode".to_string(), "verify-full".to_string()),
                ("sslrootcert".to_string(), "/a b/r.crt".to_string())
            ]
        );
        let (url, taken) = take_params("postgresql://h/db?sslmode=require", &["sslmode"]);
        assert_eq!((url.as_str(), taken.len()), ("postgresql://h/db", 1));
        assert_eq!(decode("100%"), "100%");
        assert_eq!(decode("/k/c++.key"), "/k/c++.key");
        assert_eq!(decode("%e4%b8%ad"), "中");
    }

    #[test]
    fn a_socket_url_names_its_folder_and_database() {
        let c = config("postgresql:///plan?host=/tmp/sock&user=ann").unwrap();
        assert_eq!(c.get_dbname(), Some("plan"));
        assert_eq!(c.get_user(), Some("ann"));
        assert!(matches!(&c.get_hosts()[0], Host::Unix(p) if p == Path::new("/tmp/sock")));
        let c = config("postgres:///plan").unwrap();
        assert!(matches!(&c.get_hosts()[0], Host::Unix(p) if p == Path::new(DEFAULT_SOCKET_DIR)));
    }
}
