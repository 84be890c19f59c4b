//! The pairs in force a report keeps from a server ledger are taken as kept by the next
//! process while the server runs on, and read again once it was restarted (as a restore or a
//! failover starts it): a state in force changed behind the history's back (as a superuser
//! can) shows which of the two a report read.

use crate::common::ledger::{PLAN, write_plan};
use crate::common::pg::{self, OWNER};
use crate::ledger_cli::in_ledger;
use crate::ledger_cli::kept::report;
use std::path::Path;

#[test]
fn kept_pairs_hold_while_the_server_runs_and_not_after_a_restart() {
    let test = "kept_pairs_hold_while_the_server_runs_and_not_after_a_restart";
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
    let kept = report(d, ledger, true);
    assert!(kept.contains("已选址"), "{kept}");
    let forge = "SET session_replication_role = replica;
         UPDATE dutymatrix.current_state SET n_note = '改过的';";
    cluster.psql_as(&db, "postgres", forge).unwrap();
    // Read whole: the state as it now is. Read with the kept pairs: as kept, no row since.
    assert!(report(d, ledger, false).contains("改过的"));
    assert_eq!(report(d, ledger, true), kept);

    cluster.pg_ctl(&["restart"]).unwrap();
    let after = report(d, ledger, true);
    assert!(after.contains("改过的"), "{after}");
    assert_eq!(after, report(d, ledger, false));
}
