//! The command line: options, and the non-interactive commands for scripts and tests.
//!
//! Each command renders into an [`Outcome`] first, so nothing is half-printed when it fails.

mod args;
pub mod check;
mod dispatch;
pub mod export;
pub mod ledger;
mod unit_names;

pub use args::{Cli, Command, ExportFormat};
pub use dispatch::{Env, Next, SheetStream, Staged, Start, dispatch, load_notices, run};
pub use unit_names::UnitNames;

use crate::model::{Model, Role, Task, Unit};
use crate::search::search_tasks;
use crate::text::{fit, width};
use crate::words::Strings;
use chrono::NaiveDate;
use serde_json::{Value, json};
use std::fmt::Write as _;

/// What a command prints and how it exits.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Outcome {
    pub stdout: String,
    pub stderr: String,
    pub code: i32,
    /// The command changed the ledger: if its confirmation then cannot be printed, the change
    /// still stands, and exit 2 (which promises nothing was written) would be a lie.
    pub wrote: bool,
}

impl Outcome {
    /// A command that did not do what was asked: the message on stderr, exit `code` (1 no
    /// match, 2 bad input or a refusal), nothing on stdout. Every refusal is made here.
    pub(crate) fn failed(message: &str, code: i32) -> Outcome {
        Outcome {
            stderr: format!("dutymatrix: {message}\n"),
            code,
            ..Outcome::default()
        }
    }

    /// The input was bad: the message on stderr, exit 2, nothing on stdout.
    fn bad_input(message: String) -> Outcome {
        Outcome::failed(&message, 2)
    }

    /// Nothing matched `query`: a message on stderr, exit 1, nothing on stdout.
    fn no_match(message: &str, query: &str) -> Outcome {
        Outcome::failed(&format!("{message} \"{query}\""), 1)
    }
}

fn pretty(v: &Value) -> String {
    let mut out = serde_json::to_string_pretty(v).unwrap_or_default();
    out.push('\n');
    out
}

/// Units in the order officials scan them: level, then most tasks, then name.
fn units_in_order(model: &Model, all: bool) -> Vec<&Unit> {
    let mut units: Vec<&Unit> = model
        .units
        .iter()
        .filter(|u| all || !u.collective)
        .collect();
    // Counting a unit's tasks scans them all: count once per unit, not once per comparison.
    units.sort_by_cached_key(|u| {
        let load = model.role_counts(&u.id).total();
        (
            u.collective,
            u.level,
            std::cmp::Reverse(load),
            u.name.clone(),
        )
    });
    units
}

fn units(model: &Model, s: &Strings, json: bool, all: bool) -> Outcome {
    let units = units_in_order(model, all);
    if json {
        let rows: Vec<Value> = units.iter().map(|u| unit_json(model, u)).collect();
        return Outcome {
            stdout: pretty(&Value::Array(rows)),
            ..Outcome::default()
        };
    }
    // Each name's width taken once: `fit` took it twice more a row, and a row was a dozen
    // strings made and dropped (each cell formatted, then padded into another).
    let widths: Vec<usize> = units.iter().map(|u| width(&u.name)).collect();
    let name_w = widths.iter().copied().max().unwrap_or(0).max(width(s.unit));
    let mut out = String::new();
    let cols = [s.level, s.lead, s.support, s.responsible, s.total];
    out.push_str(&fit(s.unit, name_w));
    for c in cols {
        out.push_str("  ");
        push_right(&mut out, c, 6);
    }
    out.push('\n');
    for (u, w) in units.iter().zip(widths) {
        let c = model.role_counts(&u.id);
        // Never cut, as `fit` would leave it: the column is as wide as the widest name.
        out.push_str(&u.name);
        out.extend(std::iter::repeat_n(' ', name_w.saturating_sub(w)));
        let level = if u.collective {
            s.collective
        } else {
            s.level(u.level)
        };
        out.push_str("  ");
        push_right(&mut out, level, 6);
        for n in [c.lead, c.support, c.responsible, c.total()] {
            // A digit is a cell: padded by characters, as the words are by cells.
            let _ = write!(out, "  {n:>6}");
        }
        out.push('\n');
    }
    let _ = writeln!(out, "{} {}", units.len(), s.units_found);
    Outcome {
        stdout: out,
        ..Outcome::default()
    }
}

/// `v` after as many spaces as make it `cells` wide.
fn push_right(out: &mut String, v: &str, cells: usize) {
    out.extend(std::iter::repeat_n(' ', cells.saturating_sub(width(v))));
    out.push_str(v);
}

fn unit_json(model: &Model, u: &Unit) -> Value {
    let c = model.role_counts(&u.id);
    json!({
        "id": u.id,
        "name": u.name,
        "aliases": u.aliases,
        "level": u.level,
        "collective": u.collective,
        "lead": c.lead,
        "support": c.support,
        "responsible": c.responsible,
        "total": c.total(),
    })
}

