//! The 情况通报 as a Word document (.docx) to print and stamp: the title, the issuing office
//! and date, a paragraph of counts in sentences, each unit's red and yellow items with their
//! deadline, days overdue and latest note, and a closing table of every unit's counts; page
//! numbers in the footer. The fonts are named 宋体, 黑体 and 仿宋, which Word and WPS both have
//! or substitute well. Written as the few WordprocessingML parts a document needs, zipped.

use super::svg::esc;
use crate::ledger::report::{Item, Report};
use crate::ledger::{Light, Status};
use crate::words::{Lang, LightWords, StatusWords, ledger_words, office_words};
use std::io::Write;
use zip::write::SimpleFileOptions;

/// Sizes in half-points: 二号 22pt for the title, 三号 16pt for the body, 五号 10.5pt in the
/// table (three-character headings then fit a column of 770 twips on one line).
const TITLE: u32 = 44;
const BODY: u32 = 32;
const TABLE: u32 = 21;

fn run(text: &str, font: &str, size: u32, bold: bool) -> String {
    format!(
        "<w:r><w:rPr><w:rFonts w:ascii=\"{font}\" w:hAnsi=\"{font}\" w:eastAsia=\"{font}\"/>{}<w:sz w:val=\"{size}\"/><w:szCs w:val=\"{size}\"/></w:rPr><w:t xml:space=\"preserve\">{}</w:t></w:r>",
        if bold { "<w:b/>" } else { "" },
        esc(text)
    )
}

/// A paragraph: centred or first-line indented by two characters, as a 公文 is set.
fn para(runs: &str, centred: bool, space_after: u32) -> String {
    let layout = if centred {
        "<w:jc w:val=\"center\"/>".to_string()
    } else {
        "<w:ind w:firstLineChars=\"200\" w:firstLine=\"640\"/><w:jc w:val=\"both\"/>".to_string()
    };
    format!(
        "<w:p><w:pPr><w:spacing w:after=\"{space_after}\" w:line=\"560\" w:lineRule=\"exact\"/>{layout}</w:pPr>{runs}</w:p>"
    )
}

fn cell(text: &str, bold: bool, width: u32) -> String {
    format!(
        "<w:tc><w:tcPr><w:tcW w:w=\"{width}\" w:type=\"dxa\"/></w:tcPr><w:p><w:pPr><w:jc w:val=\"center\"/></w:pPr>{}</w:p></w:tc>",
        run(text, if bold { "黑体" } else { "仿宋" }, TABLE, false)
    )
}

fn item_line(i: &Item, lang: Lang) -> String {
    let (o, w) = (office_words(lang), ledger_words(lang));
    let sep = if lang == Lang::Zh { "；" } else { "; " };
    let colon = lang.strings().colon;
    let deadline = match (i.due, i.days_left) {
        (Some(d), Some(n)) if n < 0 => format!("{d}，{}", (o.overdue_days)(-n)),
        (Some(d), Some(n)) => format!("{d}，{}", (o.days_left)(n)),
        _ => lang.strings().no_deadline.to_string(),
    };
    let deadline = if lang == Lang::En {
        deadline.replace('，', ", ")
    } else {
        deadline
    };
    format!(
        "【{}】{} {}{sep}{}{colon}{deadline}{sep}{}{colon}{}{sep}{}{colon}{}",
        i.light.word(lang),
        i.task,
        i.title,
        o.deadline,
        w.status,
        i.status.word(lang),
        w.latest,
        crate::ledger::report::note_text(i.note.as_deref(), i.note_date, i.who.as_deref())
    )
}

/// The body of word/document.xml.
fn body(report: &Report, issuer: &str, lang: Lang) -> String {
    let (o, w) = (office_words(lang), ledger_words(lang));
    let mut out = String::new();
    out.push_str(&para(&run(w.report_title, "宋体", TITLE, true), true, 200));
    out.push_str(&para(
        &run(
            &format!("{issuer}　　{}", (o.date)(report.today)),
            "仿宋",
            BODY,
            false,
        ),
        true,
        400,
    ));
    let sum = |f: &dyn Fn(&crate::ledger::report::UnitTotals) -> usize| -> usize {
        report.units.iter().map(f).sum()
    };
    let light = |l: Light| Light::ALL.iter().position(|x| *x == l).unwrap_or(0);
    let done = Status::ALL
        .iter()
        .position(|s| *s == Status::Done)
        .unwrap_or(0);
    let sentence = (o.summary_sentence)(
        sum(&|u| u.total),
        sum(&|u| u.statuses[done]),
        sum(&|u| u.lights[light(Light::Green)]),
        sum(&|u| u.lights[light(Light::Yellow)]),
        sum(&|u| u.lights[light(Light::Red)]),
    );
    out.push_str(&para(&run(&sentence, "仿宋", BODY, false), false, 0));

    out.push_str(&para(&run(o.by_unit, "黑体", BODY, false), false, 0));
    if report.items.is_empty() {
        out.push_str(&para(
            &run(o.no_red_or_yellow, "仿宋", BODY, false),
            false,
            0,
        ));
    }
    for u in &report.units {
        let items: Vec<&Item> = report.items.iter().filter(|i| i.unit == u.unit).collect();
        if items.is_empty() {
            continue;
        }
        let reds = items.iter().filter(|i| i.light == Light::Red).count();
        let heading = format!("{}{}", u.unit, (o.unit_counts)(reds, items.len() - reds));
        out.push_str(&para(&run(&heading, "楷体", BODY, true), false, 0));
        for i in items {
            out.push_str(&para(
                &run(&item_line(i, lang), "仿宋", BODY, false),
                false,
                0,
            ));
        }
    }

    out.push_str(&para(&run(o.all_units, "黑体", BODY, false), false, 120));
    let head = super::report::headers(lang);
    let widths: Vec<u32> = head
        .iter()
        .enumerate()
        .map(|(i, _)| if i == 0 { 1900 } else { 770 })
        .collect();
    let grid: String = widths
        .iter()
        .map(|w| format!("<w:gridCol w:w=\"{w}\"/>"))
        .collect();
    let border = |side: &str| {
        format!("<w:{side} w:val=\"single\" w:sz=\"4\" w:space=\"0\" w:color=\"000000\"/>")
    };
    let borders: String = ["top", "left", "bottom", "right", "insideH", "insideV"]
        .iter()
        .map(|s| border(s))
        .collect();
    out.push_str(&format!(
        "<w:tbl><w:tblPr><w:tblW w:w=\"0\" w:type=\"auto\"/><w:jc w:val=\"center\"/><w:tblBorders>{borders}</w:tblBorders><w:tblCellMar><w:left w:w=\"57\" w:type=\"dxa\"/><w:right w:w=\"57\" w:type=\"dxa\"/></w:tblCellMar></w:tblPr><w:tblGrid>{grid}</w:tblGrid>"
    ));
    let row = |cells: Vec<String>, bold: bool, header: bool| -> String {
        let mut r = String::from("<w:tr>");
        if header {
            r.push_str("<w:trPr><w:tblHeader/></w:trPr>");
        }
        for (c, w) in cells.iter().zip(&widths) {
            r.push_str(&cell(c, bold, *w));
        }
        r.push_str("</w:tr>");
        r
    };
    out.push_str(&row(head.clone(), true, true));
    for u in &report.units {
        let mut cells = vec![u.unit.clone()];
        cells.extend(u.lights.iter().map(usize::to_string));
        cells.extend(u.statuses.iter().map(usize::to_string));
        cells.push(u.total.to_string());
        out.push_str(&row(cells, false, false));
    }
    out.push_str("</w:tbl>");
    out
}

