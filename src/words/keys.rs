//! What each key does and where, as the status bar and help say it.

use super::Lang;

/// What a key does, as the status bar and help say it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum KeyHelp {
    Quit,
    Help,
    Up,
    Down,
    Open,
    ClearOrLeave,
    Delete,
    ClearQuery,
    NextPane,
    Left,
    Right,
    Top,
    Bottom,
    PageUp,
    PageDown,
    Search,
    Sort,
    NextDocument,
    Matrix,
    Back,
    Collectives,
    Lights,
    Copy,
    Mark,
    Counterpart,
    Meeting,
    Timeline,
    Scope,
    Export,
    Suspend,
    NextUnit,
    /// On a meeting or timeline row: the next of its units for r, x and u.
    RecordFor,
    Original,
    Record,
    CloseOut,
    Undo,
    Progress,
    SortRed,
    Save,
    Cancel,
    StatusPrev,
    StatusNext,
    ConfirmYes,
    SearchKind,
}

/// Where in the dashboard a key does something: named in help when one key does different
/// things in different places (Tab, Enter, Esc).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Place {
    Search,
    Lists,
    Task,
    Matrix,
    Help,
    Meeting,
    Timeline,
    Prompt,
    Form,
    Question,
    Progress,
}

impl Lang {
    pub fn place(self, p: Place) -> &'static str {
        let (zh, en) = match p {
            Place::Search => ("搜索", "search"),
            Place::Lists => ("列表", "lists"),
            Place::Task => ("任务", "task"),
            Place::Matrix => ("矩阵", "matrix"),
            Place::Help => ("帮助", "help"),
            Place::Meeting => ("会议", "meeting"),
            Place::Timeline => ("时间", "timeline"),
            Place::Prompt => ("导出", "export"),
            Place::Form => ("表单", "form"),
            Place::Question => ("提问", "question"),
            Place::Progress => ("挂图", "progress"),
        };
        match self {
            Lang::Zh => zh,
            Lang::En => en,
        }
    }

    pub fn key_help(self, k: KeyHelp) -> &'static str {
        let (zh, en) = match k {
            KeyHelp::Quit => ("退出", "quit"),
            KeyHelp::Help => ("帮助", "help"),
            KeyHelp::Up => ("上移", "up"),
            KeyHelp::Down => ("下移", "down"),
            KeyHelp::Open => ("打开", "open"),
            KeyHelp::ClearOrLeave => ("清空/离开搜索", "clear/leave search"),
            KeyHelp::Delete => ("删除", "delete"),
            KeyHelp::ClearQuery => ("清空查询", "clear query"),
            KeyHelp::NextPane => ("切换窗格", "next pane"),
            KeyHelp::Left => ("左移", "left"),
            KeyHelp::Right => ("右移", "right"),
            KeyHelp::Top => ("到顶", "top"),
            KeyHelp::Bottom => ("到底", "bottom"),
            KeyHelp::PageUp => ("上翻页", "page up"),
            KeyHelp::PageDown => ("下翻页", "page down"),
            KeyHelp::Search => ("搜索", "search"),
            KeyHelp::Sort => ("排序(名称/任务数)", "sort (name/load)"),
            KeyHelp::NextDocument => ("切换文件", "next document"),
            KeyHelp::Matrix => ("责任矩阵", "matrix"),
            KeyHelp::Back => ("返回", "back"),
            KeyHelp::Collectives => ("显示/隐藏集体", "show/hide collectives"),
            KeyHelp::Lights => ("分工/亮灯", "roles/lights"),
            KeyHelp::Copy => ("复制(表格)", "copy (table)"),
            KeyHelp::Mark => ("标记", "mark"),
            KeyHelp::Counterpart => ("跳到上下级对口", "jump to counterpart"),
            KeyHelp::Meeting => ("会议", "meeting"),
            KeyHelp::Timeline => ("时间表", "timeline"),
            KeyHelp::Scope => ("范围", "filter"),
            KeyHelp::Export => ("导出", "export"),
            KeyHelp::Suspend => ("暂停(fg 返回)", "suspend (fg returns)"),
            KeyHelp::NextUnit => ("选择单位", "next unit"),
            KeyHelp::RecordFor => ("换记录单位", "record for the next unit"),
            KeyHelp::Original => ("原文/简体", "original/simplified"),
            KeyHelp::Record => ("登记进展", "record progress"),
            KeyHelp::CloseOut => ("销号", "close out"),
            KeyHelp::Undo => ("撤销最近一条记录", "undo the latest record"),
            KeyHelp::Progress => ("挂图作战", "progress chart"),
            KeyHelp::SortRed => ("排序(红灯数/原顺序)", "sort (red/order)"),
            KeyHelp::Save => ("保存", "save"),
            KeyHelp::Cancel => ("取消", "cancel"),
            KeyHelp::StatusPrev => ("上一状态", "previous status"),
            KeyHelp::StatusNext => ("下一状态", "next status"),
            KeyHelp::ConfirmYes => ("确认", "confirm"),
            KeyHelp::SearchKind => ("搜单位/搜任务", "units/tasks search"),
        };
        match self {
            Lang::Zh => zh,
            Lang::En => en,
        }
    }
}
