//! The ledger's user-facing words, in Chinese (the default) and English: labels, statuses and
//! lights, and what each ledger error says.

use super::{Lang, Message, Text};
use dutymatrix_base::text::one_line;
use dutymatrix_ledger::faith::{Break, Table, Trouble};
use dutymatrix_ledger::{IoDetail, LedgerError, Light, MAX_NOTE_CHARS, NotLedger, Status};

pub struct Words {
    pub ledger: &'static str,
    pub light: &'static str,
    pub status: &'static str,
    pub note: &'static str,
    pub latest: &'static str,
    pub no_records: &'static str,
    pub recorded: &'static str,
    pub undone: &'static str,
    pub undo_of: &'static str,
    pub supervisor: &'static str,
    pub members: &'static str,
    pub no_members: &'static str,
    pub report_title: &'static str,
    pub warn_window: fn(i64) -> String,
    pub red_items: &'static str,
    pub yellow_items: &'static str,
    pub none: &'static str,
    pub orphans: &'static str,
    pub orphans_hint: &'static str,
    pub no_ledger_yet: fn(&str) -> String,
    pub created: fn(&str, &str) -> String,
    pub exists: fn(&str) -> String,
    /// The ledger at this place, upgraded from one schema to another.
    pub upgraded: fn(&str, i64, i64) -> String,
    /// Said by `init` when the folder lets the group write, so the ledger does too.
    pub shared_with_group: &'static str,
    /// What a members change did, one line per change.
    pub granted: fn(&str, &str) -> String,
    pub revoked: fn(&str, &str) -> String,
    pub made_supervisor: fn(&str) -> String,
    pub unmade_supervisor: fn(&str) -> String,
    /// A change that changed nothing (already so).
    pub unchanged: fn(&str) -> String,
    pub unknown_unit: &'static str,
    /// A name that several units answer to equally: the name, then the candidates.
    pub ambiguous_unit: fn(&str, &str) -> String,
    /// Before the near names of a unit not found.
    pub near_names: &'static str,
    pub no_ledger_path: &'static str,
    pub not_a_login: &'static str,
    pub name_a_unit: &'static str,
    pub total: &'static str,
    pub today: &'static str,
    pub rows: &'static str,
    pub nothing_to_verify: fn(&str) -> String,
    pub verify_chain_ok: fn(u64) -> String,
    pub verify_chain: &'static str,
    pub verify_pages_ok: &'static str,
    /// A server ledger's check: its rows, its rules in place, its kept state the history's.
    pub verify_server_ok: fn(u64) -> String,
    pub verify_server: &'static str,
    pub verify_pages: &'static str,
    pub verify_ok: &'static str,
    pub verify_bad: &'static str,
    /// `ledger import`: the file, its SHA-256, then the rows new to the server (history, members,
    /// task keys) and those it already had.
    pub imported: fn(&str, &str, u64, u64, u64, u64) -> String,
    /// `ledger import`: the state table could not be rewritten after it (another session held it).
    pub import_not_compacted: &'static str,
    /// `ledger publish`: a document's name and its hash's first characters.
    pub published: fn(&str, &str) -> String,
    pub withdrawn: fn(&str, &str) -> String,
    /// `ledger publish --list`: the state of a listed document.
    pub standing: &'static str,
    pub withdrawn_state: &'static str,
    pub nothing_published: &'static str,
    /// A published document that could not be fetched: its name, why.
    pub not_fetched: fn(&str, &str) -> String,
}

