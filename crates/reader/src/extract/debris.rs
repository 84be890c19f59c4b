//! Web-page debris: the navigation, counters and buttons that come with a copied web page.

use regex::Regex;
use std::sync::LazyLock;

/// Whole lines that belong to the page, not the document (matched on the folded form).
static DEBRIS: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(concat!(
        r"^\s*(?:",
        r"发布日期\s*:.*|.*浏览次数\s*:.*|.*访问量\s*:.*|",
        r"当前位置\s*:.*|您的位置\s*:.*|",
        r"字号\s*:?\s*(?:\[?\s*)?大.*|",
        r"相关解读\s*:?.*|相关链接\s*:?.*|",
        r"编辑\s*:.*|责任编辑\s*:.*|审核\s*:.*|",
        r"关闭|打印|关闭窗口|打印本页|分享到.*|",
        r"(?:【[^】]*】\s*)+|",
        r"(?i:produced\s+by(?-u:\b).*)|",
        r"\(?来源\s*:[^)]*\)?|",
        r"扫一扫.*|上一篇\s*:.*|下一篇\s*:.*|",
        // The distribution list at a document's foot names bodies that are sent it, not tasked.
        r"抄送\s*:.*",
        r")\s*$"
    ))
    .expect("static debris pattern")
});

/// The characters a debris line opens with (after spaces): the first of each alternative of
/// `DEBRIS` but the two that may stand anywhere in the line (浏览次数, 访问量), and `(来源`,
/// whose bracket would let in every `(一)` item. Every line is tested, and the pattern's search
/// would otherwise run over each of them whole. A list of characters, not a string, which
/// `str::contains` searched for each line's first character.
const OPENINGS: &[char] = &[
    '发', '当', '您', '字', '相', '编', '责', '审', '关', '打', '分', '【', '来', '扫', '上', '下',
    '抄', 'p', 'P',
];

/// Whether a line holds one of the two alternatives of `DEBRIS` that may stand anywhere in it
/// (`浏览次数:`, `访问量:`), looked for at its colons: every line is tested, and two substring
/// searches over each, most of them Chinese text whose bytes the searches' filters take for
/// rare, cost more than the rest of the test. The words must stand before a colon, white space
/// between, as the pattern has them.
fn holds_counter(norm: &str) -> bool {
    memchr::memchr_iter(b':', norm.as_bytes()).any(|i| {
        let before = norm[..i].trim_end();
        before.ends_with("浏览次数") || before.ends_with("访问量")
    })
}

/// The words a debris line opens with (after spaces), each alternative of `DEBRIS`'s that
/// stands at the start: `produced` aside, as it is matched in any case.
const OPENING_WORDS: &[&str] = &[
    "发布日期",
    "当前位置",
    "您的位置",
    "字号",
    "相关解读",
    "相关链接",
    "编辑",
    "责任编辑",
    "审核",
    "关闭",
    "打印",
    "分享到",
    "【",
    "(来源",
    "来源",
    "扫一扫",
    "上一篇",
    "下一篇",
    "抄送",
];

/// Whether a line, its leading spaces taken off, opens as a debris line may: its first
/// character one of [`OPENINGS`], then one of [`OPENING_WORDS`]. The character alone let
/// through every line opening 发展…, 加强… and the like to the pattern's search.
fn opens_debris(t: &str) -> bool {
    let opens = t.starts_with("(来") || t.chars().next().is_some_and(|c| OPENINGS.contains(&c));
    opens
        && (OPENING_WORDS.iter().any(|w| t.starts_with(w))
            || t.get(..8)
                .is_some_and(|h| h.eq_ignore_ascii_case("produced")))
}

