//! The built-in documents, embedded so the binary runs anywhere with no files around it.

/// One embedded source document.
#[derive(Debug, Clone, Copy)]
pub struct Builtin {
    /// The name the model uses for it (its file name without `.txt`).
    pub name: &'static str,
    pub bytes: &'static [u8],
}

pub const BUILTIN: &[Builtin] = &[
    Builtin {
        name: "taian-2021-kangyang-fudi-shishi-yijian",
        bytes: include_bytes!("../../../data/sources/taian-2021-kangyang-fudi-shishi-yijian.txt"),
    },
    Builtin {
        name: "shandong-2022-yiyang-yanglao-xingdong-jihua",
        bytes: include_bytes!(
            "../../../data/sources/shandong-2022-yiyang-yanglao-xingdong-jihua.txt"
        ),
    },
];
