//! Sheets: a unit's duties, a meeting, the timeline and the whole matrix, as CSV (UTF-8 with BOM,
//! for Excel), Markdown (for minutes) and JSON. The dashboard and the command line both build a
//! [`Sheet`] here, render it with [`render`] and write it with [`write_new`].

mod cells;
pub mod docx;
pub mod fengong;
mod format;
pub mod remind;
mod render;
pub mod report;
pub mod report_file;
mod sheet;
mod stream;
pub mod svg;
mod write;
pub mod xlsx;

pub use cells::{csv_bytes, inert, md_cell, md_table};
pub use render::{Format, render, table};
pub use sheet::{
    Sheet, SheetKind, SheetRow, matrix_sheet, meeting_sheet, task_sheet, timeline_sheet,
    unit_sheet, with_ledger,
};
pub use stream::{Whole, stream, stream_to};
pub use write::{WriteError, write_new, write_new_with};
