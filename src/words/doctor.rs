//! What `ledger doctor` says: each check of why someone can or cannot write the team's ledger,
//! and the command that fixes what is wrong.

use super::Lang;

pub struct DoctorWords {
    pub ledger_at: fn(&str) -> String,
    pub you_are: fn(&str, &str) -> String,
    /// On a server ledger: the role the server says this connection is.
    pub you_are_role: fn(&str) -> String,
    pub no_server_ledger_yet: &'static str,
    pub folder_missing: fn(&str) -> String,
    pub folder_ok: fn(&str) -> String,
    pub folder_not_writable: fn(&str, &str) -> String,
    pub read_only_fs: fn(&str) -> String,
    pub no_ledger_yet: &'static str,
    pub file_ok: fn(&str, &str) -> String,
    pub file_not_writable: fn(&str, &str) -> String,
    /// The folder does not let the user in, so the file cannot even be looked at.
    pub file_hidden: fn(&str) -> String,
    pub not_in_group: fn(&str, &str) -> String,
    pub no_setgid: fn(&str, &str) -> String,
    pub member_of: fn(&str) -> String,
    pub supervisor: &'static str,
    pub no_units: fn(&str) -> String,
    pub cannot_open: fn(&str) -> String,
    pub fix: &'static str,
    pub all_well: &'static str,
    pub problems: fn(usize) -> String,
}

const ZH: DoctorWords = DoctorWords {
    ledger_at: |p| format!("台账：{p}"),
    you_are: |login, groups| format!("你是 {login}，所在组：{groups}"),
    you_are_role: |role| format!("在台账服务器上你是角色 {role}（由服务器认定）"),
    no_server_ledger_yet: "此数据库中尚无台账：由数据库所有者运行 ledger init 创建",
    folder_missing: |d| format!("文件夹 {d} 不存在"),
    folder_ok: |d| format!("文件夹 {d} 你可以写入"),
    folder_not_writable: |d, how| {
        format!("文件夹 {d} 你不能写入（{how}）：SQLite 要在其中建 -wal、-shm 文件")
    },
    read_only_fs: |d| format!("{d} 所在的文件系统是只读的"),
    no_ledger_yet: "台账文件尚不存在：第一次记录或 ledger init 时创建",
    file_ok: |f, how| format!("{f} 你可以写入（{how}）"),
    file_not_writable: |f, how| format!("{f} 你不能写入（{how}）"),
    file_hidden: |f| format!("看不到 {f}：所在文件夹不允许你进入"),
    not_in_group: |login, group| format!("{login} 不在组 {group} 中"),
    no_setgid: |d, group| {
        format!("文件夹 {d} 没有 setgid 位：新建的 -wal、-shm 不会属于组 {group}")
    },
    member_of: |units| format!("台账成员：可为 {units} 记录"),
    supervisor: "台账成员：督查（可为所有单位记录、管理成员）",
    no_units: |login| format!("{login} 不是台账成员，不能为任何单位记录"),
    cannot_open: |why| format!("无法读取台账成员：{why}"),
    fix: "修复",
    all_well: "你可以写入这个台账。",
    problems: |n| format!("发现 {n} 个问题。"),
};

const EN: DoctorWords = DoctorWords {
    ledger_at: |p| format!("ledger: {p}"),
    you_are: |login, groups| format!("you are {login}, in groups: {groups}"),
    you_are_role: |role| {
        format!("on the ledger server you are the role {role} (as the server says)")
    },
    no_server_ledger_yet: "no ledger in this database yet: its owner creates it with `ledger init`",
    folder_missing: |d| format!("the folder {d} does not exist"),
    folder_ok: |d| format!("you can write the folder {d}"),
    folder_not_writable: |d, how| {
        format!(
            "you cannot write the folder {d} ({how}): SQLite makes its -wal and -shm files there"
        )
    },
    read_only_fs: |d| format!("{d} is on a read-only file system"),
    no_ledger_yet: "no ledger file yet: the first record or `ledger init` creates it",
    file_ok: |f, how| format!("you can write {f} ({how})"),
    file_not_writable: |f, how| format!("you cannot write {f} ({how})"),
    file_hidden: |f| format!("cannot see {f}: its folder does not let you in"),
    not_in_group: |login, group| format!("{login} is not in the group {group}"),
    no_setgid: |d, group| {
        format!(
            "the folder {d} has no setgid bit: new -wal and -shm files will not belong to {group}"
        )
    },
    member_of: |units| format!("ledger member: may record for {units}"),
    supervisor: "ledger member: supervisor (records for every unit, manages members)",
    no_units: |login| format!("{login} is not a ledger member and may record for no unit"),
    cannot_open: |why| format!("could not read the ledger's members: {why}"),
    fix: "fix",
    all_well: "You can write this ledger.",
    problems: |n| format!("{n} problem(s) found."),
};

pub fn doctor_words(lang: Lang) -> &'static DoctorWords {
    match lang {
        Lang::Zh => &ZH,
        Lang::En => &EN,
    }
}