pub const ZH: Words = Words {
    ledger: "台账",
    light: "亮灯",
    status: "状态",
    note: "办理情况",
    latest: "最新情况",
    no_records: "（尚无记录）",
    recorded: "已记录",
    undone: "已撤销",
    undo_of: "撤销",
    supervisor: "督查",
    members: "成员",
    no_members: "（无成员）",
    report_title: "工作台账情况通报",
    warn_window: |n| format!("预警{n}天"),
    red_items: "红灯事项",
    yellow_items: "黄灯事项",
    none: "无",
    orphans: "原任务已不在文件中的记录",
    orphans_hint: "文件修改后找不到对应任务，记录保留",
    no_ledger_yet: |a| {
        format!("尚无台账 {a}：首次记录（ledger set）或 ledger init 时创建；以下亮灯仅按期限计算")
    },
    created: |a, b| format!("已创建台账 {a}，{b} 为督查"),
    published: |name, hash| format!("已发布 {name}（SHA-256 {hash}…），使用此台账的各地均可读到"),
    withdrawn: |name, hash| format!("已撤回 {name}（SHA-256 {hash}…），其台账记录保留"),
    standing: "已发布",
    withdrawn_state: "已撤回",
    nothing_published: "此台账尚未发布任何文件",
    not_fetched: |name, why| format!("未能取得台账发布的文件 {name}：{why}"),
    imported: |file, hash, h, m, k, old| {
        format!(
            "已从 {file}（SHA-256 {hash}）导入 {h} 条记录、{m} 条成员变更、{k} 个任务；{old} 条此前已导入"
        )
    },
    import_not_compacted: "导入已完成；状态表正被其他会话使用，未能整理，读取会慢一些：空闲时由所有者运行 VACUUM (FULL) dutymatrix.current_state",
    exists: |a| format!("台账已存在：{a}"),
    upgraded: |a, from, to| format!("台账 {a} 已由格式 {from} 升级到 {to}"),
    shared_with_group: "文件夹允许本组写入：台账及其 -wal、-shm 文件对本组可写（不论 umask）",
    granted: |login, unit| format!("已授权 {login} 为 {unit} 记录"),
    revoked: |login, unit| format!("已撤销 {login} 为 {unit} 记录的权限"),
    made_supervisor: |login| format!("已设 {login} 为督查"),
    unmade_supervisor: |login| format!("已撤销 {login} 的督查身份"),
    unchanged: |what| format!("{what}（原已如此，未变）"),
    unknown_unit: "文件中没有这个单位",
    ambiguous_unit: |q, list| format!("「{q}」可以指：{list}；请写出全称"),
    near_names: "相近的有",
    no_ledger_path: "没有台账路径：请设置 --ledger、DUTYMATRIX_LEDGER、XDG_DATA_HOME 或 HOME",
    not_a_login: "不是有效的登录名",
    name_a_unit: "请至少给出一个单位，或 --supervisor",
    total: "合计",
    today: "今天",
    rows: "条记录",
    nothing_to_verify: |a| format!("尚无台账 {a}，无可核验"),
    verify_chain_ok: |n| format!("留痕链：{n} 条记录逐条核对，完整"),
    verify_chain: "留痕链",
    verify_pages_ok: "SQLite 完整性检查：通过",
    verify_server_ok: |n| format!("服务器核对：{n} 条记录，规则在位，现行状态与全部留痕相符"),
    verify_server: "服务器核对",
    verify_pages: "SQLite 完整性检查",
    verify_ok: "结论：台账完好",
    verify_bad: "结论：台账有问题（见上）；请从备份恢复，并查明谁能写这个文件",
};

