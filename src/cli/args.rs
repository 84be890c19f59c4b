//! The command line as clap reads it: global options and the commands.

use crate::words::Lang;
use chrono::NaiveDate;
use clap::{Parser, Subcommand, ValueEnum};
use std::path::PathBuf;

/// dutymatrix：把政策文件中的任务分工读成“单位 × 任务”责任矩阵。
/// Reads Chinese policy documents into a unit-by-task responsibility matrix.
///
/// 不带命令运行时打开交互式看板。Without a command it opens the dashboard.
#[derive(Debug, Parser)]
#[command(name = "dutymatrix", version, after_help = AFTER_HELP)]
pub struct Cli {
    /// 追加读取的文件或文件夹（可重复）。Add a document file or folder (repeatable).
    #[arg(long = "doc", value_name = "FILE", global = true)]
    pub docs: Vec<PathBuf>,

    /// 不读取内置文件。Leave out the built-in documents.
    #[arg(long, global = true)]
    pub no_builtin: bool,

    /// 指定文件编码（如 gbk、utf-8），不指定则自动识别。Force the encoding of --doc files.
    #[arg(long, value_name = "ENC", global = true)]
    pub encoding: Option<String>,

    /// 文件大小上限（如 64M、500K），超过则拒绝读取。Largest document file to read (e.g. 64M).
    #[arg(long, value_name = "SIZE", global = true, value_parser = crate::load::parse_size)]
    pub max_size: Option<u64>,
    /// 不使用也不写入文件夹缓存。Read folders from their text, without the cache.
    #[arg(long, global = true)]
    pub no_cache: bool,

    /// 界面语言。Interface language.
    #[arg(long, value_enum, default_value = "zh", global = true)]
    pub lang: Lang,

    /// 以此日期为“今天”计算剩余天数（YYYY-MM-DD）。Date to count days left from.
    #[arg(long, value_name = "DATE", global = true, env = "DUTYMATRIX_TODAY")]
    pub today: Option<NaiveDate>,

    /// 打开看板时标记这些单位并进入会议视图（逗号分隔）。Mark these units and open the meeting view.
    #[arg(long, value_name = "A,B")]
    pub units: Option<String>,

    /// 工作台账文件（默认 $XDG_DATA_HOME/dutymatrix/ledger.sqlite3）。The shared ledger file.
    #[arg(long, value_name = "PATH", global = true, env = "DUTYMATRIX_LEDGER")]
    pub ledger: Option<PathBuf>,

    /// 期限前多少天亮黄灯。A deadline this many days away or closer lights yellow.
    #[arg(long, value_name = "DAYS", global = true, env = "DUTYMATRIX_WARN_DAYS",
          default_value_t = crate::ledger::DEFAULT_WARN_DAYS,
          value_parser = clap::value_parser!(i64).range(0..=3650))]
    pub warn_days: i64,

    /// 本单位或本级（如 市卫生健康委、市、省），同分时排在前面。Your unit or level, ranked first on ties.
    #[arg(long, value_name = "UNIT", global = true, env = "DUTYMATRIX_HOME")]
    pub home: Option<String>,

    #[command(subcommand)]
    pub command: Option<Command>,
}

const AFTER_HELP: &str = "示例 Examples:
  dutymatrix                          打开看板 open the dashboard
  dutymatrix duties 卫健委            某单位的任务 a unit's duties
  dutymatrix duties wsjkw --json      拼音首字母也可 pinyin initials work too
  dutymatrix tasks 人才               按关键词找任务 tasks by keyword
  dutymatrix units                    全部单位及任务数 every unit with its counts
  dutymatrix export --format json     导出全部数据 the whole model as JSON
  dutymatrix export --unit 卫健委 --format csv -o 卫健委.csv   职责表 a unit's duty sheet
  dutymatrix export --units 卫健委,民政局 --format md          会议纪要表 a meeting sheet
  dutymatrix export --timeline --format csv                     时间表 the timeline
  dutymatrix --units 卫健委,民政局    打开会议视图 open the dashboard at a meeting
  dutymatrix counterparts             上下级对口单位 counterparts across levels
  dutymatrix --doc 方案.txt units     加入自己的文件 add your own document
  dutymatrix --doc 文件夹/ units      读取文件夹内全部 .txt every .txt in a folder
  dutymatrix check 新文件.txt         加载前检查识别结果 check a new document first
  dutymatrix ledger report            工作台账情况通报 the ledger's meeting report

环境变量 Environment: DUTYMATRIX_DOCS=团队共享文件夹 (以 : 分隔) a team's shared folders;
  DUTYMATRIX_LEDGER=团队共享台账文件 a team's shared ledger file;
  DUTYMATRIX_HOME=本单位或本级 your unit or level (也可写入 or in ~/.config/dutymatrix/config: home = 市卫生健康委)

