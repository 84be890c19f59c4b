//! The labelled fields trailing a task's text on its lines (`…水平。牵头单位：市商务局`), found by
//! the scan that also finds the labels inside the line's bracket groups.

use crate::extract::fields::{self, Label};

/// The trailing fields alone (see [`trailing_fields_and_groups`]).
#[cfg(test)]
pub(super) fn trailing_fields(
    norm: &str,
    from: usize,
    square: bool,
) -> Option<(usize, Vec<Label>)> {
    trailing_fields_and_groups(norm, from, square, &mut fields::GroupLabels::default()).0
}

/// Where fields trailing a task's text begin: the first label outside brackets that opens the
/// text after `from` or follows a sentence, a clause or a space. With it, the labels of the
/// text from there (`fields::labels(&norm[start..], …)`, as the tail's reading needs them): those
/// of the text after `from` from that one on, moved to the tail's offsets, where reading the
/// tail again found the same (the first one's run of Han characters cut where it starts, which
/// gives the label it gave; the brackets before it all closed, as it stands outside them).
///
/// And into `groups` the labels inside the groups of the text after `from` (see
/// [`fields::labels_with_groups`]), read by the same scan; the flag says whether it was.
pub(super) fn trailing_fields_and_groups(
    norm: &str,
    from: usize,
    square: bool,
    groups: &mut fields::GroupLabels,
) -> (Option<(usize, Vec<Label>)>, bool) {
    let Some(rest) = norm.get(from..) else {
        return (None, false);
    };
    let labels = fields::labels_with_groups(rest, square, groups);
    (trailing_labels(rest, from, labels), true)
}

/// The trailing fields among the labels of `rest` (the text after `from`); see
/// [`trailing_fields_and_groups`].
fn trailing_labels(rest: &str, from: usize, mut labels: Vec<Label>) -> Option<(usize, Vec<Label>)> {
    let first = labels.iter().position(|l| {
        let before = rest[..l.range.start].trim_end_matches(' ');
        before.trim().is_empty()
            || before.ends_with(['。', ';', ',', ')', ']', '】', '.'])
            || before.len() < rest[..l.range.start].len()
    })?;
    let start = labels[first].range.start;
    labels.drain(..first);
    for l in &mut labels {
        l.range = l.range.start - start..l.range.end - start;
    }
    Some((from + start, labels))
}
