//! The dashboard's first frame from the front of the load (`load::front`): drawn from the
//! units and counts the folders' caches prepared and the few documents the frame shows, it is
//! the frame the whole load draws; the whole load then replaces it. A cache that does not vouch
//! for every file (one changed, added, or a cache without its summary) gives no front.

use crate::common::ledger::{day, who};
use crate::common::screen::render;
use dutymatrix::cli::{Staged, Start};
use dutymatrix::ledger::{Ledger, NewChange, OpenMode, Status};
use dutymatrix::load::{Options, front, load};
use dutymatrix::model::Level;
use dutymatrix::tui::app::App;
use dutymatrix::tui::start::{Opening, opening};
use dutymatrix::words::Lang;
use std::path::{Path, PathBuf};

const TODAY: &str = "2026-12-01";

/// Two generated folders whose file names clash (the second's documents are renamed `~2`),
/// a document that cannot be read in the first, the built-in documents, and a cache folder of
/// their own.
fn corpus(root: &Path) -> Options {
    let (a, b) = (root.join("a"), root.join("b"));
    gencorpus::write_corpus(&a, 90, 3).expect("gencorpus writes");
    gencorpus::write_corpus(&b, 30, 4).expect("gencorpus writes");
    std::fs::write(a.join("doc-00005b.txt"), [0u8, 159, 146, 150, 0, 1, 2, 255]).expect("writes");
    Options {
        docs: vec![a, b],
        cache_home: Some(root.join("cache")),
        ..Options::default()
    }
}

fn start(options: &Options, ledger: Option<PathBuf>, home: Option<Level>, lang: Lang) -> Start {
    let front = front(options).expect("the caches vouch for every file");
    Start {
        model: Staged::Front(Box::new(front)),
        lang,
        today: day(TODAY),
        marked: None,
        notices: Vec::new(),
        home,
        frecency: None,
        ledger,
        warn_days: 30,
    }
}

/// The first frame as the event loop draws it: after the ledger's first read only.
fn first_drawn(app: &mut App, rows: u16) -> Vec<String> {
    app.read_ledger_first(rows);
    render(app, 80, rows)
}

fn drawn(app: &mut App, rows: u16) -> Vec<String> {
    app.read_ledger_first(rows);
    app.read_ledger_rest();
    render(app, 80, rows)
}