pub const EN: Words = Words {
    ledger: "ledger",
    light: "Light",
    status: "Status",
    note: "Progress",
    latest: "latest",
    no_records: "(nothing recorded yet)",
    recorded: "recorded",
    undone: "undone",
    undo_of: "undo of",
    supervisor: "supervisor",
    members: "Members",
    no_members: "(no members)",
    report_title: "Ledger report",
    warn_window: |n| format!("warning window {n} days"),
    red_items: "Red items",
    yellow_items: "Yellow items",
    none: "none",
    orphans: "Records whose task is no longer in the documents",
    orphans_hint: "kept: the document changed and the task was not found",
    no_ledger_yet: |a| {
        format!(
            "no ledger at {a} yet: the first `ledger set` or `ledger init` creates it; lights below come from deadlines alone"
        )
    },
    created: |a, b| format!("created the ledger {a}, with {b} as supervisor"),
    published: |name, hash| {
        format!("published {name} (SHA-256 {hash}…) to everyone using this ledger")
    },
    withdrawn: |name, hash| {
        format!("withdrew {name} (SHA-256 {hash}…); its records in the ledger stay")
    },
    standing: "published",
    withdrawn_state: "withdrawn",
    nothing_published: "nothing has been published in this ledger",
    not_fetched: |name, why| {
        format!("could not fetch the ledger's published document {name}: {why}")
    },
    imported: |file, hash, h, m, k, old| {
        format!(
            "imported from {file} (SHA-256 {hash}): {h} records, {m} member changes, {k} tasks; {old} were there already"
        )
    },
    import_not_compacted: "the import is done; the state table was in use by another session and was not rewritten, so reads are slower: when it is quiet, the owner can run VACUUM (FULL) dutymatrix.current_state",
    exists: |a| format!("the ledger already exists: {a}"),
    upgraded: |a, from, to| format!("the ledger {a} was upgraded from schema {from} to {to}"),
    shared_with_group: "the folder lets its group write: the ledger and its -wal and -shm files are group-writable (whatever the umask)",
    granted: |login, unit| format!("{login} may now record for {unit}"),
    revoked: |login, unit| format!("{login} may no longer record for {unit}"),
    made_supervisor: |login| format!("{login} is now a supervisor"),
    unmade_supervisor: |login| format!("{login} is no longer a supervisor"),
    unchanged: |what| format!("{what} (already so, nothing changed)"),
    unknown_unit: "no such unit in the documents",
    ambiguous_unit: |q, list| format!("\"{q}\" could be: {list}; give the full name"),
    near_names: "near names",
    no_ledger_path: "no ledger path: set --ledger, DUTYMATRIX_LEDGER, XDG_DATA_HOME or HOME",
    not_a_login: "not a login name",
    name_a_unit: "name at least one unit, or --supervisor",
    total: "Total",
    today: "today",
    rows: "records",
    nothing_to_verify: |a| format!("no ledger at {a}: nothing to verify"),
    verify_chain_ok: |n| format!("chain: {n} records checked one by one, all fit"),
    verify_chain: "chain",
    verify_pages_ok: "SQLite integrity check: ok",
    verify_server_ok: |n| {
        format!("server check: {n} rows; rules in place; the state in force matches the history")
    },
    verify_server: "server check",
    verify_pages: "SQLite integrity check",
    verify_ok: "verdict: the ledger is whole",
    verify_bad: "verdict: the ledger has a problem (above); restore it from a backup, and find out who can write the file",
};

pub fn ledger_words(lang: Lang) -> &'static Words {
    match lang {
        Lang::Zh => &ZH,
        Lang::En => &EN,
    }
}

/// `s` in brackets the way each language writes them: （…） in Chinese, ` (…)` in English.
pub fn paren(lang: Lang, s: &str) -> String {
    match lang {
        Lang::Zh => format!("（{s}）"),
        Lang::En => format!(" ({s})"),
    }
}

/// How a status reads.
pub trait StatusWords {
    fn word(self, lang: Lang) -> &'static str;
}

impl StatusWords for Status {
    fn word(self, lang: Lang) -> &'static str {
        match (lang, self) {
            (Lang::Zh, Status::Todo) => "未启动",
            (Lang::Zh, Status::Doing) => "推进中",
            (Lang::Zh, Status::Done) => "已销号",
            (Lang::Zh, Status::Paused) => "暂缓",
            (Lang::En, Status::Todo) => "not started",
            (Lang::En, Status::Doing) => "in progress",
            (Lang::En, Status::Done) => "closed",
            (Lang::En, Status::Paused) => "paused",
        }
    }
}

/// How a light reads, so it reads without colour too (NO_COLOR, monochrome links).
pub trait LightWords {
    fn word(self, lang: Lang) -> &'static str;
    fn short(self, lang: Lang) -> &'static str;
}

