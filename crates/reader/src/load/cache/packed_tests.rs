//! A packed model back as it went, its texts closed until read, and damage refused.

use super::*;

fn seeds() -> Vec<Model> {
    crate::sources::BUILTIN
        .iter()
        .map(|b| {
            crate::extract::read(b.name, b.bytes, None)
                .expect("seed reads")
                .model
        })
        .collect()
}

#[test]
fn every_seed_comes_back_as_it_was_read() {
    for m in seeds() {
        let bytes = pack_after(Vec::new(), &m).expect("packs");
        assert_eq!(unpack(&bytes).expect("unpacks"), m);
    }
}

/// A document read from text is taken back from its packed blocks without encoding its shape:
/// the same model, and the same closed texts, as the bytes the cache keeps give back.
#[test]
fn a_model_taken_back_unencoded_is_the_one_its_bytes_give_back() {
    for m in seeds() {
        let bytes = pack(&m)
            .expect("packs")
            .bytes_after(Vec::new())
            .expect("fits");
        let direct = pack(&m)
            .expect("packs")
            .into_model(m.clone())
            .expect("taken back");
        let decoded = unpack(&bytes).expect("unpacks");
        let (a, b) = (&direct.tasks[0], &decoded.tasks[0]);
        assert!(a.text.is_closed() && b.text.is_closed() && !a.title.is_closed());
        assert_eq!(direct, decoded);
        assert_eq!(direct, m);
    }
}

/// Packed in place, a model read from text is the one `into_model` gives back of it packed
/// for itself: the same strings, its paragraphs closed, and the same things shared (a unit's
/// name, a list of headings, a deadline: each once however many tasks have it).
#[test]
fn a_model_packed_in_place_is_the_one_taken_back() {
    /// Which of the things shared each task has, numbered as first met.
    fn sharing(m: &Model) -> Vec<usize> {
        let mut seen: HashMap<usize, usize> = HashMap::new();
        let mut number = |at: usize| {
            let next = seen.len();
            *seen.entry(at).or_insert(next)
        };
        let mut out = Vec::new();
        for t in &m.tasks {
            out.push(number(t.section.as_ptr() as usize));
            out.extend(
                t.section
                    .iter()
                    .map(|h| number(h.as_str().as_ptr() as usize)),
            );
            out.push(number(t.document.as_str().as_ptr() as usize));
            out.push(number(t.number.as_str().as_ptr() as usize));
            (t.assignments.iter())
                .for_each(|a| out.push(number(a.unit.as_str().as_ptr() as usize)));
            out.push(
                t.deadline
                    .as_ref()
                    .map_or(0, |d| number(Arc::as_ptr(d) as usize)),
            );
            out.push(
                t.deadline
                    .as_ref()
                    .map_or(0, |d| number(d.text.as_str().as_ptr() as usize)),
            );
        }
        out
    }
    for m in seeds() {
        let taken_back = pack(&m)
            .expect("packs")
            .into_model(m.clone())
            .expect("taken back");
        let in_place = packed_model(m.clone());
        // Before any is compared, which opens them.
        for (t, was) in in_place.tasks.iter().zip(&taken_back.tasks) {
            assert!(t.text.is_closed() && was.text.is_closed());
            assert!(t.annotation.as_ref().is_none_or(SharedStr::is_closed));
            assert!(!t.title.is_closed() && !t.id.is_closed());
        }
        assert_eq!(sharing(&in_place), sharing(&taken_back));
        assert_eq!(in_place, m);
    }
}

/// A model whose units repeat one long name: packed once, it would copy out more than an entry
/// of its size may give, so no entry is written for it (it would be refused as damage on the
/// next read), while the model itself is still taken back whole.
#[test]
fn a_model_whose_entry_would_be_refused_is_not_written() {
    let mut m = seeds().remove(0);
    let name = "卫".repeat(2_000);
    m.units[0].aliases = vec![name; 500];
    let packed = pack(&m).expect("packs");
    assert!(packed.bytes_after(vec![7]).is_none());
    assert_eq!(packed.into_model(m.clone()).expect("taken back"), m);
}

