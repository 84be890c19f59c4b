//! 情况通报: the figures of the report for a meeting. Per unit, totals by light and by status;
//! then every red and yellow item with its latest note; then records whose task has gone. The
//! JSON is here; the worded forms (a terminal table, Markdown, CSV) are the application's.

use crate::light::{Light, Status};
use crate::snapshot::Snapshot;
use chrono::NaiveDate;
use dutymatrix_base::par::par_map;
use dutymatrix_base::text::push_safe_line;
use dutymatrix_reader::model::{Model, Task};
use dutymatrix_reader::search::pinyin_sort_key;
use hashbrown::HashMap;
use serde::Serialize;
use serde_json::json;

#[derive(Debug, Clone, Serialize)]
pub struct UnitTotals {
    pub unit: String,
    /// Counts in [`Light::ALL`] order: red, yellow, green, grey.
    pub lights: [usize; 4],
    /// Counts in [`Status::ALL`] order; nothing recorded counts as not started.
    pub statuses: [usize; 4],
    pub total: usize,
}

#[derive(Debug, Clone, Serialize)]
pub struct Item {
    pub light: Light,
    pub unit: String,
    pub task: String,
    pub title: String,
    pub due: Option<NaiveDate>,
    pub days_left: Option<i64>,
    pub status: Status,
    pub recorded: bool,
    pub note: Option<String>,
    pub note_date: Option<NaiveDate>,
    pub who: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct OrphanItem {
    pub unit: String,
    pub task: String,
    pub title: String,
    pub status: Option<Status>,
    pub note: Option<String>,
    pub note_date: Option<NaiveDate>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Report {
    pub today: NaiveDate,
    pub warn_days: i64,
    pub units: Vec<UnitTotals>,
    /// Red items, then yellow, each by most overdue first.
    pub items: Vec<Item>,
    pub orphans: Vec<OrphanItem>,
}

impl Report {
    pub fn build(model: &Model, snap: &Snapshot, today: NaiveDate, warn_days: i64) -> Report {
        // The tasks in parts, each part's totals and items made on a core of its own, then
        // added up in the model's order (the items' order decides ties in the sort below).
        let parts: Vec<&[Task]> = model.tasks.chunks(TASKS_PER_PART).collect();
        let counted = par_map(&parts, |tasks| count(snap, tasks, today, warn_days));
        let mut units: HashMap<&str, UnitTotals> = HashMap::new();
        let mut items = Vec::with_capacity(counted.iter().map(|(_, items)| items.len()).sum());
        for (part_units, part_items) in counted {
            for (unit, totals) in part_units {
                match units.entry(unit) {
                    hashbrown::hash_map::Entry::Vacant(v) => {
                        v.insert(totals);
                    }
                    hashbrown::hash_map::Entry::Occupied(mut o) => o.get_mut().add(&totals),
                }
            }
            items.extend(part_items);
        }
        let mut units: Vec<UnitTotals> = units.into_values().collect();
        // Worst first; equals in pinyin order, as a Chinese reader looks names up (not by code
        // point, which scatters 省民政厅 and 省财政厅 arbitrarily).
        use std::cmp::Reverse;
        units.sort_by_cached_key(|u| {
            (
                Reverse(u.lights[0]),
                Reverse(u.lights[1]),
                Reverse(u.total),
                pinyin_sort_key(&u.unit),
                u.unit.clone(),
            )
        });
        let items = worst_first(items, &units);
        let orphans = snap
            .orphans
            .iter()
            .map(|o| OrphanItem {
                unit: o.unit.clone(),
                task: o.key.task_id.clone(),
                title: o.key.title.clone(),
                status: o.entry.status,
                note: o.entry.note.as_ref().and_then(|n| n.note.clone()),
                note_date: o.entry.note.as_ref().and_then(|n| n.note_date),
            })
            .collect();
        Report {
            today,
            warn_days,
            units,
            items,
            orphans,
        }
    }

    pub fn json(&self) -> serde_json::Value {
        let units: Vec<_> = self
            .units
            .iter()
            .map(|u| {
                let mut lights = serde_json::Map::new();
                for (l, n) in Light::ALL.iter().zip(u.lights) {
                    lights.insert(l.code().into(), n.into());
                }
                let mut statuses = serde_json::Map::new();
                for (s, n) in Status::ALL.iter().zip(u.statuses) {
                    statuses.insert(s.code().into(), n.into());
                }
                json!({"unit": u.unit, "lights": lights, "statuses": statuses, "total": u.total})
            })
            .collect();
        json!({
            "today": self.today,
            "warn_days": self.warn_days,
            "units": units,
            "items": self.items,
            "orphans": self.orphans,
        })
    }
}

/// Tasks counted as one part of a report: enough that starting a part costs nothing beside it.
const TASKS_PER_PART: usize = 1024;

/// The totals per unit and the red and yellow items of `tasks` (in their order).
fn count<'a>(
    snap: &'a Snapshot,
    tasks: &'a [Task],
    today: NaiveDate,
    warn_days: i64,
) -> (HashMap<&'a str, UnitTotals>, Vec<Item>) {
    // Looked up once per assignment: hashed, not compared along a tree.
    let mut units: HashMap<&str, UnitTotals> = HashMap::new();
    // At most one item per assignment: reserved once (what is never filled is never touched),
    // not grown by copying into fresh pages.
    let mut items = Vec::with_capacity(tasks.iter().map(|t| t.assignments.len()).sum());
    for a in snap.assignments_of(tasks, None, today, warn_days) {
        let status = a.status().unwrap_or(Status::Todo);
        let t = units.entry(a.unit).or_insert_with(|| UnitTotals {
            unit: a.unit.to_string(),
            lights: [0; 4],
            statuses: [0; 4],
            total: 0,
        });
        t.total += 1;
        if let Some(i) = Light::ALL.iter().position(|l| *l == a.light) {
            t.lights[i] += 1;
        }
        if let Some(i) = Status::ALL.iter().position(|s| *s == status) {
            t.statuses[i] += 1;
        }
        if matches!(a.light, Light::Red | Light::Yellow) {
            let due = a.task.deadline.as_ref().and_then(|d| d.due(today));
            let note = a.note();
            items.push(Item {
                light: a.light,
                unit: a.unit.to_string(),
                task: a.task.id.as_str().to_owned(),
                title: a.task.title_simplified().to_string(),
                due,
                days_left: due.map(|d| (d - today).num_days()),
                status,
                recorded: a.entry.is_some(),
                note: note.and_then(|n| n.note.clone()),
                note_date: note.and_then(|n| n.note_date),
                // Not `to_string`: on an `Arc<str>` that goes through a formatter.
                who: note.map(|n| String::from(&*n.who)),
            });
        }
    }
    (units, items)
}

impl UnitTotals {
    fn add(&mut self, other: &UnitTotals) {
        for (mine, theirs) in self.lights.iter_mut().zip(other.lights) {
            *mine += theirs;
        }
        for (mine, theirs) in self.statuses.iter_mut().zip(other.statuses) {
            *mine += theirs;
        }
        self.total += other.total;
    }
}

/// Items worst first, then soonest due, then by unit in pinyin order, then by task. A unit's
/// pinyin is worked out once, from `units` (every unit of an item is among them), not once for
/// each of its items.
fn worst_first(items: Vec<Item>, units: &[UnitTotals]) -> Vec<Item> {
    use std::cmp::Reverse;
    let mut by_pinyin: Vec<(String, &str)> = (units.iter())
        .map(|u| (pinyin_sort_key(&u.unit), u.unit.as_str()))
        .collect();
    by_pinyin.sort_unstable();
    // Units of one pinyin key share a rank: the task decides between their items, as a sort
    // by the key itself would.
    let mut rank: HashMap<&str, usize> = HashMap::new();
    let mut at = 0;
    for (n, (key, unit)) in by_pinyin.iter().enumerate() {
        if n > 0 && by_pinyin[n - 1].0 != *key {
            at = n;
        }
        rank.insert(*unit, at);
    }
    let mut keyed: Vec<_> = (items.iter().enumerate())
        .map(|(n, i)| {
            let unit = rank.get(i.unit.as_str()).copied().unwrap_or(usize::MAX);
            ((Reverse(i.light), i.days_left, unit, i.task.as_str()), n)
        })
        .collect();
    keyed.sort_unstable();
    let order: Vec<usize> = keyed.into_iter().map(|(_, n)| n).collect();
    let mut slots: Vec<Option<Item>> = items.into_iter().map(Some).collect();
    // Sized first: collected from a filter, the list grew by copying every item several times.
    let mut sorted = Vec::with_capacity(slots.len());
    sorted.extend(order.into_iter().filter_map(|n| slots[n].take()));
    sorted
}

/// `2026-12-01 签订协议3份（alice）`, sanitised; `-` when there is no note.
pub fn note_text(note: Option<&str>, date: Option<NaiveDate>, who: Option<&str>) -> String {
    let Some(n) = note else {
        return "-".into();
    };
    // Made once per red and yellow item of a report: no string but this one.
    let mut out = String::with_capacity(11 + n.len() + who.map_or(0, |w| w.len() + 6));
    if let Some(d) = date {
        push_date(&mut out, d);
        out.push(' ');
    }
    push_safe_line(&mut out, n);
    if let Some(w) = who {
        out.push('（');
        push_safe_line(&mut out, w);
        out.push('）');
    }
    out
}

/// `2026-12-01`, as the date's `Display` writes it, without going through a formatter for the
/// years a ledger holds.
pub fn push_date(out: &mut String, d: NaiveDate) {
    use chrono::Datelike;
    use std::fmt::Write;
    let y = d.year();
    if !(0..=9999).contains(&y) {
        let _ = write!(out, "{d}");
        return;
    }
    let digits = |n: u32, width: usize, out: &mut String| {
        for place in (0..width).rev() {
            let digit = (n / 10u32.pow(place as u32)) % 10;
            out.push(char::from(b'0' + digit as u8));
        }
    };
    digits(y as u32, 4, out);
    out.push('-');
    digits(d.month(), 2, out);
    out.push('-');
    digits(d.day(), 2, out);
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::cmp::Reverse;

    /// More tasks than one part counts, and more items than the table writes in one piece:
    /// every unit's totals added up across the parts, every item once, in order.
    #[test]
    fn figures_counted_in_parts_add_up() {
        use dutymatrix_reader::domain::{Basis, Deadline};
        let today = NaiveDate::from_ymd_opt(2026, 12, 1).expect("a date");
        let past = NaiveDate::from_ymd_opt(2026, 6, 30);
        let tasks: Vec<Task> = (0..2500)
            .map(|i| {
                let unit = format!("单位{}", i % 7);
                let mut t = crate::assemble::tests::task(&format!("plan/{i}"), &[&unit]);
                t.deadline = (i % 3 == 0).then(|| {
                    std::sync::Arc::new(Deadline {
                        date: past,
                        kind: Default::default(),
                        every_year: None,
                        text: Default::default(),
                        basis: Basis::Explicit,
                    })
                });
                t
            })
            .collect();
        let model = Model {
            tasks,
            ..Model::default()
        };
        let r = Report::build(&model, &Snapshot::empty(), today, 30);
        assert_eq!(r.units.len(), 7);
        for u in &r.units {
            let n: usize = u.unit.trim_start_matches("单位").parse().expect("a number");
            let of_unit = (0..2500).filter(|i| i % 7 == n);
            assert_eq!(u.total, of_unit.clone().count(), "{}", u.unit);
            assert_eq!(
                u.lights[0],
                of_unit.filter(|i| i % 3 == 0).count(),
                "{}",
                u.unit
            );
        }
        assert_eq!(r.items.len(), 834);
        // All equally overdue: by unit (one pinyin each), then task id.
        let mut expected: Vec<(String, String)> = (0..2500)
            .filter(|i| i % 3 == 0)
            .map(|i| (format!("单位{}", i % 7), format!("plan/{i}")))
            .collect();
        expected.sort_by_cached_key(|(u, t)| (pinyin_sort_key(u), t.clone()));
        let got: Vec<(String, String)> = (r.items.iter())
            .map(|i| (i.unit.clone(), i.task.clone()))
            .collect();
        assert_eq!(got, expected);
    }

    #[test]
    fn dates_are_written_as_their_display() {
        for (y, m, d) in [
            (2026, 12, 1),
            (1, 1, 9),
            (0, 5, 31),
            (9999, 12, 31),
            (10000, 1, 1),
            (-1, 3, 4),
        ] {
            let date = NaiveDate::from_ymd_opt(y, m, d).expect("a date");
            let mut out = String::new();
            push_date(&mut out, date);
            assert_eq!(out, date.to_string());
        }
        let day = NaiveDate::from_ymd_opt(2026, 12, 1);
        assert_eq!(
            note_text(Some("签订\u{1b}[31m协议\n3份"), day, Some("alice")),
            "2026-12-01 签订[31m协议 3份（alice）"
        );
        assert_eq!(note_text(None, day, Some("alice")), "-");
    }

    fn item(unit: &str, task: &str, days_left: i64) -> Item {
        Item {
            light: Light::Red,
            unit: unit.into(),
            task: task.into(),
            title: String::new(),
            due: None,
            days_left: Some(days_left),
            status: Status::Todo,
            recorded: false,
            note: None,
            note_date: None,
            who: None,
        }
    }

    /// The order a sort by (light, days left, the unit's pinyin, task) gives, with the pinyin
    /// worked out once per unit; 区委办 and 区卫办 are one pinyin key (qu wei ban).
    #[test]
    fn items_sort_by_light_days_pinyin_and_task_even_for_homophone_units() {
        assert_eq!(pinyin_sort_key("区委办"), pinyin_sort_key("区卫办"));
        let names = ["区委办", "区卫办", "财政局", "民政局"];
        let units: Vec<UnitTotals> = (names.iter())
            .map(|u| UnitTotals {
                unit: u.to_string(),
                lights: [1, 0, 0, 0],
                statuses: [1, 0, 0, 0],
                total: 1,
            })
            .collect();
        let items = vec![
            item("区委办", "doc/3", -3),
            item("区卫办", "doc/2", -3),
            item("区委办", "doc/1", -3),
            item("民政局", "doc/9", -3),
            item("财政局", "doc/8", -3),
            item("民政局", "doc/0", -9),
        ];
        let mut by_key = items.clone();
        by_key.sort_by_cached_key(|i| {
            (
                Reverse(i.light),
                i.days_left,
                pinyin_sort_key(&i.unit),
                i.task.clone(),
            )
        });
        let shown = |v: &[Item]| {
            v.iter()
                .map(|i| format!("{} {}", i.unit, i.task))
                .collect::<Vec<_>>()
        };
        let sorted = worst_first(items, &units);
        assert_eq!(shown(&sorted), shown(&by_key));
        assert_eq!(
            shown(&sorted),
            [
                "民政局 doc/0",
                "财政局 doc/8",
                "民政局 doc/9",
                "区委办 doc/1",
                "区卫办 doc/2",
                "区委办 doc/3"
            ]
        );
    }
}
