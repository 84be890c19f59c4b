//! Links extended with newer keys are the links of every key made at once, over many small
//! random ledgers (a fixed seed): titles from a handful of characters, so that fingerprints
//! repeat within a document and edited titles compete for the same tasks.

use crate::link::{Links, extend, fingerprint, link};
use crate::store::TaskKey;
use dutymatrix_reader::model::Model;

/// xorshift64*: the same cases on every run.
struct Cases(u64);

impl Cases {
    fn below(&mut self, n: usize) -> usize {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        (self.0.wrapping_mul(0x2545_f491_4f6c_dd1d) >> 33) as usize % n.max(1)
    }

    fn title(&mut self) -> String {
        let letters = ['医', '养', '结', '合', '推', '进', '服', '务'];
        let len = 2 + self.below(4);
        (0..len)
            .map(|_| letters[self.below(letters.len())])
            .collect()
    }
}

fn model(cases: &mut Cases) -> Model {
    let tasks = (0..4 + cases.below(10))
        .map(|n| {
            let document = ["甲", "乙"][cases.below(2)];
            let mut t = crate::assemble::tests::task(&format!("{document}/1.{n}"), &["市民政局"]);
            t.document = document.into();
            t.title = cases.title().into();
            t.title_simplified = t.title.clone();
            t
        })
        .collect();
    Model {
        tasks,
        ..Model::default()
    }
}

fn keys(cases: &mut Cases, model: &Model) -> Vec<TaskKey> {
    (1..=2 + cases.below(12))
        .map(|id| {
            let title = match cases.below(3) {
                // A task's own title, or a title of its own (edited, or of a task gone).
                0 if !model.tasks.is_empty() => model.tasks[cases.below(model.tasks.len())]
                    .title_simplified()
                    .to_string(),
                _ => cases.title(),
            };
            TaskKey {
                id: id as i64,
                document: ["甲", "乙", "丙"][cases.below(3)].into(),
                task_id: format!("{}/1.{}", ["甲", "乙"][cases.below(2)], cases.below(14)),
                number: String::new(),
                fingerprint: fingerprint(&title),
                title,
            }
        })
        .collect()
}

#[test]
fn links_extended_with_newer_keys_are_the_links_of_every_key() {
    let mut cases = Cases(0x6475_7479_6d61_7478);
    let (mut extended, mut again, mut by_title) = (0, 0, 0);
    for _ in 0..4000 {
        let model = model(&mut cases);
        let keys = keys(&mut cases, &model);
        let whole = link(&model, &keys);
        by_title += usize::from(!whole.by_title.is_empty());
        let split = cases.below(keys.len() + 1);
        match extend(&model, link(&model, &keys[..split]), &keys[split..]) {
            Some(links) => {
                assert_eq!(links, whole, "keys {keys:#?}\nsplit at {split}");
                extended += 1;
            }
            None => again += 1,
        }
    }
    // Most are extended; some must be linked again; rule 2 was at work in many.
    assert!(extended > 3000, "{extended} extended, {again} linked again");
    assert!(
        again > 10 && by_title > 600,
        "{again} linked again, {by_title} by title"
    );
}

#[test]
fn nothing_newer_leaves_the_links_as_they_are() {
    let mut cases = Cases(7);
    let model = model(&mut cases);
    let keys = keys(&mut cases, &model);
    let links = link(&model, &keys);
    assert_eq!(extend(&model, links.clone(), &[]), Some(links));
    assert_eq!(
        extend(&Model::default(), Links::default(), &[]),
        Some(Links::default())
    );
}