#[test]
fn the_first_frame_from_the_front_is_the_whole_loads_first_frame() {
    let tmp = tempfile::tempdir().expect("tmp");
    let options = corpus(tmp.path());
    assert!(front(&options).is_none(), "no cache yet: no front");
    let whole = load(&options).expect("loads").model;
    assert!(whole.documents.iter().any(|d| d.id == "doc-00003~2"));

    // The whole load the front goes on to is the load itself.
    let again = front(&options).expect("prepared").load().expect("loads");
    let plain = load(&options).expect("loads");
    assert!(again.model == plain.model, "the same model");
    assert_eq!(again.model.tasks.len(), whole.tasks.len());
    assert_eq!(again.skipped.len(), 1, "the unreadable document");
    assert_eq!(again.skipped[0].path, plain.skipped[0].path);

    // A ledger with a status on the first duty of the unit selected at start.
    let ledger = tmp.path().join("ledger.sqlite3");
    let mut l = Ledger::open_as(&ledger, OpenMode::Create, &who("alice"))
        .expect("opens")
        .expect("created");
    let app = App::new(whole.clone(), Lang::Zh, day(TODAY));
    let unit = app.model().units[app.selected_unit().expect("selected")]
        .id
        .clone();
    let duty = app.model().tasks[app.duties()[0].0].id.to_string();
    let change = NewChange {
        unit: unit.clone(),
        status: Some(Status::Paused),
        note: None,
        note_date: None,
    };
    l.record(&whole, &who("alice"), &duty, change)
        .expect("records");

    // The user's own level ranks its units first: the front selects as the whole load does.
    // A city unit's first screen holds fewer roles than its whole list (the role column is
    // as wide as all of them need); English words are of other widths.
    let cases = [
        (24u16, None, Lang::Zh),
        (40, None, Lang::Zh),
        (24, Some(Level::Province), Lang::Zh),
        (24, Some(Level::City), Lang::Zh),
        (24, Some(Level::City), Lang::En),
        (24, None, Lang::En),
    ];
    for (rows, home, lang) in cases {
        let started = start(&options, Some(ledger.clone()), home, lang);
        let Opening { mut first, rest } = opening(started, rows, who("alice")).expect("opens");
        let rest = rest.expect("the whole load follows the first frame");
        assert!(
            first.model().tasks.len() * 10 < whole.tasks.len(),
            "the front decodes a few documents, not {} of {} tasks",
            first.model().tasks.len(),
            whole.tasks.len()
        );
        assert_eq!(first.model().units, whole.units, "every unit, in order");
        for u in &whole.units {
            assert_eq!(
                first.model().role_counts(&u.id),
                whole.role_counts(&u.id),
                "{}",
                u.id
            );
        }
        let early = first_drawn(&mut first, rows);
        let said = first.message().map(str::to_string);
        assert!(
            said.as_deref()
                .is_some_and(|m| m.contains("doc-00005b.txt")),
            "the unreadable document is told as the whole load tells it: {said:?}"
        );
        rest(&mut first).unwrap_or_else(|_| panic!("the whole load"));
        assert_eq!(first.model().tasks.len(), whole.tasks.len());
        assert!(
            !first.ledger().read_whole(),
            "the part's state is read again"
        );
        let late = drawn(&mut first, rows);
        assert_eq!(early, late, "the front's frame is the whole load's");
        let mut fresh = App::new(whole.clone(), lang, day(TODAY)).with_ledger_unread(
            Some(ledger.clone()),
            30,
            who("alice"),
        );
        fresh.set_preferences(home, None);
        fresh.say(said.clone().unwrap_or_default());
        assert_eq!(
            late,
            drawn(&mut fresh, rows),
            "and an app made from the whole load's"
        );
        let selected = &first.model().units[first.selected_unit().expect("selected")];
        assert!(home.is_none_or(|h| h == selected.level), "{}", selected.id);
        if home.is_some() || lang != Lang::Zh {
            continue;
        }
        let screen = early.join("\n");
        assert!(
            screen.contains("暂缓"),
            "the ledger's status is drawn:\n{screen}"
        );
        assert_eq!(said.as_deref(), first.message());
    }
}

#[test]
fn a_changed_added_or_removed_file_gives_no_front_until_a_load_prepares_one_again() {
    let tmp = tempfile::tempdir().expect("tmp");
    let options = corpus(tmp.path());
    load(&options).expect("loads");
    assert!(front(&options).is_some());
    let a = &options.docs[0];

    let doc = a.join("doc-00010.txt");
    let text = std::fs::read_to_string(&doc).expect("reads");
    std::fs::write(&doc, text.replace("责任单位", "牵头单位")).expect("writes");
    assert!(front(&options).is_none(), "a changed file");
    load(&options).expect("loads");
    assert!(front(&options).is_some(), "prepared again");

    std::fs::write(
        a.join("zz-new.txt"),
        "（一）新任务。（责任单位：市民政局）\n",
    )
    .expect("writes");
    assert!(front(&options).is_none(), "an added file");
    load(&options).expect("loads");
    assert!(front(&options).is_some());

    std::fs::remove_file(a.join("doc-00000.txt")).expect("removes");
    assert!(front(&options).is_none(), "a removed file");
    load(&options).expect("loads");
    let f = front(&options).expect("prepared again");
    let whole = load(&options).expect("loads").model;
    let units = f.units();
    assert_eq!(units.units, whole.units);
    assert!(units.tasks.is_empty());
    // A unit with fewer duties than the frame has rows shows its partners and counterparts
    // below them: no front for it.
    let few = (whole.units.iter())
        .find(|u| (1..24).contains(&whole.role_counts(&u.id).total()))
        .expect("a unit with a few duties");
    assert!(f.part_for(&few.id, 24).is_none());
    // The part of a unit named in both folders: the second folder's documents in it carry the
    // ids the whole load renamed them to, though the documents before them were left out.
    let f = front(&options).expect("prepared");
    let named_in_b =
        |u: &&dutymatrix::model::Unit| whole.duties(&u.id).any(|(t, _)| t.document.ends_with("~2"));
    let unit = (whole.units.iter())
        .filter(|u| (24..=200).contains(&whole.role_counts(&u.id).total()))
        .find(named_in_b)
        .expect("a unit with duties in both folders");
    let rows = whole.role_counts(&unit.id).total();
    let (part, _) = f
        .part_for(&unit.id, rows)
        .expect("the unit fills the frame");
    let renamed = part
        .documents
        .iter()
        .filter(|d| d.id.ends_with("~2"))
        .count();
    assert!(renamed > 0, "the part holds documents of the second folder");
    for d in &part.documents {
        let same = (whole.documents.iter())
            .find(|w| (&w.source, &w.title) == (&d.source, &d.title))
            .expect("in the whole");
        assert_eq!(same.id, d.id, "{}", d.source);
    }
    let ids = |m: &dutymatrix::model::Model| -> Vec<String> {
        m.duties(&unit.id).map(|(t, _)| t.id.to_string()).collect()
    };
    assert_eq!(ids(&part), ids(&whole), "every duty of the unit, in order");
}