impl LightWords for Light {
    /// The word, so a light reads without colour (NO_COLOR, monochrome links).
    fn word(self, lang: Lang) -> &'static str {
        match (lang, self) {
            (Lang::Zh, Light::Grey) => "灰灯",
            (Lang::Zh, Light::Green) => "绿灯",
            (Lang::Zh, Light::Yellow) => "黄灯",
            (Lang::Zh, Light::Red) => "红灯",
            (Lang::En, Light::Grey) => "grey",
            (Lang::En, Light::Green) => "green",
            (Lang::En, Light::Yellow) => "yellow",
            (Lang::En, Light::Red) => "red",
        }
    }

    /// Two cells wide in either language, for narrow columns: 红 黄 绿 灰, or `R!` `Y ` `G ` `- `.
    fn short(self, lang: Lang) -> &'static str {
        match (lang, self) {
            (Lang::Zh, Light::Grey) => "灰",
            (Lang::Zh, Light::Green) => "绿",
            (Lang::Zh, Light::Yellow) => "黄",
            (Lang::Zh, Light::Red) => "红",
            (Lang::En, Light::Grey) => "--",
            (Lang::En, Light::Green) => "G ",
            (Lang::En, Light::Yellow) => "Y ",
            (Lang::En, Light::Red) => "R!",
        }
    }
}

/// What to tell someone whose ledger opened read-only.
pub fn read_only_notice(path: &str, lang: Lang) -> String {
    let path = one_line(path);
    match lang {
        Lang::Zh => format!("注意：台账 {path} 对你只读，只能查看，不能记录"),
        Lang::En => {
            format!("note: the ledger {path} is read-only for you: you can look, not record")
        }
    }
}

/// What the dashboard says while its server ledger cannot be reached: it keeps trying.
pub fn unreachable_notice(path: &str, lang: Lang) -> String {
    let path = one_line(path);
    match lang {
        Lang::Zh => format!("连不上台账服务器 {path}，正在自动重连；重连前不能记录"),
        Lang::En => format!(
            "the ledger server {path} cannot be reached; reconnecting on its own, and nothing can be recorded until then"
        ),
    }
}

/// What to tell someone whose ledger opened with something wrong found: said on every command
/// that reads it, and kept on the dashboard's status line.
pub fn trouble_notice(path: &str, trouble: &Trouble, lang: Lang) -> String {
    let path = one_line(path);
    let text = match (trouble, lang) {
        (Trouble::Damaged(d), Lang::Zh) => format!(
            "注意：台账 {path} 已损坏（{d}），以下内容可能不全或有误，也不能再记录。请从备份恢复，或用 sqlite3 {path} .recover > recovered.sql 导出尚能读出的记录"
        ),
        (Trouble::Damaged(d), Lang::En) => format!(
            "warning: the ledger {path} is damaged ({d}): what follows may be incomplete or wrong, and nothing can be recorded. Restore it from a backup, or save what can still be read with: sqlite3 {path} .recover > recovered.sql"
        ),
        (Trouble::Broken(b), Lang::Zh) => format!(
            "注意：台账 {path} 被绕过 dutymatrix 改动过：{}。运行 dutymatrix ledger verify 查看",
            b.text(lang)
        ),
        (Trouble::Broken(b), Lang::En) => format!(
            "warning: the ledger {path} was changed around dutymatrix: {}. Run dutymatrix ledger verify",
            b.text(lang)
        ),
    };
    one_line(&text)
}

impl Text for Break {
    fn text(&self, lang: Lang) -> String {
        let Lang::Zh = lang else {
            // A unit named by a changed file is untrusted text.
            return one_line(&self.to_string());
        };
        let t = |t: &Table| match t {
            Table::History => "历史记录",
            Table::Members => "成员记录",
        };
        match self {
            Break::Mismatch { table, row } => format!(
                "{}第 #{row} 条与留痕链不符（该条被改过，或其前有记录被改、删或插入）",
                t(table)
            ),
            Break::Unsealed { table, row } => {
                format!("{}第 #{row} 条没有封记，不是由 dutymatrix 写入的", t(table))
            }
            Break::Gap { table, after, next } => {
                format!("{}第 #{after} 条与第 #{next} 条之间的记录被删除", t(table))
            }
            Break::TailRemoved {
                table,
                last,
                issued,
            } => format!(
                "{}第 #{last} 条之后的记录（直到第 #{issued} 条）被删除",
                t(table)
            ),
            Break::NotAsSeen { table, row } => format!(
                "{}第 #{row} 条与你上次看到的不同或已不在（留痕链被整段重算，或台账被换成较早的副本）",
                t(table)
            ),
            Break::Trigger { name } => format!("保护触发器 {} 被删除或改动", one_line(name)),
            Break::InForce { key, unit } => format!(
                "任务键 #{key} 与 {} 的当前状态与重放留痕所得不符",
                one_line(unit)
            ),
        }
    }
}

