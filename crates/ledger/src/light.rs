//! Statuses and lights (亮灯): what an assignment's state is, and how late it looks.
//!
//! The light is a pure function of (due date, status, today, warning window), so views, the
//! report and the tests all agree on it without touching the database.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// Where an assignment stands. No ledger record at all reads as [`Status::Todo`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    /// 未启动
    Todo,
    /// 推进中
    Doing,
    /// 已完成（销号）: closed out.
    Done,
    /// 暂缓
    Paused,
}

impl Status {
    pub const ALL: [Status; 4] = [Status::Todo, Status::Doing, Status::Done, Status::Paused];

    /// The word stored in the database and printed in JSON.
    pub fn code(self) -> &'static str {
        match self {
            Status::Todo => "todo",
            Status::Doing => "doing",
            Status::Done => "done",
            Status::Paused => "paused",
        }
    }

    pub fn from_code(code: &str) -> Option<Status> {
        Status::ALL.into_iter().find(|s| s.code() == code)
    }

    /// Accepts the English codes and the Chinese words (未启动 推进中 已完成 暂缓, also 销号).
    pub fn parse(word: &str) -> Option<Status> {
        let w = word.trim();
        Status::from_code(&w.to_ascii_lowercase()).or(match w {
            "未启动" | "未開始" | "未开始" => Some(Status::Todo),
            "推进中" | "推進中" => Some(Status::Doing),
            "已完成" | "完成" | "销号" | "已销号" | "已完成（销号）" | "已完成(销号)" => {
                Some(Status::Done)
            }
            "暂缓" | "暫緩" => Some(Status::Paused),
            _ => None,
        })
    }
}

/// 亮灯: green on track, yellow due soon, red past due and not closed, grey closed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Light {
    /// Closed (已销号): nothing more to do. Sorts first so `max` over a task gives the worst.
    Grey,
    Green,
    Yellow,
    Red,
}

/// The default warning window: a deadline this many days away or closer turns an item yellow.
pub const DEFAULT_WARN_DAYS: i64 = 30;

impl Light {
    pub const ALL: [Light; 4] = [Light::Red, Light::Yellow, Light::Green, Light::Grey];

    pub fn code(self) -> &'static str {
        match self {
            Light::Grey => "grey",
            Light::Green => "green",
            Light::Yellow => "yellow",
            Light::Red => "red",
        }
    }
}

/// The light of one assignment. `due` is the deadline's next due day (`Deadline::due`), None for
/// ongoing duties and tasks without a deadline; `status` None means nothing recorded yet.
///
/// Closed is grey whatever the date; otherwise past due is red, due within `warn_days`
/// (inclusive) is yellow, and the rest — including no deadline at all — is green. A paused
/// item is still judged by its deadline: 暂缓 does not stop the clock.
pub fn light(
    due: Option<NaiveDate>,
    status: Option<Status>,
    today: NaiveDate,
    warn_days: i64,
) -> Light {
    if status == Some(Status::Done) {
        return Light::Grey;
    }
    match due.map(|d| (d - today).num_days()) {
        Some(left) if left < 0 => Light::Red,
        Some(left) if left <= warn_days => Light::Yellow,
        _ => Light::Green,
    }
}

/// The light of a task from its assignments' lights: grey only when every unit has closed it,
/// otherwise the worst of the open ones. A task with no assignments is green.
pub fn task_light(lights: impl IntoIterator<Item = Light>) -> Light {
    let mut worst = None::<Light>;
    let mut any = false;
    for l in lights {
        any = true;
        if l != Light::Grey {
            worst = Some(worst.map_or(l, |w| w.max(l)));
        }
    }
    match (any, worst) {
        (true, None) => Light::Grey,
        (_, Some(w)) => w,
        (false, None) => Light::Green,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    #[test]
    fn lights_follow_deadline_and_status() {
        let today = d("2026-12-01");
        let due = Some(d("2026-12-31"));
        assert_eq!(light(due, None, today, 30), Light::Yellow);
        assert_eq!(light(due, None, today, 29), Light::Green);
        assert_eq!(light(due, Some(Status::Doing), today, 10), Light::Green);
        assert_eq!(light(due, Some(Status::Done), today, 30), Light::Grey);
        assert_eq!(light(Some(d("2026-11-30")), None, today, 30), Light::Red);
        assert_eq!(
            light(Some(d("2026-11-30")), Some(Status::Paused), today, 30),
            Light::Red
        );
        assert_eq!(
            light(Some(d("2020-01-01")), Some(Status::Done), today, 30),
            Light::Grey
        );
        assert_eq!(light(Some(today), None, today, 0), Light::Yellow);
        assert_eq!(light(None, None, today, 30), Light::Green);
    }

    #[test]
    fn a_task_is_as_late_as_its_latest_open_unit() {
        use Light::*;
        assert_eq!(task_light([Grey, Red, Green]), Red);
        assert_eq!(task_light([Grey, Grey]), Grey);
        assert_eq!(task_light([Green, Yellow]), Yellow);
        assert_eq!(task_light([]), Green);
    }

    #[test]
    fn statuses_parse_in_both_languages() {
        assert_eq!(Status::parse("doing"), Some(Status::Doing));
        assert_eq!(Status::parse("DONE"), Some(Status::Done));
        assert_eq!(Status::parse("未启动"), Some(Status::Todo));
        assert_eq!(Status::parse("已完成"), Some(Status::Done));
        assert_eq!(Status::parse("暫緩"), Some(Status::Paused));
        assert_eq!(Status::parse("finished"), None);
    }
}