退出码 Exit codes: 0 成功 ok, 1 无匹配 no match, 2 输入有误 bad input";

#[derive(Debug, Subcommand)]
pub enum Command {
    /// 列出全部单位及其牵头/配合/责任任务数。Every unit with its lead / support / responsible counts.
    Units {
        /// 输出 JSON。Print JSON.
        #[arg(long)]
        json: bool,
        /// 也列出集体（如 各区县人民政府）。Include collectives (各区县人民政府 …).
        #[arg(long)]
        all: bool,
    },
    /// 查询某单位的任务、协同单位和期限。A unit's tasks, partners and deadlines.
    Duties {
        /// 单位名称、简称或拼音（如 卫健委、wsjkw）。Unit name, abbreviation or pinyin.
        query: String,
        /// 输出 JSON。Print JSON.
        #[arg(long)]
        json: bool,
    },
    /// 按标题或正文查找任务。Tasks whose title or text matches.
    Tasks {
        /// 关键词。Keyword.
        query: String,
        /// 输出 JSON。Print JSON.
        #[arg(long)]
        json: bool,
    },
    /// 逐项检查文件的识别结果与未识别的标注。Check what is read from documents, line by line.
    Check {
        /// 要检查的文件。Files to check.
        #[arg(required = true, value_name = "FILE")]
        files: Vec<PathBuf>,
        /// 输出 JSON。Print JSON.
        #[arg(long)]
        json: bool,
    },
    /// 输出手册页（man 格式）。Print the manual page (roff), for `man`.
    Manpage,
    /// 生成命令补全脚本（如 bash、zsh、fish）。Print a shell completion script.
    Completions {
        #[arg(value_enum)]
        shell: clap_complete::Shell,
    },
    /// 工作台账：记录进展、销号、亮灯、情况通报。The shared work ledger: progress, close-outs, lights.
    Ledger {
        #[command(subcommand)]
        command: crate::cli::ledger::LedgerCommand,
    },
    /// 导出完整数据模型或表格（职责表、会议、时间表、矩阵）。Export the model, or a sheet.
    Export {
        /// 格式；不指定时按 -o 文件的扩展名，否则为 json。The format; else the -o file's extension, else json.
        #[arg(long, value_enum)]
        format: Option<ExportFormat>,
        /// 某单位的职责表（含上下级对口任务）。A unit's duty sheet, with its counterparts' tasks.
        #[arg(long, value_name = "UNIT", conflicts_with = "units")]
        unit: Option<String>,
        /// 多个单位的会议表（逗号分隔）。Several units' combined sheet (comma-separated).
        #[arg(long, value_name = "A,B")]
        units: Option<String>,
        /// 时间表（可与 --unit/--units/--document 合用）。The timeline (filter with --unit, --units, --document).
        #[arg(long)]
        timeline: bool,
        /// 时间表只含此文件（标题或编号的一部分）。Timeline of one document (part of its title or id).
        #[arg(long, value_name = "DOC", requires = "timeline")]
        document: Option<String>,
        /// 表式：rows 每个任务×单位一行；fengong 任务分工表，每个任务一行。Rows per task and unit, or the 分工表.
        #[arg(long, value_enum, default_value = "rows", conflicts_with = "timeline")]
        layout: Layout,
        /// 写入文件而非标准输出。Write to FILE instead of stdout.
        #[arg(short = 'o', long = "output", value_name = "FILE")]
        output: Option<PathBuf>,
        /// 允许覆盖已有文件。Replace FILE if it exists.
        #[arg(long)]
        force: bool,
    },
    /// 上下级对口单位及其识别依据，和未配对的单位。Counterparts across levels, and the unpaired.
    Counterparts {
        /// 输出 JSON。Print JSON.
        #[arg(long)]
        json: bool,
    },
}

/// The shape of an exported sheet.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, ValueEnum)]
pub enum Layout {
    /// A row per task and unit, with the unit's role.
    #[default]
    Rows,
    /// 任务分工表: a row per task, its lead, supporting and responsible units.
    Fengong,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ExportFormat {
    Json,
    Csv,
    Md,
    Xlsx,
}

impl ExportFormat {
    pub fn format(self) -> crate::export::Format {
        match self {
            ExportFormat::Json => crate::export::Format::Json,
            ExportFormat::Csv => crate::export::Format::Csv,
            ExportFormat::Md => crate::export::Format::Markdown,
            ExportFormat::Xlsx => crate::export::Format::Xlsx,
        }
    }
}
