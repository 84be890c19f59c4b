//! `ledger members`: who speaks for which unit, and who supervises.

#[allow(unused_imports)]
use super::*;

/// A unit named in a members command must be one the documents know (its name or an alias).
pub(super) fn known_unit(model: &Model, name: &str, lang: Lang) -> Result<String, Failure> {
    model
        .units
        .iter()
        .find(|u| u.id == name || u.name == name || u.aliases.iter().any(|a| a == name))
        .map(|u| u.id.clone())
        .ok_or_else(|| {
            Failure::Ledger(LedgerError::Invalid {
                reason: format!(
                    "{}{}{}",
                    words(lang).unknown_unit,
                    lang.strings().colon,
                    safe_line(name)
                ),
            })
        })
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
    if units.is_empty() && !supervisor {
        return Err(Failure::Ledger(LedgerError::Invalid {
            reason: w.name_a_unit.into(),
        }));
    }
    let units: Vec<String> = units
        .iter()
        .map(|u| known_unit(model, u, ctx.lang))
        .collect::<Result<_, _>>()?;
    let mut changes: Vec<MemberChange> = units
        .into_iter()
        .map(|unit| match grant {
            true => MemberChange::Grant {
                login: login.clone(),
                unit,
            },
            false => MemberChange::Revoke {
                login: login.clone(),
                unit,
            },
        })
        .collect();
    if supervisor {
        changes.push(match grant {
            true => MemberChange::GrantSupervisor {
                login: login.clone(),
            },
            false => MemberChange::RevokeSupervisor {
                login: login.clone(),
            },
        });
    }
    let (mut ledger, notice) = write(path, ctx.lang)?;
    let me: Identity = identity::current();
    for c in &changes {
        ledger.change_member(&me, c)?;
    }
    ok(format!("{}\n", w.member_changed), notice)
}

pub(super) fn list_members(path: &Path, ctx: &Context, json: bool) -> Result<Outcome, Failure> {
    let w = words(ctx.lang);
    let Some(ledger) = Ledger::open(path, OpenMode::ReadOnly)? else {
        let notice = format!("dutymatrix: {}\n", (w.no_ledger_yet)(&shown(path)));
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