impl Message for LedgerError {
    fn message(&self, lang: Lang) -> String {
        // Paths come from --ledger or the environment, details from SQLite and the system:
        // nothing in them may reach a terminal as a control sequence.
        match lang {
            Lang::Zh => one_line(&ledger_error_zh(self)),
            Lang::En => self.to_string(),
        }
    }
}

impl Text for NotLedger {
    fn text(&self, lang: Lang) -> String {
        match lang {
            Lang::En => self.to_string(),
            Lang::Zh => match self {
                NotLedger::Folder => "是文件夹",
                NotLedger::NotRegular => "不是普通文件",
                NotLedger::NotSqlite => "不是 SQLite 数据库",
                NotLedger::Truncated => "是不完整的 SQLite 数据库",
                NotLedger::OtherProgram => "是其他程序的 SQLite 数据库",
            }
            .into(),
        }
    }
}

impl Text for IoDetail {
    fn text(&self, lang: Lang) -> String {
        match (self, lang) {
            (IoDetail::NotFound, Lang::Zh) => "文件或文件夹不存在".into(),
            (IoDetail::PermissionDenied, Lang::Zh) => "没有权限".into(),
            (IoDetail::CannotCreate, Lang::Zh) => "无法创建".into(),
            (IoDetail::CannotOpen(why), Lang::Zh) => format!("无法打开或创建（{why}）"),
            (d, _) => d.to_string(),
        }
    }
}

/// A ledger error in Chinese; English is its `Display`.
fn ledger_error_zh(e: &LedgerError) -> String {
    use LedgerError::*;
    let lang = Lang::Zh;
    match e {
        NotALedger { path, reason } => {
            format!("{path} 不是工作台账（{}），未作任何改动", reason.text(lang))
        }
        Damaged { path, detail } => format!(
            "台账 {path} 已损坏或不完整（{detail}），未写入任何内容。请从备份恢复，或用 sqlite3 {path} .recover > recovered.sql 导出尚能读出的记录"
        ),
        TooNew {
            path,
            found,
            supported,
        } => format!(
            "台账 {path} 由更新版本的 dutymatrix 写入（格式 {found}，本程序支持到 {supported}），请升级 dutymatrix；台账未作改动"
        ),
        NeedsUpgrade {
            path,
            found,
            supported,
        } => format!(
            "台账 {path} 格式较旧（{found}，当前 {supported}），需由有写权限的用户运行一次 dutymatrix ledger init 升级"
        ),
        NeedsOwnerUpgrade {
            path,
            found,
            supported,
        } => format!(
            "台账 {path} 格式较旧（{found}，当前 {supported}），需由服务器上台账的所有者运行一次 dutymatrix ledger init 升级"
        ),
        ReadOnly { path } => format!("台账 {path} 对你只读，未写入"),
        Busy { path } => format!("台账 {path} 正被他人长时间占用，请稍后再试；未写入"),
        Denied { login, unit } => format!(
            "{login} 不是 {unit} 的成员，不能为 {unit} 记录；未写入（督查可用 ledger members add {login} {unit} 授权）"
        ),
        NotSupervisor { login } => format!("{login} 不是督查，不能管理成员；未写入"),
        LastSupervisor { login } => format!("{login} 是最后一位督查，不能撤销；未写入"),
        NothingToUndo { unit } => format!("{unit} 在该任务上没有可撤销的记录"),
        Changed { unit } => {
            format!("{unit} 在该任务上的记录刚有变化，未撤销；请重新查看后再操作")
        }
        NoSuchTask { task } => {
            format!("没有任务 {task}（任务编号见 dutymatrix export --format json）")
        }
        NotAssigned { task, unit } => format!("{unit} 不是任务 {task} 的责任单位"),
        NothingToRecord => "请给出状态或办理情况（或两者）；未写入".into(),
        NoteTooLong { chars } => {
            format!("办理情况有 {chars} 字，最多 {MAX_NOTE_CHARS} 字；未写入")
        }
        Io { path, detail } => {
            format!("无法打开台账 {path}：{}", detail.text(lang))
        }
        Sqlite { path, detail } => format!("台账 {path} 出错：{detail}"),
        NeedsServer => {
            "此功能只用于 PostgreSQL 台账：请用 --ledger postgresql://… 指定；未写入".into()
        }
        NoSuchDocument { which, found: 0 } => {
            format!("没有名为 {which} 的已发布文件（见 ledger publish --list）")
        }
        NoSuchDocument { which, found } => format!(
            "有 {found} 个已发布文件符合 {which}，请多给几位哈希（见 ledger publish --list）"
        ),
        NotOwner { login } => {
            format!("{login} 不是台账数据库的所有者，只有所有者可以这样做；未写入")
        }
        Unreachable { path, detail } => {
            format!("连不上台账服务器 {path}（{detail}），未写入任何内容；请待服务器恢复后再试")
        }
        Tls { path, problem } => {
            format!(
                "无法与台账服务器 {path} 建立安全连接：{}；未发送任何内容",
                tls_zh(problem)
            )
        }
        Invalid { reason } => reason.clone(),
    }
}

