//! Why a document, a folder or the cache could not be used, in the user's language. The
//! reader keeps each reason as what happened, with its English words as `Display`.

use super::{Lang, Message, Text};
use crate::extract::ExtractError;
use crate::extract::decode::DecodeError;
use crate::load::cache::{CacheNotice, Damage};
use crate::load::{FileKind, LoadError, Reason, size_shown};
use crate::source::SourceError;
use dutymatrix_base::text::one_line;

impl Text for Reason {
    fn text(&self, lang: Lang) -> String {
        match lang {
            Lang::Zh => reason_zh(self),
            Lang::En => self.to_string(),
        }
    }
}

fn reason_zh(r: &Reason) -> String {
    match r {
        Reason::NotFound => "文件不存在".into(),
        Reason::PermissionDenied => "没有读取权限".into(),
        Reason::Os(detail) => format!("系统报错（{detail}）"),
        Reason::Directory => "是文件夹，不是文档文件".into(),
        Reason::EmptyFolder => {
            "是文件夹，但其中没有文档（.txt、.docx、.xlsx、.html、.md 等）".into()
        }
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
            "没有任何任务写明责任单位（未找到（责任单位：…）或（牵头单位：…）这样的标注）".into()
        }
        Reason::Extract(ExtractError::Decode(d)) => match d {
            DecodeError::Empty => "文件是空的".into(),
            DecodeError::Binary => "是二进制文件，不是文本文档".into(),
            DecodeError::Invalid(enc) => format!("内容不是有效的 {enc} 文本"),
            DecodeError::UnknownEncoding(label) => format!(
                "不认识的编码“{label}”（可用 utf-8、gbk、gb18030、big5、utf-16le、utf-16be）"
            ),
        },
        Reason::Extract(ExtractError::Source(e)) => source_zh(e),
    }
}

fn source_zh(e: &SourceError) -> String {
    match e {
        SourceError::Encrypted => "有密码保护：请去掉密码后另存一份再读".into(),
        SourceError::Unsupported(format) => match format.as_str() {
            "doc" => "是 Word 97-2003 文档（.doc），无法直接读取：请另存为 .docx".into(),
            "wps" => "是 WPS 文字文档（.wps），无法直接读取：请另存为 .docx".into(),
            "et" => "是 WPS 表格（.et），无法直接读取：请另存为 .xlsx".into(),
            "odt" => "是 OpenDocument 文本（.odt），无法直接读取：请另存为 .docx".into(),
            "zip" => "是压缩包，不是文档：请解压后读取其中的文档".into(),
            "ole" => "是无法识别的旧式 Office 文件：请另存为 .docx 或 .xlsx".into(),
            other => format!("是 .{other} 文件，不是文档"),
        },
        SourceError::ScannedPdf => {
            "是扫描件 PDF，没有文字层：请先做文字识别（OCR），或改用制作它的 .docx 或文本".into()
        }
        SourceError::EncryptedPdf => {
            "是加密的 PDF 文件，打开需要密码：请去掉密码后另存一份再读".into()
        }
        SourceError::Damaged { format, detail } => format!("是损坏的 {format} 文件（{detail}）"),
        SourceError::TooLarge { format, detail } => {
            format!("是 {format} 文件，但解开后过大，为安全起见不予读取（{detail}）")
        }
    }
}

impl Message for LoadError {
    /// `path: reason`. Whoever named the file chose these characters: nothing in them reaches
    /// a terminal.
    fn message(&self, lang: Lang) -> String {
        format!(
            "{}: {}",
            one_line(&self.path),
            one_line(&self.reason.text(lang))
        )
    }
}

impl Message for CacheNotice {
    fn message(&self, lang: Lang) -> String {
        if lang == Lang::En {
            return self.to_string();
        }
        match self {
            CacheNotice::Discarded { path, why } => {
                let why = match why {
                    Damage::NotACache => "不是 dutymatrix 的缓存",
                    Damage::CutShort => "不完整",
                    Damage::Checksum => "已损坏（校验和不符）",
                    Damage::Undecodable => "无法解码",
                    Damage::DamagedEntry => "有损坏的条目",
                };
                format!("缓存 {} {why}，已丢弃并从文档重建", one_line(path))
            }
            CacheNotice::NotWritten { path, why } => {
                format!(
                    "缓存 {} 未能写入：{}",
                    one_line(path),
                    one_line(&why.text(lang))
                )
            }
        }
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
            Reason::Extract(ExtractError::Source(SourceError::Encrypted)),
            Reason::Extract(ExtractError::Source(SourceError::Unsupported("doc".into()))),
            Reason::Extract(ExtractError::Source(SourceError::Unsupported("et".into()))),
            Reason::Extract(ExtractError::Source(SourceError::Unsupported("zip".into()))),
            Reason::Extract(ExtractError::Source(SourceError::ScannedPdf)),
            Reason::Extract(ExtractError::Source(SourceError::EncryptedPdf)),
            Reason::Extract(ExtractError::Source(SourceError::Damaged {
                format: "docx".into(),
                detail: "invalid Zip archive".into(),
            })),
            Reason::Extract(ExtractError::Source(SourceError::TooLarge {
                format: "xlsx".into(),
                detail: "5000 parts".into(),
            })),
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
            all[15].text(Lang::Zh),
            "有密码保护：请去掉密码后另存一份再读"
        );
        assert!(all[16].text(Lang::Zh).ends_with("请另存为 .docx"));
        assert_eq!(
            all[16].text(Lang::En),
            "is a .doc file, which this reader does not open: save it as .docx"
        );
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
