//! The normalised state of a run. Real servers spell statuses inconsistently (`new`, `Waiting`,
//! `in-progress`); unknown ones are kept verbatim and treated as still running.

#[derive(Clone, Debug, Default, PartialEq, Eq, Hash)]
pub enum RunState {
    /// `new`: scheduled, or a job that never ran.
    #[default]
    Queued,
    Waiting,
    Running,
    Completed,
    Failed,
    Cancelled,
    /// A status this app does not know, shown as the server sent it.
    Unknown(String),
}

impl RunState {
    pub fn from_raw(raw: &str) -> Self {
        let key: String = raw
            .trim()
            .chars()
            .filter(|c| c.is_alphanumeric())
            .flat_map(char::to_lowercase)
            .collect();
        match key.as_str() {
            "" | "new" | "queued" | "scheduled" => RunState::Queued,
            "waiting" | "pending" => RunState::Waiting,
            "inprogress" | "running" | "started" | "processing" => RunState::Running,
            "completed" | "complete" | "success" | "succeeded" | "passed" | "done" => {
                RunState::Completed
            }
            "failed" | "failure" | "error" => RunState::Failed,
            "cancelled" | "canceled" | "stopped" | "aborted" => RunState::Cancelled,
            _ => RunState::Unknown(raw.trim().to_string()),
        }
    }

    /// A run in this state will not change any more.
    pub fn is_terminal(&self) -> bool {
        matches!(
            self,
            RunState::Completed | RunState::Failed | RunState::Cancelled
        )
    }

    /// What a person reads in a badge.
    pub fn label(&self) -> &str {
        match self {
            RunState::Queued => "New",
            RunState::Waiting => "Waiting",
            RunState::Running => "Running",
            RunState::Completed => "Completed",
            RunState::Failed => "Failed",
            RunState::Cancelled => "Cancelled",
            RunState::Unknown(raw) => raw,
        }
    }

    /// A stable key for CSS classes, filters and URLs.
    pub fn key(&self) -> &'static str {
        match self {
            RunState::Queued => "new",
            RunState::Waiting => "waiting",
            RunState::Running => "running",
            RunState::Completed => "completed",
            RunState::Failed => "failed",
            RunState::Cancelled => "cancelled",
            RunState::Unknown(_) => "unknown",
        }
    }

    /// The states a filter offers, in lifecycle order.
    pub const FILTERABLE: [RunState; 6] = [
        RunState::Queued,
        RunState::Waiting,
        RunState::Running,
        RunState::Completed,
        RunState::Failed,
        RunState::Cancelled,
    ];
}
