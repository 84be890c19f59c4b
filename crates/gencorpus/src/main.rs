//! `gencorpus OUT_DIR N [SEED]`: see the library.

use std::path::Path;
use std::process::ExitCode;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (Some(dir), Some(n)) = (
        args.first(),
        args.get(1).and_then(|n| n.parse::<usize>().ok()),
    ) else {
        eprintln!("usage: gencorpus OUT_DIR N [SEED]   (writes N .txt documents into OUT_DIR)");
        return ExitCode::from(2);
    };
    let seed = match args.get(2).map(|s| s.parse::<u64>()) {
        None => 1,
        Some(Ok(s)) => s,
        Some(Err(_)) => {
            eprintln!("gencorpus: SEED must be a whole number");
            return ExitCode::from(2);
        }
    };
    match gencorpus::write_corpus(Path::new(dir), n, seed) {
        Ok(bytes) => {
            eprintln!("gencorpus: {n} documents, {bytes} bytes in {dir}");
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("gencorpus: {dir}: {e}");
            ExitCode::from(2)
        }
    }
}