#[test]
fn no_cache_or_only_the_built_in_documents_give_no_front() {
    let tmp = tempfile::tempdir().expect("tmp");
    let mut options = corpus(tmp.path());
    load(&options).expect("loads");
    options.no_cache = true;
    assert!(front(&options).is_none(), "--no-cache");
    let builtin = Options {
        cache_home: options.cache_home.clone(),
        ..Options::default()
    };
    assert!(
        front(&builtin).is_none(),
        "the built-in documents are the whole load"
    );
}

/// The summary sits between the table of contents and the entries; a damaged one gives no
/// front, and the next load writes it again.
#[test]
fn a_damaged_summary_gives_no_front_and_the_next_load_writes_it_again() {
    let tmp = tempfile::tempdir().expect("tmp");
    let options = corpus(tmp.path());
    load(&options).expect("loads");
    assert!(front(&options).is_some());
    let cache = |folder: &Path| {
        let key = std::fs::canonicalize(folder).expect("folder");
        std::fs::read_dir(tmp.path().join("cache"))
            .expect("cache folder")
            .filter_map(Result::ok)
            .map(|e| e.path())
            .find(|p| {
                let bytes = std::fs::read(p).expect("reads");
                let key = key.display().to_string();
                bytes.windows(key.len()).any(|w| w == key.as_bytes())
            })
            .expect("the folder's cache")
    };
    let file = cache(&options.docs[0]);
    let mut bytes = std::fs::read(&file).expect("reads");
    // magic, format, schema, the build id with its length, the contents' SHA-256 and length.
    let id_len = usize::from(bytes[24]);
    let at = 25 + id_len + 32;
    let len = u64::from_le_bytes(bytes[at..at + 8].try_into().expect("8 bytes"));
    let summary = at + 8 + usize::try_from(len).expect("fits");
    bytes[summary..summary + 16].fill(0xff);
    std::fs::write(&file, &bytes).expect("writes");
    assert!(front(&options).is_none(), "a damaged summary");
    let whole = load(&options).expect("a load does not need the summary");
    assert!(whole.notices.is_empty(), "{:?}", whole.notices);
    assert!(front(&options).is_some(), "written again");
}

