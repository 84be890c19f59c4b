//! What an annotation says: the [`Reading`] of a group, and the [`Parsed`] assignees, people,
//! deadlines and remarks with their ranges in the folded text.

use crate::model::Role;
use std::ops::Range;

/// One assignee named by an annotation, as a range of the folded text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Named {
    pub range: Range<usize>,
    pub role: Role,
    pub collective: bool,
    /// Named in a `…负责` list, where a document-wide rule may make the first one the lead.
    pub listed: bool,
}

/// What a bracketed group turned out to be.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Reading {
    /// Ordinary text in brackets: `(市、区)`, `(2020-2022年)`.
    Text,
    Annotation(Parsed),
    /// Looks like an annotation (role words) but names nothing that is a unit.
    Unclear,
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Parsed {
    pub named: Vec<Named>,
    /// The group states that the first unit of a list is the lead (排在第一位的为牵头单位).
    pub lead_rule: bool,
    /// Pieces in a role position that are not units (kept out, reported by `check`).
    pub rejected: Vec<Range<usize>>,
    /// People named (牵头领导：张某某, 李某同志): never units, reported by `check`.
    pub persons: Vec<Range<usize>>,
    /// The first deadline phrase among the fields (完成时限：…, a bare `2023年起每年`).
    pub deadline: Option<Range<usize>>,
    /// Deadline fields whose value is no deadline (reported by `check`).
    pub bad_deadlines: Vec<Range<usize>>,
    /// Labels, remarks (下同) and lead rules: read, and not about a unit. Kept for the tests
    /// alone, which check that nothing in an annotation goes unaccounted: nothing else reads
    /// them, and a list of them cost an allocation or two an annotation.
    #[cfg(test)]
    pub remarks: Vec<Range<usize>>,
}

impl Parsed {
    /// Notes a range read as a label, a remark or a lead rule (see `remarks`).
    #[inline]
    pub fn remark(&mut self, range: Range<usize>) {
        #[cfg(test)]
        self.remarks.push(range);
        #[cfg(not(test))]
        let _ = range;
    }
}