/// Why TLS to a server ledger failed, in Chinese; English is its `Display`.
fn tls_zh(p: &dutymatrix_ledger::TlsProblem) -> String {
    use dutymatrix_ledger::TlsProblem::*;
    match p {
        NotOffered { mode } => format!("服务器不提供 TLS 加密连接，而 sslmode={mode} 要求加密"),
        Untrusted {
            root: Some(root),
            detail,
        } => format!("服务器证书不受信任（{detail}），核验所用根证书为 {root}"),
        Untrusted { root: None, detail } => {
            format!("服务器证书不受信任（{detail}），核验所用为系统信任的根证书")
        }
        HostMismatch { host } => format!(
            "服务器证书不是签发给 {host} 的（sslmode=verify-full 核验主机名）；请用证书上的名称连接，或为 {host} 签发证书"
        ),
        NoRootCert { file } => format!(
            "根证书文件 {file} 不存在；请放置该文件、用 sslrootcert=system 改用系统信任的根证书，或改用不核验服务器的 sslmode"
        ),
        KeyReadable { file } => {
            format!("私钥文件 {file} 他人可读，拒绝使用；请设为仅本人可读：chmod 600 {file}")
        }
        NoKey { cert, key } => format!("有客户端证书 {cert}，却没有它的私钥文件 {key}"),
        BadFile { file, detail } => format!("无法使用 {file}：{detail}"),
        KeyEncrypted { file } => format!(
            "私钥文件 {file} 有口令保护，dutymatrix 不在终端询问口令；请改用无口令的私钥（openssl pkey -in {file} -out 新文件，再 chmod 600 新文件）"
        ),
        WeakWithSystem { mode } => {
            format!("sslrootcert=system 不能与 sslmode={mode} 同用（请用 verify-full）")
        }
        BadMode { value } => format!(
            "sslmode={value} 无效，应为 disable、allow、prefer、require、verify-ca、verify-full 之一"
        ),
        Handshake { detail } => format!("TLS 握手失败（{detail}）"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Messages are functions of their values, so a value holding `{}` is printed as it is: the
    /// old template replacement printed `已创建台账 xrooty/l.sqlite3，{} 为督查` for this one.
    #[test]
    fn a_value_with_braces_is_kept_as_written() {
        let zh = ledger_words(Lang::Zh);
        assert_eq!(
            (zh.created)("x{}y/l.sqlite3", "root"),
            "已创建台账 x{}y/l.sqlite3，root 为督查"
        );
        let en = ledger_words(Lang::En);
        assert_eq!(
            (en.created)("x{}y/l.sqlite3", "root"),
            "created the ledger x{}y/l.sqlite3, with root as supervisor"
        );
        assert_eq!((en.exists)("{}"), "the ledger already exists: {}");
    }
}
