//! Why a document could not be read, kept as what happened rather than as words, so that each
//! user reads it in the language of the rest of the screen (`--lang`). The English text is also
//! the `Display`, for logs and for the `error` field of `check --json`.

use crate::extract::ExtractError;
use crate::extract::decode::DecodeError;
use crate::i18n::Lang;
use serde::{Deserialize, Serialize};
use std::fmt;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum Reason {
    NotFound,
    PermissionDenied,
    /// Any other error of the system, in its own words.
    Os(String),
    Directory,
    /// A folder given with `--doc` that holds no `.txt` file.
    EmptyFolder,
    /// `--no-builtin` with nothing else to read.
    NoDocuments,
    NotRegular(FileKind),
    TooBig {
        size: u64,
        limit: u64,
    },
    Extract(ExtractError),
    /// Never read (a reading thread gave nothing back for it).
    NotRead,
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
    pub fn text(&self, lang: Lang) -> String {
        match lang {
            Lang::Zh => self.zh(),
            Lang::En => self.en(),
        }
    }

    fn en(&self) -> String {
        match self {
            Reason::NotFound => "no such file".into(),
            Reason::PermissionDenied => "permission denied".into(),
            Reason::Os(detail) => detail.clone(),
            Reason::Directory => "is a directory, not a document file".into(),
            Reason::EmptyFolder => "is a folder with no .txt documents in it".into(),
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
            Reason::NotRead => "not read".into(),
        }
    }

    fn zh(&self) -> String {
        match self {
            Reason::NotFound => "文件不存在".into(),
            Reason::PermissionDenied => "没有读取权限".into(),
            Reason::Os(detail) => format!("系统报错（{detail}）"),
            Reason::Directory => "是文件夹，不是文档文件".into(),
            Reason::EmptyFolder => "是文件夹，但其中没有 .txt 文档".into(),
            Reason::NoDocuments => "没有可读的文档：请至少用 --doc 指定一个文件或文件夹".into(),
            Reason::NotRegular(kind) => {
                let what = match kind {
                    FileKind::Fifo => "命名管道（FIFO）",
                    FileKind::Device => "设备文件",
                    FileKind::Socket => "套接字",
                    FileKind::Other => "特殊文件",
                };
                format!("是{what}，不是文档文件：请指定保存好的 .txt 文件")
            }
            Reason::TooBig { size, limit } => format!(
                "大小 {}，超过单个文档的上限 {}（可用 --max-size 调整）",
                size_shown(*size),
                size_shown(*limit)
            ),
            Reason::Extract(ExtractError::NoAnnotations) => {
                "没有任何任务写明责任单位（未找到（责任单位：…）或（牵头单位：…）这样的标注）"
                    .into()
            }
            Reason::Extract(ExtractError::Decode(d)) => match d {
                DecodeError::Empty => "文件是空的".into(),
                DecodeError::Binary => "是二进制文件，不是文本文档".into(),
                DecodeError::Invalid(enc) => format!("内容不是有效的 {enc} 文本"),
                DecodeError::UnknownEncoding(label) => format!(
                    "不认识的编码“{label}”（可用 utf-8、gbk、gb18030、big5、utf-16le、utf-16be）"
                ),
            },
            Reason::NotRead => "未读取".into(),
        }
    }
}

impl fmt::Display for Reason {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.en())
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

#[cfg(test)]
mod tests {
    use super::*;

    /// Every reason reads in both languages; the English one is also its Display.
    #[test]
    fn every_reason_in_both_languages() {
        let all = [
            Reason::NotFound,
            Reason::PermissionDenied,
            Reason::Directory,
            Reason::EmptyFolder,
            Reason::NoDocuments,
            Reason::NotRegular(FileKind::Fifo),
            Reason::NotRegular(FileKind::Device),
            Reason::NotRegular(FileKind::Socket),
            Reason::NotRegular(FileKind::Other),
            Reason::TooBig {
                size: 3 << 20,
                limit: 1 << 20,
            },
            Reason::Extract(ExtractError::NoAnnotations),
            Reason::Extract(ExtractError::Decode(DecodeError::Empty)),
            Reason::Extract(ExtractError::Decode(DecodeError::Binary)),
            Reason::Extract(ExtractError::Decode(DecodeError::Invalid("UTF-8".into()))),
            Reason::Extract(ExtractError::Decode(DecodeError::UnknownEncoding(
                "klingon".into(),
            ))),
            Reason::NotRead,
        ];
        for r in &all {
            let zh = r.text(Lang::Zh);
            let en = r.text(Lang::En);
            assert_eq!(en, r.to_string());
            assert!(
                zh.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c)),
                "{zh}"
            );
        }
        assert_eq!(all[0].text(Lang::Zh), "文件不存在");
        assert_eq!(
            all[5].text(Lang::Zh),
            "是命名管道（FIFO），不是文档文件：请指定保存好的 .txt 文件"
        );
        assert_eq!(
            all[9].text(Lang::Zh),
            "大小 3.0 MB，超过单个文档的上限 1.0 MB（可用 --max-size 调整）"
        );
        assert_eq!(
            all[9].text(Lang::En),
            "is 3.0 MB, over the 1.0 MB limit for a document (--max-size to change it)"
        );
    }
}
