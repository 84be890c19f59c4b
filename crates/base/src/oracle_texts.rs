//! Texts for the tests that hold a fast scanner to the code it replaced, kept as the test's
//! oracle: every text of a few pieces, then many random ones from a fixed seed, the same on
//! every run. Built only for tests (the `oracle-texts` feature).

use std::ops::Range;

/// What a text is made of: characters, or strings.
pub trait Piece {
    fn push_to(&self, text: &mut String);
}

impl Piece for char {
    fn push_to(&self, text: &mut String) {
        text.push(*self);
    }
}

impl Piece for &str {
    fn push_to(&self, text: &mut String) {
        text.push_str(self);
    }
}

impl Piece for String {
    fn push_to(&self, text: &mut String) {
        text.push_str(self);
    }
}

/// Every text of up to `longest` of `pieces`, the empty one first, then by length.
pub fn every_text<P: Piece>(pieces: &[P], longest: usize) -> Vec<String> {
    let mut texts = vec![String::new()];
    let mut last = texts.clone();
    for _ in 0..longest {
        last = (last.iter())
            .flat_map(|t| {
                pieces.iter().map(move |p| {
                    let mut longer = t.clone();
                    p.push_to(&mut longer);
                    longer
                })
            })
            .collect();
        texts.extend(last.iter().cloned());
    }
    texts
}

/// Every text of up to `longest` of `pieces`, then `count` drawn ones as `random_texts` draws
/// them: what most oracle tests run the two scanners over.
pub fn every_then_random<P: Piece>(
    pieces: &[P],
    longest: usize,
    count: usize,
    lengths: Range<u64>,
    seed: u64,
) -> Vec<String> {
    let mut texts = every_text(pieces, longest);
    texts.extend(random_texts(pieces, count, lengths, seed));
    texts
}

/// A xorshift generator: fixed seeds give the same cases on every run.
pub struct Xorshift(pub u64);

impl Xorshift {
    pub fn next_u64(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
}

/// `count` texts of `pieces`, each as many pieces as `lengths` holds (drawn), from `seed`.
pub fn random_texts<P: Piece>(
    pieces: &[P],
    count: usize,
    lengths: Range<u64>,
    seed: u64,
) -> Vec<String> {
    let mut random = Xorshift(seed);
    let span = lengths.end.saturating_sub(lengths.start).max(1);
    (0..count)
        .map(|_| {
            let n = lengths.start + random.next_u64() % span;
            let mut text = String::new();
            for _ in 0..n {
                pieces[(random.next_u64() % pieces.len() as u64) as usize].push_to(&mut text);
            }
            text
        })
        .collect()
}