pub fn is_debris(norm: &str) -> bool {
    (opens_debris(norm.trim_start()) || holds_counter(norm)) && DEBRIS.is_match(norm)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every alternative's opening is among `OPENINGS`: a line opening with each alternative's
    /// words, with spaces before it, passes the first test as it matches the pattern.
    #[test]
    fn the_openings_cover_the_pattern() {
        let openings = [
            "发布日期:",
            "当前位置:",
            "您的位置:",
            "字号:大",
            "相关解读",
            "相关链接",
            "编辑:",
            "责任编辑:",
            "审核:",
            "关闭",
            "打印",
            "关闭窗口",
            "打印本页",
            "分享到",
            "【甲】",
            "Produced by x",
            "produced by x",
            "(来源:甲)",
            "来源:甲",
            "扫一扫",
            "上一篇:",
            "下一篇:",
            "抄送:甲",
        ];
        for o in openings {
            for line in [o.to_string(), format!(" \u{3000}{o}")] {
                let t = line.trim_start();
                let first = t.chars().next();
                assert!(DEBRIS.is_match(&line), "{line}");
                assert!(
                    t.starts_with("(来") || first.is_some_and(|c| OPENINGS.contains(&c)),
                    "{line}"
                );
                assert!(opens_debris(t), "{line}");
            }
        }
        // A pattern with another alternative has more `|` than when OPENINGS was drawn from it.
        let top = DEBRIS.as_str().matches('|').count();
        assert_eq!(
            top, 22,
            "an alternative was added: list its opening in OPENINGS"
        );
    }

    /// `is_debris` as it was, with a substring search for each counter word: the oracle.
    fn is_debris_by_search(norm: &str) -> bool {
        let t = norm.trim_start();
        let opens = t.starts_with("(来") || t.chars().next().is_some_and(|c| OPENINGS.contains(&c));
        (opens || norm.contains("浏览次数") || norm.contains("访问量")) && DEBRIS.is_match(norm)
    }

    /// Every text of up to three pieces over the counters' words, the openings' words and their
    /// parts, colons, white space and text, and 200,000 longer ones drawn with a fixed seed: the
    /// colon test and the opening words answer as the search and the first character did.
    #[test]
    fn counters_found_at_colons_as_by_search() {
        let pieces = [
            "浏览次数",
            "访问量",
            "浏览",
            "次数",
            ":",
            " ",
            "\u{3000}",
            "\t",
            "甲",
            "a",
            "发布日期",
            "(来源",
            ")",
            "数",
            "发展",
            "打",
            "印",
            "Produced",
            "PRODUCED by",
            "produce",
            "来",
            "源",
            "【",
            "】",
            "抄送",
            "下一篇",
            "关闭",
            "编辑",
            "责任",
        ];
        let texts = dutymatrix_base::oracle_texts::every_then_random(
            &pieces,
            3,
            200_000,
            5..20,
            0x9e37_79b9_7f4a_7c15,
        );
        let mut debris = 0;
        for t in &texts {
            let want = is_debris_by_search(t);
            debris += usize::from(want);
            assert_eq!(is_debris(t), want, "{t:?}");
        }
        assert!(debris > 1000, "too few debris lines were tried");
    }

    #[test]
    fn page_furniture_is_debris() {
        for line in [
            "发布日期:2021-06-18 16:07 浏览次数:",
            "相关解读:关于对《泰安市康养福地建设实施意见》的政策解读",
            "编辑:(",
            "关闭",
            "打印",
            "Produced By 大汉网络 大汉版通发布系统",
            "(来源:山东省人民政府办公厅)",
            "当前位置:首页 > 政务公开 > 文件",
            "【打印本页】【关闭窗口】",
            "字号:大 中 小",
            "抄送:区委各部门,区人大常委会办公室。",
        ] {
            assert!(is_debris(line), "{line}");
        }
    }

    #[test]
    fn content_is_not_debris() {
        for line in [
            "一、总体要求",
            "(三)加强宣传引导。统筹运用报刊、广播电视。(牵头单位:省卫生健康委)",
            "2021年6月17日",
            "泰安市人民政府",
            "关闭不达标企业。(责任单位:市生态环境局)",
        ] {
            assert!(!is_debris(line), "{line}");
        }
    }
}