/// The real binary twice on the same folder at 80×24: once from a cache that prepared the
/// first frame, once with no cache. The first frame is the same, and a key pressed at once
/// (the next unit) is answered from the whole load in both.
#[test]
fn the_dashboard_from_a_prepared_cache_draws_and_answers_as_without_one() {
    use crate::common::cmd;
    use crate::common::pty::Session;
    use std::time::Duration;
    let tmp = tempfile::tempdir().expect("tmp");
    let docs = tmp.path().join("docs");
    let cache = tmp.path().join("cache");
    gencorpus::write_corpus(&docs, 60, 5).expect("gencorpus writes");
    let (docs, cache) = (docs.display().to_string(), cache.display().to_string());
    let out = cmd()
        .env("XDG_CACHE_HOME", &cache)
        .args(["--no-builtin", "--doc", &docs, "units"])
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(0));
    let screens = |extra: &[&str]| -> (String, String) {
        let mut args = vec!["--no-builtin", "--doc", &docs];
        args.extend(extra);
        let mut s = Session::start_env_args(&[("XDG_CACHE_HOME", &cache)], &args);
        s.wait_for("牵头");
        // The first frame itself: the whole load's frame comes within milliseconds after.
        let first = s.first_frame();
        s.keys(&[b"\x1b[B"]);
        (first, s.settled(Duration::from_millis(300)))
    };
    let (first, next) = screens(&[]);
    let (first_whole, next_whole) = screens(&["--no-cache"]);
    assert!(first.contains("牵头"), "a whole first frame:\n{first}");
    assert_eq!(first, first_whole);
    assert_ne!(first, next, "the key moved the selection");
    assert_eq!(
        next, next_whole,
        "the next unit's duties come from the whole load"
    );
}

/// The command line with `docs` and the caches in `cache`: exit code, stdout, stderr.
fn run_on(cache: &Path, docs: &[PathBuf], args: &[&str]) -> (Option<i32>, String, String) {
    let mut c = crate::common::cmd();
    c.env("XDG_CACHE_HOME", cache);
    for d in docs {
        c.arg("--doc").arg(d);
    }
    let out = c.args(args).output().expect("runs");
    let text = |b: &[u8]| String::from_utf8_lossy(b).into_owned();
    (out.status.code(), text(&out.stdout), text(&out.stderr))
}

/// Zeroes bytes of the last entry of the largest cache in `dir` (the first folder's: its last
/// document's entry, which the file ends with).
fn damage_last_entry(dir: &Path) {
    let file = std::fs::read_dir(dir)
        .expect("cache folder")
        .filter_map(Result::ok)
        .map(|e| e.path())
        .max_by_key(|p| std::fs::metadata(p).map(|m| m.len()).unwrap_or(0))
        .expect("the first folder's cache, the larger");
    let mut bytes = std::fs::read(&file).expect("reads");
    let n = bytes.len();
    bytes[n - 40..n - 20].fill(0);
    std::fs::write(&file, bytes).expect("writes");
}

/// `units` needs every unit and its counts and no task: from a prepared cache it reads the
/// summary alone, and prints what reading every document prints, the skipped one included.
#[test]
fn units_from_a_prepared_cache_prints_what_the_whole_load_prints() {
    let tmp = tempfile::tempdir().expect("tmp");
    let options = corpus(tmp.path());
    let cache = options.cache_home.clone().expect("a cache folder");
    let run = |command: &[&str]| {
        let (code, out, err) = run_on(&cache, &options.docs, command);
        assert_eq!(code, Some(0));
        (out, err)
    };
    let units = |extra: &[&str]| run(&[&["units"], extra].concat());
    let (plain, plain_err) = units(&["--all"]);
    assert!(plain_err.contains("doc-00005b.txt"), "{plain_err}");
    // The run above wrote the caches in the user's folder of this run: the summary is there.
    let in_cache = Options {
        cache_home: Some(cache.join("dutymatrix")),
        ..options.clone()
    };
    assert!(front(&in_cache).is_some(), "the command wrote the summary");
    assert_eq!(units(&["--all"]), (plain.clone(), plain_err.clone()));
    let (json, _) = units(&["--all", "--json"]);
    let (json_whole, _) = units(&["--all", "--json", "--no-cache"]);
    assert_eq!(json, json_whole);
    let (whole, whole_err) = units(&["--all", "--no-cache"]);
    assert_eq!((plain.clone(), plain_err.clone()), (whole, whole_err));

    // It reads no entry: one damaged goes unseen by `units`, and the next command that reads
    // the entries finds it, reads the document again, and says so.
    damage_last_entry(&cache.join("dutymatrix"));
    assert_eq!(units(&["--all"]), (plain.clone(), plain_err.clone()));
    let (_, err) = run(&["counterparts"]);
    assert!(err.contains("有损坏的条目"), "{err}");
    // Repairing an entry from its unchanged document keeps the summary.
    assert!(front(&in_cache).is_some(), "the summary carried over");
    let (_, err) = units(&["--all"]);
    assert!(!err.contains("有损坏的条目"), "rebuilt: {err}");
}

