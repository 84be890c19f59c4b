//! `ledger members`: who speaks for which unit, and who supervises.

#[allow(unused_imports)]
use super::*;
use crate::search::resolve::{self, Resolution};

/// The unit `name` means: any spelling a search accepts; several equally good candidates are
/// listed, not guessed between, and a name that matches nothing gets the near names.
pub(super) fn known_unit(model: &Model, name: &str, lang: Lang) -> Result<String, Failure> {
    let index = UnitIndex::new(model);
    let w = words(lang);
    let listed = |ix: &[usize]| {
        ix.iter()
            .filter_map(|&i| model.units.get(i))
            .map(|u| safe_line(&u.name))
            .collect::<Vec<_>>()
            .join("、")
    };
    let reason = match resolve::unit(model, &index, name, None) {
        Resolution::One(i) => return Ok(model.units[i].id.clone()),
        Resolution::Ambiguous(ix) => (w.ambiguous_unit)(&safe_line(name), &listed(&ix)),
        Resolution::NotFound(near) if !near.is_empty() => format!(
            "{}{}{}{}{}{}",
            w.unknown_unit,
            lang.strings().colon,
            safe_line(name),
            lang.strings().open_paren,
            format_args!("{}{}{}", w.near_names, lang.strings().colon, listed(&near)),
            lang.strings().close_paren
        ),
        Resolution::NotFound(_) => format!(
            "{}{}{}",
            w.unknown_unit,
            lang.strings().colon,
            safe_line(name)
        ),
    };
    Err(Failure::Ledger(LedgerError::Invalid { reason }))
}

pub(super) fn valid_login(login: &str, lang: Lang) -> Result<(), Failure> {
    if login.is_empty() || login.chars().any(|c| c.is_whitespace() || c.is_control()) {
        return Err(Failure::Ledger(LedgerError::Invalid {
            reason: format!(
                "{}{}{}",
                words(lang).not_a_login,
                lang.strings().colon,
                safe_line(login)
            ),
        }));
    }
    Ok(())
}

pub(super) fn members(
    path: &Path,
    model: &Model,
    ctx: &Context,
    action: Option<&MembersAction>,
    json: bool,
) -> Result<Outcome, Failure> {
    let w = words(ctx.lang);
    let (login, units, supervisor, grant) = match action {
        None => return list_members(path, ctx, json),
        Some(MembersAction::List { json: j }) => return list_members(path, ctx, json || *j),
        Some(MembersAction::Add {
            login,
            units,
            supervisor,
        }) => (login, units, *supervisor, true),
        Some(MembersAction::Remove {
            login,
            units,
            supervisor,
        }) => (login, units, *supervisor, false),
    };
    valid_login(login, ctx.lang)?;
    // Every refusal comes before the ledger is opened for writing, which may create it.
    let named: Vec<String> = units
        .iter()
        .map(|u| known_unit(model, u, ctx.lang))
        .collect::<Result<_, _>>()?;
    if named.is_empty() && grant && !supervisor {
        return Err(Failure::Ledger(LedgerError::Invalid {
            reason: w.name_a_unit.into(),
        }));
    }
    let (mut ledger, notice) = write(path, ctx.lang)?;
    let before = ledger.members()?.into_iter().find(|m| &m.login == login);
    // `members remove LOGIN` alone takes every unit away (and supervision only when asked).
    let units = match (named.is_empty(), grant) {
        (true, false) if !supervisor => before.as_ref().map_or_else(Vec::new, |m| m.units.clone()),
        _ => named,
    };
    if units.is_empty() && !supervisor {
        return Err(Failure::Ledger(LedgerError::Invalid {
            reason: w.name_a_unit.into(),
        }));
    }
    let has_unit = |u: &str| {
        before
            .as_ref()
            .is_some_and(|m| m.units.iter().any(|x| x == u))
    };
    let was_supervisor = before.as_ref().is_some_and(|m| m.supervisor);
    let who = safe_line(login);
    let mut said = String::new();
    let me: Identity = identity::current();
    for unit in &units {
        let name = model.unit(unit).map_or(unit.as_str(), |u| u.name.as_str());
        let name = safe_line(name);
        let (change, line, already) = if grant {
            let c = MemberChange::Grant {
                login: login.clone(),
                unit: unit.clone(),
            };
            (c, (w.granted)(&who, &name), has_unit(unit))
        } else {
            let c = MemberChange::Revoke {
                login: login.clone(),
                unit: unit.clone(),
            };
            (c, (w.revoked)(&who, &name), !has_unit(unit))
        };
        ledger.change_member(&me, &change)?;
        said.push_str(&if already { (w.unchanged)(&line) } else { line });
        said.push('\n');
    }
    if supervisor {
        let (change, line, already) = if grant {
            let c = MemberChange::GrantSupervisor {
                login: login.clone(),
            };
            (c, (w.made_supervisor)(&who), was_supervisor)
        } else {
            let c = MemberChange::RevokeSupervisor {
                login: login.clone(),
            };
            (c, (w.unmade_supervisor)(&who), !was_supervisor)
        };
        ledger.change_member(&me, &change)?;
        said.push_str(&if already { (w.unchanged)(&line) } else { line });
        said.push('\n');
    }
    ok(said, notice)
}
pub(super) fn list_members(path: &Path, ctx: &Context, json: bool) -> Result<Outcome, Failure> {
    let w = words(ctx.lang);
    let Some(ledger) = Ledger::open(path, OpenMode::ReadOnly)? else {
        let notice = format!(
            "dutymatrix: {}\n",
            (w.no_ledger_yet)(&crate::ledger::shown_location(path))
        );
        return ok(
            if json {
                "[]\n".into()
            } else {
                format!("{}\n", w.no_members)
            },
            notice,
        );
    };
    let members = ledger.members()?;
    let notice = super::trouble(&ledger, ctx.lang);
    if json {
        return ok(
            pretty(&serde_json::to_value(&members).unwrap_or(Value::Null)),
            notice,
        );
    }
    let mut out = String::new();
    for m in &members {
        let mut roles: Vec<String> = Vec::new();
        if m.supervisor {
            roles.push(w.supervisor.to_string());
        }
        roles.extend(m.units.iter().map(|u| safe_line(u)));
        out.push_str(&format!(
            "{}  {}\n",
            fit(&safe_line(&m.login), 16),
            roles.join("、")
        ));
    }
    if members.is_empty() {
        out.push_str(&format!("{}\n", w.no_members));
    }
    ok(out, notice)
}
