//! The page's dashboard queries: at most one is unanswered at a time. A
//! filter that changes meanwhile is not sent at once; the newest one is
//! asked for when the unanswered query's answer arrives, so a person
//! clicking through filters faster than the worker answers never queues up
//! work for filters already replaced.
//!
//! Queries are numbered (counting up for the page's lifetime, across
//! datasets and workers); the number comes back with the dashboard.

/// Where the page's query is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum QueryState {
    /// No query is unanswered.
    #[default]
    Idle,
    /// Query `seq` is unanswered. `newer`: the filter changed since it was
    /// sent, so a query for the newest filter follows its answer.
    InFlight { seq: u64, newer: bool },
}

/// What follows a dashboard's arrival.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Answered {
    /// The filter changed meanwhile: send query `seq` for the newest one.
    Query(u64),
    /// Another query is unanswered and a newer filter waits for it.
    Waiting,
    /// Nothing more is asked for: the dashboard shown is the newest filter's
    /// (or as new as the worker can say).
    Settled,
}

/// The query numbers and the [`QueryState`].
#[derive(Debug, Default)]
pub struct Queries {
    /// The number of the newest query sent.
    last: u64,
    state: QueryState,
}

impl Queries {
    pub fn state(&self) -> QueryState {
        self.state
    }

    /// The filter changed: `Some(seq)` when query `seq` for it is to be
    /// sent now; `None` when another is unanswered (the newest filter is
    /// asked for after its answer).
    pub fn ask(&mut self) -> Option<u64> {
        match &mut self.state {
            QueryState::InFlight { newer, .. } => {
                *newer = true;
                None
            }
            QueryState::Idle => Some(self.send()),
        }
    }

    /// A new dataset is in the worker: an unanswered query was for the old
    /// one, so query `seq` (returned) is sent now whatever is in flight.
    pub fn restart(&mut self) -> u64 {
        self.send()
    }

    /// The dashboard of query `seq` arrived (it is shown, whichever query
    /// it answers: it is what the worker holds).
    pub fn answered(&mut self, seq: u64) -> Answered {
        match self.state {
            QueryState::InFlight { seq: s, newer } if s == seq => {
                self.state = QueryState::Idle;
                if newer {
                    Answered::Query(self.send())
                } else {
                    Answered::Settled
                }
            }
            // An older query's answer: the one in flight is still awaited.
            QueryState::InFlight { newer: true, .. } => Answered::Waiting,
            QueryState::InFlight { newer: false, .. } | QueryState::Idle => Answered::Settled,
        }
    }

    /// No answer will come for the unanswered query (the worker died, or
    /// an answer could not be read): the next filter is sent at once.
    pub fn forget(&mut self) {
        self.state = QueryState::Idle;
    }

    fn send(&mut self) -> u64 {
        self.last += 1;
        self.state = QueryState::InFlight {
            seq: self.last,
            newer: false,
        };
        self.last
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_query_in_flight_and_the_newest_filter_follows_its_answer() {
        let mut q = Queries::default();
        assert_eq!(q.ask(), Some(1));
        // Three filters while query 1 runs: none is sent.
        assert_eq!((q.ask(), q.ask(), q.ask()), (None, None, None));
        assert_eq!(
            q.state(),
            QueryState::InFlight {
                seq: 1,
                newer: true
            }
        );
        // Its answer sends one query, for the newest filter.
        assert_eq!(q.answered(1), Answered::Query(2));
        assert_eq!(q.answered(2), Answered::Settled);
        assert_eq!(q.state(), QueryState::Idle);
        assert_eq!(q.ask(), Some(3));
    }

    #[test]
    fn a_new_dataset_queries_at_once_and_old_answers_do_not_end_the_new_query() {
        let mut q = Queries::default();
        assert_eq!(q.ask(), Some(1));
        assert_eq!(q.restart(), 2);
        assert_eq!(q.ask(), None);
        // Query 1's late answer (the old dataset's) is shown; query 2 is
        // still awaited, and the newer filter after it.
        assert_eq!(q.answered(1), Answered::Waiting);
        assert_eq!(q.answered(2), Answered::Query(3));
        // An old answer when nothing newer waits settles the page.
        assert_eq!(q.answered(2), Answered::Settled);
        assert_eq!(
            q.state(),
            QueryState::InFlight {
                seq: 3,
                newer: false
            }
        );
    }

    #[test]
    fn a_forgotten_query_lets_the_next_filter_go_at_once() {
        let mut q = Queries::default();
        assert_eq!(q.ask(), Some(1));
        assert_eq!(q.ask(), None);
        q.forget();
        // Numbers go on counting: a dashboard of the old worker is never
        // taken for a new one.
        assert_eq!(q.ask(), Some(2));
    }
}