const NS: &str = "xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\" xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\"";

fn document(report: &Report, issuer: &str, lang: Lang) -> String {
    format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<w:document {NS}><w:body>{}<w:sectPr><w:footerReference w:type=\"default\" r:id=\"rIdFooter\"/><w:pgSz w:w=\"11906\" w:h=\"16838\"/><w:pgMar w:top=\"2098\" w:right=\"1474\" w:bottom=\"1984\" w:left=\"1588\" w:header=\"851\" w:footer=\"992\" w:gutter=\"0\"/></w:sectPr></w:body></w:document>",
        body(report, issuer, lang)
    )
}

/// The footer: `— 1 —`, the page number as a field so Word and WPS count the pages.
fn footer() -> String {
    let r = |t: &str| run(t, "宋体", TABLE, false);
    format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<w:ftr {NS}><w:p><w:pPr><w:jc w:val=\"center\"/></w:pPr>{}<w:r><w:fldChar w:fldCharType=\"begin\"/></w:r><w:r><w:instrText xml:space=\"preserve\"> PAGE </w:instrText></w:r><w:r><w:fldChar w:fldCharType=\"separate\"/></w:r>{}<w:r><w:fldChar w:fldCharType=\"end\"/></w:r>{}</w:p></w:ftr>",
        r("— "),
        r("1"),
        r(" —")
    )
}

const STYLES: &str = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<w:styles xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\"><w:docDefaults><w:rPrDefault><w:rPr><w:rFonts w:ascii=\"仿宋\" w:hAnsi=\"仿宋\" w:eastAsia=\"仿宋\" w:cs=\"仿宋\"/><w:sz w:val=\"32\"/><w:szCs w:val=\"32\"/><w:lang w:val=\"en-US\" w:eastAsia=\"zh-CN\"/></w:rPr></w:rPrDefault><w:pPrDefault/></w:docDefaults><w:style w:type=\"paragraph\" w:default=\"1\" w:styleId=\"Normal\"><w:name w:val=\"Normal\"/></w:style></w:styles>";

const CONTENT_TYPES: &str = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\"><Default Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/><Default Extension=\"xml\" ContentType=\"application/xml\"/><Override PartName=\"/word/document.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml\"/><Override PartName=\"/word/styles.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml\"/><Override PartName=\"/word/footer1.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.wordprocessingml.footer+xml\"/></Types>";

const RELS: &str = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\"><Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument\" Target=\"word/document.xml\"/></Relationships>";

const DOCUMENT_RELS: &str = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\"><Relationship Id=\"rIdStyles\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles\" Target=\"styles.xml\"/><Relationship Id=\"rIdFooter\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/footer\" Target=\"footer1.xml\"/></Relationships>";

/// The 通报 as .docx bytes. `issuer` is the office line (the words' default when None).
pub fn report_document(
    report: &Report,
    issuer: Option<&str>,
    lang: Lang,
) -> Result<Vec<u8>, zip::result::ZipError> {
    let issuer = issuer.unwrap_or(office_words(lang).issuer);
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let opts = SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated);
    let parts = [
        ("[Content_Types].xml", CONTENT_TYPES.to_string()),
        ("_rels/.rels", RELS.to_string()),
        ("word/_rels/document.xml.rels", DOCUMENT_RELS.to_string()),
        ("word/styles.xml", STYLES.to_string()),
        ("word/footer1.xml", footer()),
        ("word/document.xml", document(report, issuer, lang)),
    ];
    for (name, text) in parts {
        zip.start_file(name, opts)?;
        zip.write_all(text.as_bytes())?;
    }
    Ok(zip.finish()?.into_inner())
}
