//! The content lexer's tests: operators with their operands, junk and depth stepped over.
use super::*;

/// An operand with its bytes and items, to compare.
#[derive(Debug, Clone, PartialEq)]
enum Val {
    Number(f32),
    Name(Vec<u8>),
    Str(Vec<u8>),
    Array(Vec<Val>),
    Dict(Vec<(Vec<u8>, Val)>),
    Other,
}

fn val(ops: &Operands, o: &Operand) -> Val {
    match o {
        Operand::Number(n) => Val::Number(*n),
        Operand::Name(_) => Val::Name(ops.bytes(o).to_vec()),
        Operand::Str(_) => Val::Str(ops.bytes(o).to_vec()),
        Operand::Array(_) => Val::Array(ops.items(o).iter().map(|i| val(ops, i)).collect()),
        Operand::Dict(_) => Val::Dict(
            ops.items(o)
                .chunks_exact(2)
                .map(|kv| (ops.bytes(&kv[0]).to_vec(), val(ops, &kv[1])))
                .collect(),
        ),
        Operand::Other => Val::Other,
    }
}

fn all(data: &[u8]) -> Vec<(String, Vec<Val>)> {
    let mut out = Vec::new();
    operations(data, |op, args| {
        let vals = args.list.iter().map(|o| val(args, o)).collect();
        out.push((String::from_utf8_lossy(op).into_owned(), vals));
        true
    });
    out
}

#[test]
fn operators_with_their_operands() {
    let got = all(
        b"BT /F1 16 Tf 1 0 0 1 90.5 -7 Tm [<0102> -20 (a\\(b\\)\\101)] TJ\n\
          /Span <</ActualText <FEFF6CF0> /MCID 3>> BDC % a comment\n(x) Tj EMC ET",
    );
    let ops: Vec<&str> = got.iter().map(|(o, _)| o.as_str()).collect();
    assert_eq!(ops, ["BT", "Tf", "Tm", "TJ", "BDC", "Tj", "EMC", "ET"]);
    assert_eq!(got[1].1, [Val::Name(b"F1".to_vec()), Val::Number(16.0)]);
    assert_eq!(got[2].1[4], Val::Number(90.5));
    assert_eq!(got[2].1[5], Val::Number(-7.0));
    assert_eq!(number(b"-.25", 0), (Operand::Number(-0.25), 4));
    assert_eq!(number(b"1e3 ", 0), (Operand::Number(1000.0), 3));
    assert_eq!(number(b"- ", 0), (Operand::Other, 1));
    assert_eq!(
        number(b"0.1234567890123456", 0).0,
        Operand::Number(0.123_456_79)
    );
    assert_eq!(
        got[3].1,
        [Val::Array(vec![
            Val::Str(vec![1, 2]),
            Val::Number(-20.0),
            Val::Str(b"a(b)A".to_vec()),
        ])]
    );
    assert_eq!(
        got[4].1[1],
        Val::Dict(vec![
            (
                b"ActualText".to_vec(),
                Val::Str(vec![0xFE, 0xFF, 0x6C, 0xF0])
            ),
            (b"MCID".to_vec(), Val::Number(3.0)),
        ])
    );
    // Arrays in arrays keep their places, each operator's buffers its own.
    let got = all(b"[1 [2 <41> [/N]] (z)] x /A [<<>> 3] y");
    assert_eq!(
        got[0].1,
        [Val::Array(vec![
            Val::Number(1.0),
            Val::Array(vec![
                Val::Number(2.0),
                Val::Str(b"A".to_vec()),
                Val::Array(vec![Val::Name(b"N".to_vec())]),
            ]),
            Val::Str(b"z".to_vec()),
        ])]
    );
    assert_eq!(
        got[1].1,
        [
            Val::Name(b"A".to_vec()),
            Val::Array(vec![Val::Dict(vec![]), Val::Number(3.0)])
        ]
    );
}

#[test]
fn inline_images_and_junk_are_stepped_over() {
    let got = all(b"BI /W 2 /H 1 ID \x00EI\xFF\xFE EI Q ) > ]] (unclosed");
    let ops: Vec<&str> = got.iter().map(|(o, _)| o.as_str()).collect();
    assert_eq!(ops, ["BI", "Q"]);
    // Nested ten thousand deep: stepped over without recursion, the operator after it read.
    let deep = [
        b"[".repeat(10_000),
        b"]".repeat(10_000),
        b" (x) Tj".to_vec(),
    ]
    .concat();
    let got = all(&deep);
    assert_eq!(got.len(), 1);
    assert_eq!(got[0].1[1], Val::Str(b"x".to_vec()));
    let open = [b"<<".repeat(10_000), b"(x) Tj".to_vec()].concat();
    assert!(all(&open).is_empty());
    let mut n = 0;
    operations(&b"q Q ".repeat(1000), |_, _| {
        n += 1;
        n < 7
    });
    assert_eq!(n, 7);
}
