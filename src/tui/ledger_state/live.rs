//! A server ledger's listener, minded by the dashboard: while its connection is down (cut by
//! the network or by the server) the status line says the ledger is reconnecting, and the
//! notice goes once the listener is back, when the view has been read again.

use super::LedgerState;
use crate::words::Lang;

impl LedgerState {
    /// Called after each reload the listener's count caused: a loss and a return both count.
    pub(super) fn mind_listener(&mut self, lang: Lang) {
        let Some(l) = &self.ledger else { return };
        let said = crate::words::unreachable_notice(&crate::ledger::shown_location(l.path()), lang);
        match l.listening() {
            Some(false) => self.notice = Some(said),
            Some(true) if self.notice.as_ref() == Some(&said) => self.notice = None,
            _ => {}
        }
    }
}
