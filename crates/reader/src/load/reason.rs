//! Why a document could not be read, kept as what happened rather than as words, so that each
//! user reads it in the language of the rest of the screen (`--lang`). The English text is also
//! the `Display`, for logs and for the `error` field of `check --json`.

use crate::extract::ExtractError;
use serde::{Deserialize, Serialize};
use std::fmt;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum Reason {
    NotFound,
    PermissionDenied,
    /// Any other error of the system, in its own words.
    Os(String),
    Directory,
    /// A folder given with `--doc` that holds no document.
    EmptyFolder,
    /// `--no-builtin` with nothing else to read.
    NoDocuments,
    NotRegular(FileKind),
    TooBig {
        size: u64,
        limit: u64,
    },
    Extract(ExtractError),
}

/// What a path is when it is not a regular file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum FileKind {
    Fifo,
    Device,
    Socket,
    Other,
}

impl From<&std::io::Error> for Reason {
    fn from(e: &std::io::Error) -> Reason {
        match e.kind() {
            std::io::ErrorKind::NotFound => Reason::NotFound,
            std::io::ErrorKind::PermissionDenied => Reason::PermissionDenied,
            _ => Reason::Os(e.to_string()),
        }
    }
}

impl From<ExtractError> for Reason {
    fn from(e: ExtractError) -> Reason {
        Reason::Extract(e)
    }
}

impl Reason {
    fn en(&self) -> String {
        match self {
            Reason::NotFound => "no such file".into(),
            Reason::PermissionDenied => "permission denied".into(),
            Reason::Os(detail) => detail.clone(),
            Reason::Directory => "is a directory, not a document file".into(),
            Reason::EmptyFolder => {
                "is a folder with no documents in it (.txt, .docx, .xlsx, .html, .md …)".into()
            }
            Reason::NoDocuments => {
                "no documents to read: give at least one --doc FILE or folder".into()
            }
            Reason::NotRegular(kind) => {
                let what = match kind {
                    FileKind::Fifo => "a named pipe (FIFO)",
                    FileKind::Device => "a device",
                    FileKind::Socket => "a socket",
                    FileKind::Other => "not a regular file",
                };
                format!("is {what}, not a document file: give a saved .txt file")
            }
            Reason::TooBig { size, limit } => format!(
                "is {}, over the {} limit for a document (--max-size to change it)",
                size_shown(*size),
                size_shown(*limit)
            ),
            Reason::Extract(e) => e.to_string(),
        }
    }
}

impl fmt::Display for Reason {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.en())
    }
}

impl std::error::Error for Reason {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Reason::Extract(e) => Some(e),
            _ => None,
        }
    }
}

/// A size as people say it: `100.0 MB`, `512 KB`.
pub fn size_shown(bytes: u64) -> String {
    const MB: f64 = 1024.0 * 1024.0;
    if bytes >= 1024 * 1024 {
        format!("{:.1} MB", bytes as f64 / MB)
    } else {
        format!("{} KB", bytes.div_ceil(1024))
    }
}
