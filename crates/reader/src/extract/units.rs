//! What a name in an annotation is (a unit, a collective, a person, or not a unit at all), and
//! the one canonical spelling that a unit's several spellings merge into.

use super::lines::simplify;
use crate::text::{contains_any, ends_with_any, find_word};
use crate::text::{has_whitespace, holds_word};
use regex::Regex;
use std::sync::LazyLock;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Unit,
    /// Several bodies named as one (各区县人民政府, 各有关部门和单位).
    Collective,
    /// A person or post (分管副市长): never a unit.
    Person,
    /// Text that names no body: never invent a unit from it.
    NotUnit,
}

/// Endings a body's name has. A name without one is not taken as a unit.
const SUFFIXES: &[&str] = &[
    "部", "委", "局", "厅", "办", "署", "院", "会", "处", "室", "中心", "政府", "银行", "集团",
    "公司", "馆", "所", "站", "联", "协", "社", "队", "区", "县", "市", "镇", "乡", "街道", "团",
    "校", "台", "司", "科", "组", "州", "盟", "旗", "海关", "支行", "分行",
];

/// Endings only a body's name has (not a place's or a thing's): what a name in a bare list,
/// with no role word around it, must end with to be read as a unit.
const BODY_ENDINGS: &[&str] = &[
    "局",
    "厅",
    "委",
    "办",
    "部",
    "署",
    "院",
    "会",
    "行",
    "中心",
    "政府",
    "队",
    "联",
    "社",
    "办公室",
    "海关",
    "集团",
    "公司",
    "处",
];

/// Titles that make a name a person's (张三同志, 王局长).
const PERSON_TITLES: &[&str] = &[
    "领导",
    "市长",
    "省长",
    "区长",
    "县长",
    "镇长",
    "乡长",
    "书记",
    "同志",
    "负责人",
    "局长",
    "厅长",
    "主任",
    "部长",
    "秘书长",
    "委员",
];

/// A name that has the shape of a body's: a unit by [`classify`], with an ending only bodies
/// have, and a level or place before it.
pub fn is_body_name(name: &str) -> bool {
    let n = name.trim();
    classify(n) == Kind::Unit && n.chars().count() >= 3 && ends_with_any(n, BODY_ENDINGS)
}

/// What `name` is, remembered on this thread: documents name the same units again and again,
/// in every list and every task, and reading a name afresh (some eighty word tests) cost a
/// twentieth of reading a document.
pub fn classify(name: &str) -> Kind {
    thread_local! {
        static KNOWN: std::cell::RefCell<foldhash::HashMap<Box<str>, Kind>> =
            std::cell::RefCell::default();
    }
    // A long piece (a clause, not a name) is read afresh, not remembered.
    if name.len() > KNOWN_LONGEST {
        return classify_afresh(name);
    }
    KNOWN.with_borrow_mut(|known| {
        if let Some(&k) = known.get(name) {
            return k;
        }
        if known.len() >= KNOWN_AT_MOST {
            known.clear();
        }
        let k = classify_afresh(name);
        known.insert(name.into(), k);
        k
    })
}

/// Names remembered at most per thread before the memory starts afresh, and the longest (in
/// bytes) remembered: a unit's name is under 24 characters.
const KNOWN_AT_MOST: usize = 1 << 14;
const KNOWN_LONGEST: usize = 96;

