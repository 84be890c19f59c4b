//! Labelled fields (`牵头单位:A、B;配合单位:C;完成时限:…`), in brackets or on lines under a task.

use super::clauses::{clauses, split_stop};
use super::names::{items, names};
use super::reading::Parsed;
use crate::extract::deadline;
use crate::extract::fields::{FieldKind, Label};
use crate::text::{find_char, trim_start};

/// `牵头单位:A、B;配合单位:C` (the text after the first label's start). Also used for
/// labelled lines under a task.
pub fn labelled_segment(text: &str, labels: &[Label], base: usize) -> Parsed {
    let mut parsed = Parsed::default();
    labelled(text, labels, base, &mut parsed);
    parsed
}

/// A sequence of fields: each label (found by its shape, see [`fields`]) and the value up to the
/// next label. Every piece of a value ends as a unit, a collective, a person, a deadline, a
/// remark, or a rejected piece that `check` reports. `labels`: `fields::labels(inner, …)`, which
/// the caller has already looked for.
pub(super) fn labelled(inner: &str, labels: &[Label], base: usize, parsed: &mut Parsed) {
    // The first full stop after the first label, looked for once: the values before it hold
    // none and are taken whole (most annotations hold none), where each was searched.
    let first_stop = labels
        .first()
        .and_then(|l| find_char(&inner[l.range.end..], '。').map(|i| l.range.end + i));
    for (k, label) in labels.iter().enumerate() {
        let end = labels.get(k + 1).map_or(inner.len(), |l| l.range.start);
        let value_start = label.range.end;
        parsed.remark(base + label.range.start..base + label.range.end);
        let (seg, remark) = match first_stop {
            Some(stop) if stop < end => split_stop(&inner[value_start..end]),
            _ => (&inner[value_start..end], None),
        };
        if let Some(r) = remark {
            parsed.remark(base + value_start + r.start..base + value_start + r.end);
        }
        let seg_base = base + value_start;
        match label.kind {
            FieldKind::Role(role) => names(seg, seg_base, role, false, parsed),
            FieldKind::Person => {
                for r in items(seg) {
                    parsed.persons.push(seg_base + r.start..seg_base + r.end);
                }
            }
            FieldKind::Deadline => {
                let value = seg.trim_end_matches([';', ',', ' ', '.']);
                let lead = value.len() - trim_start(value).len();
                let range = seg_base + lead..seg_base + value.len();
                if value.trim().is_empty() {
                    continue;
                }
                if deadline::within_the_plan_year(value) {
                    // Read: the plan's own year is the task's, which the horizon gives.
                    continue;
                }
                if deadline::is_phrase(value.trim()) {
                    parsed.deadline.get_or_insert(range);
                } else {
                    parsed.bad_deadlines.push(range);
                }
            }
            // 部门分工: prose roles after a label.
            FieldKind::Prose => {
                clauses(seg, seg_base, parsed);
            }
        }
    }
}