/// A shared folder (DUTYMATRIX_DOCS) that is empty, or not there today, leaves the front as
/// the load leaves itself: the missing one told among the skipped, in the load's order.
#[test]
fn an_empty_or_missing_shared_folder_keeps_the_front() {
    let tmp = tempfile::tempdir().expect("tmp");
    let mut options = corpus(tmp.path());
    let empty = tmp.path().join("empty");
    std::fs::create_dir(&empty).expect("mkdir");
    options.shared = vec![empty, tmp.path().join("not-there")];
    let whole = load(&options).expect("loads");
    let f = front(&options).expect("a front");
    let paths = |e: &[dutymatrix::load::LoadError]| -> Vec<String> {
        e.iter().map(|e| e.path.clone()).collect()
    };
    assert_eq!(paths(&f.skipped().expect("decodes")), paths(&whole.skipped));
    assert_eq!(
        whole.skipped.len(),
        2,
        "the unreadable document and the missing folder"
    );
    let again = f.load().expect("loads");
    assert_eq!(paths(&again.skipped), paths(&whole.skipped));
}

/// A folder where no document reads has nothing to show, from the cache as from the text.
#[test]
fn a_folder_of_unreadable_documents_is_no_documents_every_time() {
    use crate::common::cmd;
    let tmp = tempfile::tempdir().expect("tmp");
    let bad = tmp.path().join("bad");
    std::fs::create_dir(&bad).expect("mkdir");
    for n in ["a.txt", "b.txt"] {
        std::fs::write(bad.join(n), [0u8, 159, 146, 150, 0, 1, 2, 255]).expect("writes");
    }
    for _ in 0..3 {
        let out = cmd()
            .env("XDG_CACHE_HOME", tmp.path().join("cache"))
            .args(["--no-builtin", "--doc"])
            .arg(&bad)
            .arg("units")
            .output()
            .expect("runs");
        assert_eq!(
            out.status.code(),
            Some(2),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
}

/// `duties` needs the tasks of the one unit its query names: from a prepared cache it decodes
/// only the entries that hold them, and prints what reading every document prints, refusals
/// included. A damaged entry that holds none of them goes unseen by it.
#[test]
fn duties_from_a_prepared_cache_prints_what_the_whole_load_prints() {
    let tmp = tempfile::tempdir().expect("tmp");
    let options = corpus(tmp.path());
    let whole = load(&options).expect("loads").model;
    let cache = tmp.path().join("xdg");
    let run = |args: &[&str]| run_on(&cache, &options.docs, args);
    run(&["units"]);
    // A unit none of whose tasks is in the first folder's last document.
    let last = "doc-00089";
    let unit = (whole.units.iter())
        .filter(|u| !u.collective)
        .find(|u| {
            let mut tasks = whole.duties(&u.id).peekable();
            tasks.peek().is_some()
                && whole
                    .duties(&u.id)
                    .all(|(t, _)| t.document.as_str() != last)
        })
        .expect("a unit without a task in the last document");
    let queries = [
        unit.id.as_str(),
        "市卫生健康委",
        "卫健委",
        "不存在的单位",
        "市民政局",
    ];
    for q in queries {
        for json in [false, true] {
            let mut args = vec!["duties", q];
            args.extend(json.then_some("--json"));
            let from_front = run(&args);
            args.push("--no-cache");
            assert_eq!(from_front, run(&args), "duties {q} (json: {json})");
        }
    }
    // Damage the first folder's last entry, which holds none of the unit's tasks.
    damage_last_entry(&cache.join("dutymatrix"));
    let (code, out, err) = run(&["duties", &unit.id]);
    assert_eq!(code, Some(0));
    assert!(
        !err.contains("有损坏的条目"),
        "the damaged entry was not read: {err}"
    );
    assert_eq!((code, out, err), run(&["duties", &unit.id, "--no-cache"]));
}