fn classify_afresh(name: &str) -> Kind {
    let n = name.trim();
    let len = n.chars().count();
    if len < 2 {
        return Kind::NotUnit;
    }
    // `…工作领导小组办公室` is a body whose name holds 领导; a post's title does not end so.
    let group_office = find_word(n, "领导小组").is_some() && !ends_with_any(n, PERSON_TITLES);
    if !group_office && (ends_with_any(n, PERSON_TITLES) || contains_any(n, &["领导", "同志"]))
    {
        return Kind::Person;
    }
    if n.starts_with(['各', '其'])
        || n.starts_with("有关")
        || n.starts_with("相关")
        || contains_any(
            n,
            &["各有关", "直各", "级各", "各相关", "相关部门", "有关部门"],
        )
    {
        return Kind::Collective;
    }
    // Words for a kind of place, not a body: 县级市, 乡镇, 街道.
    if [
        "县级市",
        "地级市",
        "市辖区",
        "乡镇",
        "街道",
        "社区",
        "村",
        "城区",
        "地区",
    ]
    .contains(&n)
    {
        return Kind::NotUnit;
    }
    // People's organisations named by their level (共青团中央, 团中央) end in no body word.
    if n == "团中央" || n == "共青团中央" {
        return Kind::Unit;
    }
    let plain = n
        .chars()
        .all(|c| ('\u{4e00}'..='\u{9fff}').contains(&c) || c == '·');
    if !plain || len > 24 || !ends_with_any(n, SUFFIXES) {
        return Kind::NotUnit;
    }
    Kind::Unit
}

/// Looked up by the fast hash (SipHash cost a fifth of reading a new name), borrowing the
/// table's own text: nothing here is iterated in an order that shows.
static ALIASES: LazyLock<foldhash::HashMap<&'static str, &'static str>> = LazyLock::new(|| {
    // A bad line fails this table's test (`curated_table_is_whole`), not a user's run.
    dutymatrix_base::tsv::pairs(include_str!("../../../../data/unit_aliases.tsv"))
        .unwrap_or_default()
        .into_iter()
        .collect()
});

/// Level words a unit name may open with; the alias table works on what follows them.
const PREFIXES: &[&str] = &["省", "市", "区", "县", "镇", "乡"];

/// Official long forms and the short forms the documents use for the same words, applied in
/// order to every name (and to every query, so a name pasted from a document header finds its
/// unit): 发展和改革委员会 → 发展改革委.
pub const LONG_FORMS: &[(&str, &str)] = &[
    ("委员会", "委"),
    ("发展和改革", "发展改革"),
    ("监督管理", "监管"),
    ("医疗保障", "医保"),
    ("人力资源和社会保障", "人力资源社会保障"),
];

/// The spellings in `data/unit_aliases.tsv` that merge into `stem` (a name without its level
/// prefix), so each can be searched for: 卫健委 and 卫生健康委员会 for 卫生健康委.
pub fn curated_variants(stem: &str) -> impl Iterator<Item = &'static str> + '_ {
    ALIASES
        .iter()
        .filter(move |(_, full)| **full == stem)
        .map(|(variant, _)| *variant)
}

/// The canonical form of a unit name as written: Simplified, without spaces, without a closing
/// 等, with long forms shortened ([`LONG_FORMS`]) and known variant spellings merged
/// (市人社局 → 市人力资源社会保障局).
pub fn canonical(written: &str) -> String {
    let simple = simplify(written);
    // Most names hold no whitespace: they are not copied to be rid of none.
    let name: String = if has_whitespace(&simple) {
        simple.chars().filter(|c| !c.is_whitespace()).collect()
    } else {
        simple
    };
    let name = name.strip_suffix('等').map(str::to_string).unwrap_or(name);
    if let Some(full) = ALIASES.get(name.as_str()) {
        return full.to_string();
    }
    // `replace` copies the name even when nothing matches: most names hold no long form.
    let name = LONG_FORMS.iter().fold(name, |n, (long, short)| {
        if holds_word(&n, long) {
            n.replace(long, short)
        } else {
            n
        }
    });
    if let Some(full) = ALIASES.get(name.as_str()) {
        return full.to_string();
    }
    for p in PREFIXES {
        if let Some(stem) = name.strip_prefix(p)
            && let Some(full) = ALIASES.get(stem)
        {
            return format!("{p}{full}");
        }
    }
    name
}

static INLINE_PINYIN: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(\p{Han})[(（]\s*[a-zA-Zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜüńňǹ]*[āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜǹńň][a-zA-Zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜüńňǹ]*\s*[)）]")
        .expect("static pinyin pattern")
});