fn duties(env: &Env, query: &str, json: bool) -> Outcome {
    let (model, lang, today) = (env.model, env.lang, env.today);
    let s = lang.strings();
    if query.trim().is_empty() {
        // An empty query would list every unit and pick one at random-looking order.
        return Outcome::failed(s.empty_query, 2);
    }
    let names = UnitNames::new(env);
    let best = match names.one(query) {
        Ok(i) => &model.units[i],
        Err(refused) => return refused,
    };
    let others: Vec<&Unit> = names
        .matches(query)
        .filter_map(|i| model.units.get(i))
        .filter(|u| u.id != best.id)
        .take(5)
        .collect();
    let duties: Vec<(&Task, Role)> = model.duties(&best.id).collect();
    let partners = model.partners(&best.id);
    if json {
        let v = json!({
            "query": query,
            "unit": unit_json(model, best),
            "duties": duties.iter().map(|(t, r)| json!({
                "task": t.id,
                "role": r,
                "title": t.title_simplified(),
                "document": t.document,
                "deadline": t.deadline,
                "days_left": t.deadline.as_ref().and_then(|d| d.days_left(today)),
            })).collect::<Vec<_>>(),
            "partners": partners.iter().map(|(u, n)| json!({"unit": u.id, "shared_tasks": n})).collect::<Vec<_>>(),
            "other_matches": others.iter().map(|u| &u.id).collect::<Vec<_>>(),
            "counterparts": export::of_unit(model, &crate::counterparts::Counterparts::new(model), &best.id, lang),
        });
        return Outcome {
            stdout: pretty(&v),
            ..Outcome::default()
        };
    }
    let c = model.role_counts(&best.id);
    let mut out = format!(
        "{}{}{}{}  {} {} · {} {} · {} {}\n{}",
        best.name,
        s.open_paren,
        s.level(best.level),
        s.close_paren,
        s.lead,
        c.lead,
        s.support,
        c.support,
        s.responsible,
        c.responsible,
        if best.aliases.is_empty() {
            String::new()
        } else {
            format!(
                "{}{}{}\n",
                s.also_called,
                s.colon,
                best.aliases.join(s.list_sep)
            )
        }
    );
    let mut current_doc = "";
    let role_w = duties
        .iter()
        .map(|(_, r)| width(s.role(*r)))
        .max()
        .unwrap_or(4);
    for (t, role) in &duties {
        if t.document != current_doc {
            current_doc = &t.document;
            let title = model
                .document(&t.document)
                .map_or(t.document.as_str(), |d| d.title.as_str());
            out.push_str(&format!("\n{title}\n"));
        }
        out.push_str(&format!(
            "  {}  {}  {}\n",
            fit(s.role(*role), role_w),
            fit(t.title_simplified(), 40),
            s.deadline_text(t.deadline.as_deref(), today)
        ));
    }
    if !partners.is_empty() {
        let list: Vec<String> = partners
            .iter()
            .map(|(u, n)| format!("{}({n})", u.name))
            .collect();
        out.push_str(&format!(
            "\n{}{}{}\n",
            s.partners,
            s.colon,
            list.join(s.list_sep)
        ));
    }
    if !others.is_empty() {
        let list: Vec<&str> = others.iter().map(|u| u.name.as_str()).collect();
        out.push_str(&format!(
            "{}{}{}\n",
            s.other_matches,
            s.colon,
            list.join(s.list_sep)
        ));
    }
    Outcome {
        stdout: out,
        ..Outcome::default()
    }
}

fn tasks(model: &Model, s: &Strings, query: &str, json: bool, today: NaiveDate) -> Outcome {
    let hits = search_tasks(model, query);
    if hits.is_empty() {
        return Outcome::no_match(s.no_task_match, query);
    }
    let found: Vec<&Task> = hits
        .iter()
        .filter_map(|(i, _)| model.tasks.get(*i))
        .collect();
    if json {
        return Outcome {
            stdout: pretty(&serde_json::to_value(&found).unwrap_or(Value::Null)),
            ..Outcome::default()
        };
    }
    let mut out = String::new();
    for t in &found {
        let doc = model
            .document(&t.document)
            .map_or(t.document.as_str(), |d| d.title.as_str());
        out.push_str(&format!("{}  {}  [{}]\n", t.id, t.title_simplified(), doc));
        for role in Role::ALL {
            let names: Vec<&str> = model.assignees(t, role).map(|(u, _)| u).collect();
            if !names.is_empty() {
                out.push_str(&format!(
                    "    {}{}{}\n",
                    s.role(role),
                    s.colon,
                    names.join(s.list_sep)
                ));
            }
        }
        out.push_str(&format!(
            "    {}{}{}\n",
            s.deadline,
            s.colon,
            s.deadline_text(t.deadline.as_deref(), today)
        ));
    }
    out.push_str(&format!("{} {}\n", found.len(), s.tasks_found));
    Outcome {
        stdout: out,
        ..Outcome::default()
    }
}
