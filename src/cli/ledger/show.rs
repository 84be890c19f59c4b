//! `ledger show`: where a unit's or a task's assignments stand, as a table or JSON.

#[allow(unused_imports)]
use super::*;

pub(super) fn find_task<'m>(model: &'m Model, id: &str) -> Option<&'m Task> {
    model.tasks.iter().find(|t| t.id == id)
}

pub(super) fn show(
    path: &Path,
    model: &Model,
    ctx: &Context,
    target: &str,
    json: bool,
) -> Result<Outcome, Failure> {
    if let Some(task) = find_task(model, target) {
        let (_, snap, notice) = super::read_document(path, model, &task.document, ctx.lang)?;
        return ok(show_task(model, &snap, task, ctx, json), notice);
    }
    let names = crate::cli::UnitNames::with(model, ctx.lang, ctx.home, Some(path));
    let unit = match names.one(target) {
        Ok(i) => &model.units[i],
        Err(refused) => return Ok(refused),
    };
    let (_, snap, notice) = read(path, model, Some(&unit.id), ctx)?;
    ok(show_unit(model, &snap, unit, ctx, json), notice)
}

pub(super) fn note_json(c: Option<&Change>) -> Value {
    c.map_or(
        Value::Null,
        |c| json!({"text": c.note, "date": c.note_date, "who": c.who, "at": c.at}),
    )
}

pub(super) fn show_unit(
    model: &Model,
    snap: &Snapshot,
    unit: &Unit,
    ctx: &Context,
    json: bool,
) -> String {
    let (lang, today, warn) = (ctx.lang, ctx.today, ctx.warn_days);
    let s = lang.strings();
    let w = words(lang);
    let rows: Vec<_> = snap
        .assignments(model, Some(&unit.id), today, warn)
        .collect();
    let orphans: Vec<_> = snap.orphans.iter().filter(|o| o.unit == unit.id).collect();
    if json {
        return pretty(&json!({
            "unit": unit.id,
            "today": today,
            "warn_days": warn,
            "items": rows.iter().map(|a| json!({
                "task": a.task.id,
                "title": a.task.title_simplified(),
                "document": a.task.document,
                "role": a.role,
                "due": a.task.deadline.as_ref().and_then(|d| d.due(today)),
                "days_left": a.task.deadline.as_ref().and_then(|d| d.days_left(today)),
                "status": a.status(),
                "recorded": a.entry.is_some(),
                "light": a.light,
                "note": note_json(a.note()),
            })).collect::<Vec<_>>(),
            "orphans": orphans.iter().map(|o| json!({
                "task": o.key.task_id, "title": o.key.title, "status": o.entry.status,
                "note": note_json(o.entry.note.as_deref()),
            })).collect::<Vec<_>>(),
        }));
    }
    let mut counts = [0usize; 4];
    for a in &rows {
        if let Some(i) = crate::ledger::Light::ALL.iter().position(|l| *l == a.light) {
            counts[i] += 1;
        }
    }
    let mut out = format!(
        "{}（{}）  {}\n",
        safe_line(&unit.name),
        s.level(unit.level),
        crate::ledger::Light::ALL
            .iter()
            .zip(counts)
            .map(|(l, n)| format!("{} {n}", l.word(lang)))
            .collect::<Vec<_>>()
            .join(" · ")
    );
    // The due column is as wide as its widest entry: 2025-12-31 逾期1431天 is never cut.
    let dues: Vec<String> = rows.iter().map(|a| due_text(a.task, today, lang)).collect();
    let due_w = dues
        .iter()
        .map(|d| crate::text::width(d))
        .max()
        .unwrap_or(0);
    let mut doc = "";
    for (a, due) in rows.iter().zip(&dues) {
        if a.task.document != doc {
            doc = &a.task.document;
            let title = model.document(doc).map_or(doc, |d| d.title.as_str());
            out.push_str(&format!("\n{}\n", safe_line(title)));
        }
        out.push_str(&format!(
            "  {}  {}  {}  {}  {}\n",
            a.light.word(lang),
            fit(a.status().unwrap_or(Status::Todo).word(lang), 6),
            fit(&safe_line(a.task.title_simplified()), 28),
            fit(due, due_w),
            a.task.id,
        ));
        if let Some(n) = a.note() {
            out.push_str(&format!(
                "        {}\n",
                note_text(n.note.as_deref(), n.note_date, Some(&n.who))
            ));
        }
    }
    if !orphans.is_empty() {
        out.push_str(&format!(
            "\n{}{}\n",
            w.orphans,
            crate::words::paren(lang, w.orphans_hint)
        ));
        for o in orphans {
            out.push_str(&format!(
                "  {}  {}  {}\n",
                o.key.task_id,
                safe_line(&o.key.title),
                note_text(
                    o.entry.note.as_ref().and_then(|n| n.note.as_deref()),
                    o.entry.note.as_ref().and_then(|n| n.note_date),
                    None
                )
            ));
        }
    }
    out
}

/// `2022-12-31 剩21天`: the due day and the days left, without the wording of the deadline.
pub(super) fn due_text(task: &Task, today: NaiveDate, lang: Lang) -> String {
    let s = lang.strings();
    match task
        .deadline
        .as_ref()
        .and_then(|d| Some((d.due(today)?, d.days_left(today)?)))
    {
        Some((due, days)) => format!("{due} {}", s.days(days)),
        None => s.no_deadline.to_string(),
    }
}

pub(super) fn show_task(
    model: &Model,
    snap: &Snapshot,
    task: &Task,
    ctx: &Context,
    json: bool,
) -> String {
    let (lang, today, warn) = (ctx.lang, ctx.today, ctx.warn_days);
    let s = lang.strings();
    let rows: Vec<_> = task
        .assignments
        .iter()
        .map(|a| {
            (
                a,
                snap.entry(&task.id, &a.unit),
                snap.light(task, &a.unit, today, warn),
            )
        })
        .collect();
    let light = snap.task_light(task, today, warn);
    if json {
        return pretty(&json!({
            "task": task.id,
            "title": task.title_simplified(),
            "document": task.document,
            "due": task.deadline.as_ref().and_then(|d| d.due(today)),
            "light": light,
            "assignments": rows.iter().map(|(a, e, l)| json!({
                "unit": a.unit,
                "role": a.role,
                "status": e.and_then(|e| e.status),
                "recorded": e.is_some(),
                "light": l,
                "note": note_json(e.and_then(|e| e.note.as_deref())),
            })).collect::<Vec<_>>(),
        }));
    }
    let doc = model
        .document(&task.document)
        .map_or(task.document.as_str(), |d| d.title.as_str());
    let mut out = format!(
        "{}  {}  [{}]\n{}：{}  {}：{}\n",
        task.id,
        safe_line(task.title_simplified()),
        safe_line(doc),
        s.deadline,
        s.deadline_text(task.deadline.as_deref(), today),
        words(lang).light,
        light.word(lang)
    );
    for (a, e, l) in rows {
        out.push_str(&format!(
            "  {}  {}  {}  {}\n",
            fit(s.role(a.role), 4),
            fit(&safe_line(&a.unit), 24),
            l.word(lang),
            e.and_then(|e| e.status).unwrap_or(Status::Todo).word(lang)
        ));
        if let Some(n) = e.and_then(|e| e.note.as_ref()) {
            out.push_str(&format!(
                "        {}\n",
                note_text(n.note.as_deref(), n.note_date, Some(&n.who))
            ));
        }
    }
    out
}