/// A task's paragraph and annotation stay compressed until one is read as a `&str`; a
/// search's pass reads them and leaves them so. Titles are in the open block.
#[test]
fn texts_stay_closed_until_one_is_shown() {
    for m in seeds() {
        let back = unpack(&pack_after(Vec::new(), &m).expect("packs")).expect("unpacks");
        let (t, was) = back.tasks.iter().zip(&m.tasks).next_back().expect("tasks");
        assert!(t.text.is_closed() && !t.title.is_closed());
        assert!(t.annotation.as_ref().is_none_or(SharedStr::is_closed));
        for (t, was) in back.tasks.iter().zip(&m.tasks) {
            assert!(t.text.with_str(|s| s == was.text.as_str()));
        }
        assert!(t.text.is_closed(), "a pass leaves them closed");
        assert_eq!(t.text.as_str(), was.text.as_str());
        assert!(!t.text.is_closed(), "shown, it is kept open");
    }
}

#[test]
fn a_span_outside_the_block_or_inside_a_character_is_refused() {
    let mut r = Reader {
        block: Arc::new(BlockText::Plain(Box::from("卫健委"))),
        texts: Arc::new(BlockText::Plain(Box::default())),
        annotations: Arc::new(BlockText::Plain(Box::default())),
        budget: 1 << 10,
    };
    assert_eq!(r.s((0, 3)).as_deref(), Some("卫"));
    assert_eq!(r.s((3, 6)).as_deref(), Some("健委"));
    assert_eq!(r.s((1, 3)), None);
    assert_eq!(r.s((6, 9)), None);
    assert_eq!(r.s((u32::MAX, u32::MAX)), None);
}

/// An entry whose shape repeats one span of the whole block: refused once the text out
/// passes its budget, long before memory runs out.
#[test]
fn a_span_repeated_without_end_is_refused() {
    let block = "卫".repeat(10_000);
    let whole: Span = (0, block.len() as u32);
    let shape = Shape {
        schema: 1,
        documents: Vec::new(),
        units: vec![PUnit {
            id: whole,
            name: whole,
            aliases: vec![whole; 100_000],
            level: Level::National,
            collective: false,
        }],
        sections: Vec::new(),
        assignments: Vec::new(),
        tasks: Vec::new(),
    };
    let bytes = entry(&block, &postcard::to_allocvec(&shape).expect("encodes"));
    assert!(unpack(&bytes).is_none());
}

/// A level's number that names no level is damage, not the first level.
#[test]
fn an_unknown_variant_is_refused() {
    let unit = |level: u8| {
        let mut shape = postcard::to_allocvec(&Shape {
            schema: 1,
            documents: Vec::new(),
            units: vec![PUnit {
                id: (0, 3),
                name: (0, 3),
                aliases: Vec::new(),
                level: Level::City,
                collective: false,
            }],
            sections: Vec::new(),
            assignments: Vec::new(),
            tasks: Vec::new(),
        })
        .expect("encodes");
        // The level is the unit's only byte after its four span numbers and an empty list.
        let at = shape
            .iter()
            .rposition(|&b| b == 2)
            .expect("City is variant 2");
        shape[at] = level;
        entry("卫", &shape)
    };
    assert_eq!(
        unpack(&unit(2)).map(|m| m.units[0].level),
        Some(Level::City)
    );
    assert!(unpack(&unit(7)).is_none());
    assert!(unpack(&unit(200)).is_none());
}

#[test]
fn bytes_that_are_not_a_packed_model_are_refused() {
    let m = seeds().remove(0);
    let bytes = pack_after(Vec::new(), &m).expect("packs");
    assert!(unpack(&bytes[..bytes.len() / 2]).is_none());
    assert!(unpack(b"\x00\x01garbage").is_none());
    let mut longer = bytes.clone();
    longer.push(0);
    assert!(unpack(&longer).is_none(), "trailing bytes are damage too");
    // Every single-byte change is refused or decodes to some model whose texts read,
    // closed or open, as something: never a panic.
    for i in (0..bytes.len()).step_by(7) {
        let mut bad = bytes.clone();
        bad[i] ^= 0x5a;
        for t in unpack(&bad).map(|m| m.tasks).unwrap_or_default() {
            t.text.with_str(str::len);
            let _ = t.text.as_str().len() + t.annotation.map_or(0, |a| a.len());
        }
    }
}

/// An entry of `block`, no paragraphs or annotations, and `shape`.
fn entry(block: &str, shape: &[u8]) -> Vec<u8> {
    let mut bytes = (block.len() as u32).to_le_bytes().to_vec();
    bytes.extend(block.as_bytes());
    let texts = crate::compressed::compress(b"").expect("compresses");
    for _ in 0..2 {
        bytes.extend((texts.len() as u32).to_le_bytes());
        bytes.extend(&texts);
    }
    bytes.extend(shape);
    bytes
}