/// Removes pinyin that reposting sites insert after a character: `蓝(lán)谷` → `蓝谷`. Only
/// tone-marked syllables are taken, so `(APP)` or `(2022)` stay.
pub fn strip_inline_pinyin(text: &str) -> std::borrow::Cow<'_, str> {
    // Every tone-marked letter lies in U+00C0..U+01FF, whose UTF-8 lead bytes are 0xC3..=0xC7
    // (bytes no other character has): a text without one is spared the pattern's search.
    if !has_tone_lead(text.as_bytes()) {
        return std::borrow::Cow::Borrowed(text);
    }
    INLINE_PINYIN.replace_all(text, "$1")
}

/// Whether a byte of `b` is 0xC3..=0xC7. Tested a block at a time with no exit inside it,
/// which the compiler makes vector compares of: every document's whole text is tested here,
/// where a test and a branch per byte cost as much as reading the text into lines.
fn has_tone_lead(b: &[u8]) -> bool {
    b.chunks(64).any(|block| {
        block
            .iter()
            .fold(false, |seen, &x| seen | (x.wrapping_sub(0xC3) < 5))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The block test answers as the byte-by-byte one did: each byte value at each place of
    /// texts around the block's length, and 100,000 fixed-seed byte strings.
    #[test]
    fn tone_leads_found_a_block_at_a_time() {
        let by_bytes = |b: &[u8]| b.iter().any(|x| (0xC3..=0xC7).contains(x));
        for len in [0, 1, 63, 64, 65, 130] {
            for at in 0..len {
                for v in 0..=255u8 {
                    let mut b = vec![b'a'; len];
                    b[at] = v;
                    assert_eq!(has_tone_lead(&b), by_bytes(&b), "{len} {at} {v}");
                }
            }
        }
        let mut state = 0x9e37_79b9_7f4a_7c15u64;
        for _ in 0..100_000 {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            let len = (state % 200) as usize;
            // Bytes of the range kept one time in 64, so that both answers come often.
            let mut b = Vec::with_capacity(len);
            for _ in 0..len {
                state ^= state << 13;
                state ^= state >> 7;
                state ^= state << 17;
                let x = state as u8;
                let rare = (state >> 8).is_multiple_of(64);
                b.push(if (0xC3..=0xC7).contains(&x) && !rare {
                    b'a'
                } else {
                    x
                });
            }
            assert_eq!(has_tone_lead(&b), by_bytes(&b));
        }
    }

    #[test]
    fn curated_table_is_whole() {
        let table = include_str!("../../../../data/unit_aliases.tsv");
        assert_eq!(
            dutymatrix_base::tsv::pairs(table)
                .map(|p| p.len())
                .map_err(|b| b[0].to_string()),
            Ok(table
                .lines()
                .filter(|l| !l.trim().is_empty() && !l.starts_with('#'))
                .count())
        );
    }

    /// Remembered or read afresh, a name is the same: every text of up to three pieces of
    /// names (units, collectives, people, places, noise, spaces) read twice in turn, and again
    /// after the memory has filled and started afresh.
    #[test]
    fn remembered_kinds_are_the_kinds() {
        let pieces = [
            "市",
            "卫生健康委",
            "各有关",
            "部门",
            "领导",
            "同志",
            "小组",
            "县级市",
            "团中央",
            " ",
            "a",
            "·",
            "局",
            "等",
        ];
        let mut texts = vec![String::new()];
        let mut last = texts.clone();
        for _ in 0..3 {
            last = last
                .iter()
                .flat_map(|t| pieces.iter().map(move |p| format!("{t}{p}")))
                .collect();
            texts.extend(last.iter().cloned());
        }
        texts.push("甲".repeat(40));
        texts.push(format!("{}局", "甲".repeat(31)));
        for round in 0..3 {
            for t in &texts {
                assert_eq!(classify(t), classify_afresh(t), "{t:?} round {round}");
            }
        }
        for k in 0..KNOWN_AT_MOST + 10 {
            let t = format!("{k}市局");
            assert_eq!(classify(&t), classify_afresh(&t), "{t:?}");
        }
        for t in &texts {
            assert_eq!(classify(t), classify_afresh(t), "{t:?}");
        }
    }

    #[test]
    fn units_collectives_people_and_noise() {
        for u in [
            "市卫生健康委",
            "商务部",
            "海关总署",
            "团市委",
            "市工商联",
            "市科协",
            "越秀区",
            "人民银行",
            "银保监会",
            "经济开发区",
            "国际发展合作署",
        ] {
            assert_eq!(classify(u), Kind::Unit, "{u}");
        }
        for c in [
            "各区",
            "各有关部门和单位",
            "各省级人民政府",
            "县直各部门",
            "市级各有关部门",
            "各乡镇",
            "有关部门和单位",
            "各项目牵头单位",
        ] {
            assert_eq!(classify(c), Kind::Collective, "{c}");
        }
        for p in ["分管副市长", "李某某同志", "区委书记"] {
            assert_eq!(classify(p), Kind::Person, "{p}");
        }
        for n in [
            "按职责分工负责",
            "2023年6月底前",
            "以下简称“一网通办”",
            "试行",
            "矿泉水",
            "含",
            "试行",
            "北方",
            "县级市",
            "老年病专业",
        ] {
            assert_eq!(classify(n), Kind::NotUnit, "{n}");
        }
    }

    #[test]
    fn spellings_merge() {
        assert_eq!(canonical("市卫生健康委员会"), "市卫生健康委");
        assert_eq!(canonical("市人力资源和社会保障局"), "市人力资源社会保障局");
        assert_eq!(canonical("市人社局"), "市人力资源社会保障局");
        assert_eq!(canonical("市人力资源社会保障局"), "市人力资源社会保障局");
        assert_eq!(canonical("市文旅局"), "市文化和旅游局");
        assert_eq!(canonical("省衛生健康委"), "省卫生健康委");
        assert_eq!(canonical("工业和信息化部等"), "工业和信息化部");
        assert_eq!(canonical("人力资源和社会保障部"), "人力资源社会保障部");
        assert_eq!(canonical("市 民政局"), "市民政局");
    }

    #[test]
    fn long_forms_shorten_as_documents_shorten_them() {
        for (long, short) in [
            ("卫生健康委员会", "卫生健康委"),
            ("市卫生健康委员会", "市卫生健康委"),
            ("发展和改革委员会", "发展改革委"),
            ("省发展和改革委员会", "省发展改革委"),
            ("市场监督管理局", "市场监管局"),
            ("医疗保障局", "医保局"),
            ("市医疗保障局", "市医保局"),
            ("人力资源和社会保障部", "人力资源社会保障部"),
            ("县人力资源和社会保障局", "县人力资源社会保障局"),
            ("国家卫生健康委员会", "国家卫生健康委"),
            ("國家發展和改革委員會", "国家发展改革委"),
        ] {
            assert_eq!(canonical(long), short, "{long}");
        }
        let mut v: Vec<&str> = curated_variants("卫生健康委").collect();
        v.sort_unstable();
        assert_eq!(v, ["卫健委", "卫生健康委员会"]);
    }

    #[test]
    fn every_tone_mark_passes_the_byte_test() {
        for c in "āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜüńňǹ".chars() {
            assert!(('\u{c0}'..='\u{1ff}').contains(&c), "{c}");
            let lead = c.to_string().as_bytes()[0];
            assert!((0xC3..=0xC7).contains(&lead), "{c}");
        }
    }

    #[test]
    fn inline_pinyin_goes() {
        assert_eq!(strip_inline_pinyin("青岛蓝(lán)谷管理局"), "青岛蓝谷管理局");
        assert_eq!(strip_inline_pinyin("蓝（lán）谷"), "蓝谷");
        assert_eq!(
            strip_inline_pinyin("开发APP(APP)和(2022)"),
            "开发APP(APP)和(2022)"
        );
    }
}
