//! The pairs in force a report keeps from a server ledger are taken as kept by the next
//! process while nothing changed, read again for what did (an owner's repair of a row
//! included, and a state changed behind the history's back), and read whole once the server
//! was restarted (as a restore or a failover starts it). The server's log of statements shows
//! which reads read every pair.

use crate::common::ledger::{PLAN, write_plan};
use crate::common::pg::{self, OWNER};
use crate::ledger_cli::in_ledger;
use crate::ledger_cli::kept::report;
use std::path::Path;

#[test]
fn kept_pairs_are_read_on_from_while_the_server_runs_and_whole_after_a_restart() {
    let test = "kept_pairs_are_read_on_from_while_the_server_runs_and_whole_after_a_restart";
    let Some(cluster) = pg::private(test) else {
        return;
    };
    let db = cluster.database("kept");
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    write_plan(d, PLAN);
    let url = cluster.url(&db, OWNER);
    let ledger = Path::new(&url);
    for args in [
        &["init"][..],
        &["set", "plan/1.1", "--unit", "市民政局", "--note", "已选址"],
    ] {
        let r = in_ledger(d, ledger, args);
        assert_eq!(r.code, 0, "{}", r.stderr);
    }
    let sql = format!("ALTER DATABASE {db} SET log_statement = 'all'");
    cluster.psql_as(&db, "postgres", &sql).unwrap();
    // A read of every pair is the one statement with a line of its own that says only this.
    let whole_reads = || {
        let log = std::fs::read_to_string(cluster.dir.join("log")).unwrap();
        log.lines()
            .filter(|l| l.trim() == "FROM current_state c")
            .count()
    };
    // With the pairs kept: the report read whole or not, and what it says, which is always
    // what a report without them says.
    let kept_report = |whole: bool, when: &str| {
        let before = whole_reads();
        let r = report(d, ledger, true);
        assert_eq!(whole_reads() - before, usize::from(whole), "{when}");
        assert_eq!(r, report(d, ledger, false), "{when}");
        r
    };
    let first = kept_report(true, "nothing kept");
    assert!(first.contains("已选址"), "{first}");
    assert_eq!(kept_report(false, "kept, nothing since"), first);

    let repair = "UPDATE dutymatrix.history SET note = '业主修正' WHERE note = '已选址'";
    cluster.psql_as(&db, OWNER, repair).unwrap();
    assert!(kept_report(false, "an owner's repair").contains("业主修正"));
    let forge = "SET session_replication_role = replica;
         UPDATE dutymatrix.current_state SET n_note = '改过的';";
    cluster.psql_as(&db, "postgres", forge).unwrap();
    assert!(kept_report(false, "a state changed by hand").contains("改过的"));
    let set = ["set", "plan/1.2", "--unit", "市财政局", "--status", "done"];
    assert_eq!(in_ledger(d, ledger, &set).code, 0);
    assert!(kept_report(false, "a write").contains("\"done\": 1"));

    cluster.pg_ctl(&["restart"]).unwrap();
    kept_report(true, "after a restart");
    kept_report(false, "kept again");
}
