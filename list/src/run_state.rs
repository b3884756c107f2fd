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
        // The stable keys, as the simulator and most servers send them, read without building
        // the normalised key (10,000 allocations for a release's list).
        if let Some(known) = Self::FILTERABLE.iter().find(|s| s.key() == raw) {
            return known.clone();
        }
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

    /// The spelling kept in storage: the stable key, or the server's own for an unknown status.
    pub fn stored(&self) -> &str {
        match self {
            RunState::Unknown(raw) => raw,
            known => known.key(),
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

// Stored as a string (the key, or an unknown status verbatim), read back through `from_raw`, so
// an unknown status survives a reload as the server spelt it.
impl serde::Serialize for RunState {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.stored())
    }
}

impl<'de> serde::Deserialize<'de> for RunState {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let raw = <String as serde::Deserialize>::deserialize(d)?;
        Ok(RunState::from_raw(&raw))
    }
}
