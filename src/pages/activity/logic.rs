//! The Activity page's rules, pure and natively tested: which runs a state filter shows, how a
//! run compares with the previous run of its job, and what a browser notification says when runs
//! end. (Which runs "Re-run failed" sends is Run selected's: `components::run_jobs::rerun`.)

use crate::api::RunState;
use crate::dates::duration;

/// The states a tester can show or hide. Queued and waiting runs count as running: they are
/// going, just not started yet, as does a state this app does not know while the run goes on.
/// A run that ended without this tab seeing how counts as completed: it is not going, and
/// nothing says it failed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    Running,
    Completed,
    Failed,
    Cancelled,
}

impl Kind {
    pub const ALL: [Kind; 4] = [
        Kind::Running,
        Kind::Completed,
        Kind::Failed,
        Kind::Cancelled,
    ];

    /// `finished`: the store's `WatchedRun::is_finished` (a terminal state, or an end unseen).
    pub fn of(state: &RunState, finished: bool) -> Kind {
        match state {
            RunState::Failed => Kind::Failed,
            RunState::Cancelled => Kind::Cancelled,
            RunState::Completed => Kind::Completed,
            _ if finished => Kind::Completed,
            _ => Kind::Running,
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Kind::Running => "Running",
            Kind::Completed => "Completed",
            Kind::Failed => "Failed",
            Kind::Cancelled => "Cancelled",
        }
    }

    pub fn key(self) -> &'static str {
        match self {
            Kind::Running => "running",
            Kind::Completed => "completed",
            Kind::Failed => "failed",
            Kind::Cancelled => "cancelled",
        }
    }
}

/// Which kinds of run are shown; all of them at first.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Filter([bool; 4]);

impl Default for Filter {
    fn default() -> Self {
        Filter([true; 4])
    }
}

impl Filter {
    fn index(kind: Kind) -> usize {
        Kind::ALL.iter().position(|k| *k == kind).unwrap_or(0)
    }

    pub fn shows(&self, kind: Kind) -> bool {
        self.0[Self::index(kind)]
    }

    pub fn admits(&self, state: &RunState, finished: bool) -> bool {
        self.shows(Kind::of(state, finished))
    }

    pub fn with(mut self, kind: Kind, shown: bool) -> Self {
        self.0[Self::index(kind)] = shown;
        self
    }

    pub fn is_default(&self) -> bool {
        *self == Filter::default()
    }
}

/// How long a run took (ended) or has been going (live), when known.
pub fn elapsed(
    started_ms: Option<i64>,
    ended_ms: Option<i64>,
    terminal: bool,
    now_ms: i64,
) -> Option<i64> {
    let start = started_ms?;
    let end = match (ended_ms, terminal) {
        (Some(end), _) => end,
        (None, false) => now_ms,
        (None, true) => return None,
    };
    Some(end.saturating_sub(start).max(0))
}

/// "2.1× longer", "0.8× (faster)", "about the same" for an ended run against the previous one of
/// its job; a live run says something only once it is already clearly longer ("already 1.4×
/// longer"), since it may still end sooner than the last one did.
pub fn vs_previous(this_ms: i64, previous_ms: i64, live: bool) -> Option<String> {
    if previous_ms <= 0 || this_ms < 0 {
        return None;
    }
    let ratio = this_ms as f64 / previous_ms as f64;
    let shown = format!("{:.1}\u{d7}", (ratio * 10.0).round() / 10.0);
    if live {
        return (ratio >= 1.05).then(|| format!("already {shown} longer"));
    }
    Some(if ratio >= 1.05 {
        format!("{shown} longer")
    } else if ratio <= 0.95 {
        format!("{shown} (faster)")
    } else {
        "about the same".to_string()
    })
}

/// One browser notification: its title, body, and where a click on it goes (`None`: Activity).
#[derive(Clone, Debug, PartialEq)]
pub struct Notice {
    pub title: String,
    pub body: String,
    pub job_id: Option<i64>,
}

/// An ended run, as a notification tells it.
#[derive(Clone, Debug, PartialEq)]
pub struct Ended {
    pub job_id: i64,
    pub job_name: String,
    pub run_id: i64,
    pub state: RunState,
    pub took_ms: Option<i64>,
}

/// One notification for the runs that ended in one round: the run itself when alone, else a
/// count by outcome ("3 runs ended: 2 failed, 1 completed") that opens Activity.
pub fn notice(ended: &[Ended]) -> Option<Notice> {
    match ended {
        [] => None,
        [one] => {
            let took = one
                .took_ms
                .map(|ms| format!(" after {}", duration(ms)))
                .unwrap_or_default();
            Some(Notice {
                title: format!("{}: {}", one.job_name, one.state.label().to_lowercase()),
                body: format!("Run #{} {}{took}.", one.run_id, ended_word(&one.state)),
                job_id: Some(one.job_id),
            })
        }
        many => {
            let mut parts = Vec::new();
            for kind in [
                Kind::Failed,
                Kind::Cancelled,
                Kind::Completed,
                Kind::Running,
            ] {
                let n = many
                    .iter()
                    .filter(|e| Kind::of(&e.state, true) == kind)
                    .count();
                if n > 0 {
                    let word = match kind {
                        Kind::Running => "other",
                        k => k.key(),
                    };
                    parts.push(format!("{n} {word}"));
                }
            }
            let names: Vec<&str> = many.iter().take(3).map(|e| e.job_name.as_str()).collect();
            let more = many.len().saturating_sub(3);
            let body = if more > 0 {
                format!("{} and {more} more.", names.join(", "))
            } else {
                format!("{}.", names.join(", "))
            };
            Some(Notice {
                title: format!("{} runs ended: {}", many.len(), parts.join(", ")),
                body,
                job_id: None,
            })
        }
    }
}

fn ended_word(state: &RunState) -> &'static str {
    match state {
        RunState::Completed => "completed",
        RunState::Failed => "failed",
        RunState::Cancelled => "was cancelled",
        _ => "ended",
    }
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests;
