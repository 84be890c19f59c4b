//! The words that give roles: the lead rule (排在第一位的为牵头单位), clause endings such as
//! 牵头 and 配合, the hints that text is meant as an annotation, and remarks such as 下同.

use regex::Regex;
use std::sync::LazyLock;

/// A stated rule that the first unit of each list leads, in any of its wordings.
pub(super) static LEAD_RULE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?:排在第一位|列第一位|排在首位|排第一位|排名第一)\S{0,4}?为牵头(?:单位|部门)")
        .expect("static rule pattern")
});

/// Clause endings that say the role of the names before them.
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
