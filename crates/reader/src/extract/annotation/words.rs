//! The words that give roles: the lead rule (排在第一位的为牵头单位), clause endings such as
//! 牵头 and 配合, the hints that text is meant as an annotation, and remarks such as 下同.

use regex::Regex;
use std::sync::LazyLock;

/// A stated rule that the first unit of each list leads, in any of its wordings.
pub(super) static LEAD_RULE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?:排在第一位|列第一位|排在首位|排第一位|排名第一)\S{0,4}?为牵头(?:单位|部门)")
        .expect("static rule pattern")
});

/// Where the role word closing `clause` starts, as [`ROLE_WORD`] finds it: its match starts
/// leftmost and ends at the end, so the longest ending that closes the clause (`牵头负责` over
/// `负责`), and `做好…工作` from its first 做好 that leaves one to sixteen characters before
/// 工作, none of them a separator or a bracket.
///
/// Read by hand, the endings told by their last character: the pattern searched each clause
/// of each annotation, at some four hundred instructions a clause.
pub(super) fn role_word(clause: &str) -> Option<usize> {
    // Longest first: the first that closes the clause starts leftmost.
    let endings: &[&str] = match clause.chars().next_back()? {
        '责' => &[
            "按职责分工负责",
            "按职责负责",
            "牵头负责",
            "分工负责",
            "分别负责",
            "共同负责",
            "负责",
        ],
        '头' => &["牵头"],
        '施' => &["负责组织实施", "负责实施", "组织实施"],
        '实' => &[
            "按职责分工落实",
            "按职责落实",
            "负责落实",
            "分工落实",
            "抓好落实",
        ],
        '导' => &["负责指导", "指导", "督导"],
        '合' => &["配合"],
        '与' => &["参与"],
        '助' => &["协助"],
        '同' => &["协同"],
        '作' => return named_work(clause),
        _ => return None,
    };
    endings
        .iter()
        .find(|w| clause.ends_with(*w))
        .map(|w| clause.len() - w.len())
}

/// `做好人才培养工作`: where the first 做好 starts that the closing 工作 follows after one to
/// sixteen characters, none of them `,;、()`.
fn named_work(clause: &str) -> Option<usize> {
    let before = clause.strip_suffix("工作")?;
    before.match_indices("做好").map(|(i, _)| i).find(|&i| {
        let between = &before[i + "做好".len()..];
        (1..=16).contains(&between.chars().count()) && !between.contains([',', ';', '、', '(', ')'])
    })
}

/// Clause endings that say the role of the names before them: read by [`role_word`], kept as
/// the test's oracle.
#[cfg(test)]
pub(super) static ROLE_WORD: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(concat!(
        r"(牵头负责|牵头|按职责分工负责|按职责负责|分工负责|分别负责|共同负责|负责组织实施|负责落实",
        r"|负责实施|负责指导|负责|组织实施|按职责分工落实|按职责落实|分工落实|抓好落实",
        // `A、B做好人才培养工作`: the work named between 做好 and 工作 is theirs.
        r"|做好[^,;、()]{1,16}?工作",
        r"|配合|参与|协助|协同|指导|督导)$"
    ))
    .expect("static role pattern")
});

/// Words that mark text as meant to be an annotation.
pub(super) const ROLE_HINTS: &[&str] = &["单位", "牵头", "负责", "配合", "责任"];

pub(super) fn is_remark(clause: &str) -> bool {
    let c = clause.trim();
    c == "下同" || c.starts_with("涉及") || c.starts_with("不再")
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every text of up to four pieces (the endings, their heads and tails, 做好 and 工作,
    /// separators, brackets, other characters) and 300,000 longer ones drawn with a fixed
    /// seed: `role_word` finds the ending where the pattern finds it.
    #[test]
    fn role_words_read_as_the_pattern_reads_them() {
        let pieces = [
            "牵头",
            "负责",
            "按职责",
            "分工",
            "分别",
            "共同",
            "组织",
            "实施",
            "落实",
            "抓好",
            "指导",
            "督导",
            "配合",
            "参与",
            "协助",
            "协同",
            "做好",
            "工作",
            "人才培养",
            "甲",
            "、",
            ",",
            ";",
            "(",
            ")",
            " ",
            "职责",
            "责",
            "头",
        ];
        let texts = dutymatrix_base::oracle_texts::every_then_random(
            &pieces,
            4,
            300_000,
            5..14,
            0x9e37_79b9_7f4a_7c15,
        );
        let mut found = 0;
        for t in &texts {
            let by_pattern = ROLE_WORD.find(t).map(|m| {
                assert_eq!(m.end(), t.len());
                m.start()
            });
            assert_eq!(role_word(t), by_pattern, "{t:?}");
            found += usize::from(by_pattern.is_some());
        }
        assert!(found > 100_000, "too few role words to tell: {found}");
    }
}
