//! The tab-separated tables the program keeps (the curated aliases and counterparts, the
//! frecency file): one record a line, `#` comments and blank lines skipped, every field
//! trimmed. A line with the wrong number of fields is reported with its number, not dropped
//! in silence.

/// A line that does not have the fields the table needs.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("line {line}: {found} fields where {wanted} are needed")]
pub struct BadLine {
    /// 1-based.
    pub line: usize,
    pub found: usize,
    pub wanted: usize,
}

/// The records of `text` that have exactly `fields` fields, and the lines that do not.
pub fn parse(text: &str, fields: usize) -> (Vec<Vec<&str>>, Vec<BadLine>) {
    let mut rows = Vec::new();
    let mut bad = Vec::new();
    for (i, line) in text.lines().enumerate() {
        if line.trim().is_empty() || line.starts_with('#') {
            continue;
        }
        let row: Vec<&str> = line.split('\t').map(str::trim).collect();
        if row.len() == fields {
            rows.push(row);
        } else {
            bad.push(BadLine {
                line: i + 1,
                found: row.len(),
                wanted: fields,
            });
        }
    }
    (rows, bad)
}

/// The pairs of a two-column table shipped with the program. A bad line there is a bug of
/// the build, so it fails the build's tests (each table has one) rather than a user's run.
pub fn pairs(text: &str) -> Result<Vec<(&str, &str)>, Vec<BadLine>> {
    let (rows, bad) = parse(text, 2);
    if !bad.is_empty() {
        return Err(bad);
    }
    Ok(rows.into_iter().map(|r| (r[0], r[1])).collect())
}

/// Writes records as the tables are read: fields joined by tabs, a line each. A field must
/// not hold a tab or a line break; such characters become spaces.
pub fn write_row(out: &mut String, fields: &[&str]) {
    for (i, f) in fields.iter().enumerate() {
        if i > 0 {
            out.push('\t');
        }
        out.extend(f.chars().map(|c| {
            if matches!(c, '\t' | '\n' | '\r') {
                ' '
            } else {
                c
            }
        }));
    }
    out.push('\n');
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn comments_blanks_and_bad_lines() {
        let text = "# a comment\n卫健委\t卫生健康委 \n\n只有一列\n甲\t乙\t丙\n";
        let (rows, bad) = parse(text, 2);
        assert_eq!(rows, vec![vec!["卫健委", "卫生健康委"]]);
        assert_eq!(
            bad,
            vec![
                BadLine {
                    line: 4,
                    found: 1,
                    wanted: 2
                },
                BadLine {
                    line: 5,
                    found: 3,
                    wanted: 2
                }
            ]
        );
        assert_eq!(bad[0].to_string(), "line 4: 1 fields where 2 are needed");
        assert!(pairs(text).is_err());
        assert_eq!(pairs("a\tb\n").expect("pairs"), vec![("a", "b")]);
    }

    #[test]
    fn written_rows_read_back() {
        let mut out = String::new();
        write_row(&mut out, &["市卫生健康委", "3", "170\t0"]);
        let (rows, bad) = parse(&out, 3);
        assert!(bad.is_empty());
        assert_eq!(rows, vec![vec!["市卫生健康委", "3", "170 0"]]);
    }
}
