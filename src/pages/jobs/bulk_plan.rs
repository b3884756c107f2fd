//! The rules of bulk edit, pure so they are tested natively: which fields change, the update
//! body of each job (the API has no bulk update and an update replaces the whole job, so each
//! body is the job's current input with the touched fields replaced), what is sent next (at
//! most four at once), what a retry sends again, and the read-only rule: the first refusal
//! stops the rest and is reported once.

use std::collections::HashMap;
use std::sync::Arc;

use crate::api::{Job, JobInput, ListJob};
use crate::job_query::IndexedJob;

/// Updates in flight at once: enough to be quick, few enough not to flood the server.
pub const MAX_IN_FLIGHT: usize = 4;

/// The fields to change; `None` is "Leave as is".
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Changes {
    pub cycle: Option<String>,
    pub phase: Option<String>,
    /// The folder's id (none: no folder) and its path.
    pub folder: Option<(Option<i64>, String)>,
    pub assignee: Option<i64>,
    pub framework: Option<String>,
    pub environment: Option<String>,
    pub is_reuse: Option<bool>,
    pub time_stamp: Option<bool>,
}

impl Changes {
    /// How many fields are touched.
    pub fn count(&self) -> usize {
        [
            self.cycle.is_some(),
            self.phase.is_some(),
            self.folder.is_some(),
            self.assignee.is_some(),
            self.framework.is_some(),
            self.environment.is_some(),
            self.is_reuse.is_some(),
            self.time_stamp.is_some(),
        ]
        .into_iter()
        .filter(|touched| *touched)
        .count()
    }

    /// What stops the changes from being sent (every job would be refused the same way).
    pub fn problem(&self) -> Option<&'static str> {
        if self.cycle.as_deref().is_some_and(|c| c.trim().is_empty()) {
            Some("Type the cycle\u{2019}s name, or leave the cycle as is.")
        } else if self
            .framework
            .as_deref()
            .is_some_and(|f| f.trim().is_empty())
        {
            Some("Choose a framework, or leave it as is.")
        } else {
            None
        }
    }

    /// The update body of a job: its input with the touched fields replaced.
    pub fn apply(&self, input: &JobInput) -> JobInput {
        let mut out = input.clone();
        if let Some(cycle) = &self.cycle {
            out.cycle_name = cycle.trim().to_string();
        }
        if let Some(phase) = &self.phase {
            out.phase_name = phase.trim().to_string();
        }
        if let Some((id, path)) = &self.folder {
            out.job_detail_tcr_catalog_tree_id = *id;
            out.test_repository_path = if id.is_some() {
                path.clone()
            } else {
                String::new()
            };
        }
        if let Some(user) = self.assignee {
            out.assign_results_to = Some(user);
        }
        if let Some(framework) = &self.framework {
            // "Create package" exists for Selenium only.
            if !framework.eq_ignore_ascii_case("Selenium") {
                out.create_package = false;
            }
            out.automation_framework = framework.clone();
        }
        if let Some(environment) = &self.environment {
            out.environment = environment.trim().to_string();
        }
        if let Some(on) = self.is_reuse {
            out.is_reuse = on;
        }
        if let Some(on) = self.time_stamp {
            out.time_stamp = on;
        }
        out
    }
}

/// Where one job stands.
#[derive(Clone, Debug, PartialEq)]
pub enum Outcome {
    /// Waiting its turn.
    Queued,
    Sending,
    Saved,
    /// Failed, with the server's reason: retried by "Retry failed".
    Failed(String),
    /// Refused for lack of rights; the reason is shown once, for all.
    Refused,
    /// Never sent: a refusal stopped the batch first.
    NotSent,
    /// Not on the server when the batch read the release: nothing to send, ever.
    Gone,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Item {
    pub id: i64,
    pub name: String,
    pub body: JobInput,
    pub outcome: Outcome,
}

impl Item {
    fn of(job: &Job, changes: &Changes) -> Self {
        Item {
            id: job.id,
            name: job.display_name(),
            body: changes.apply(&job.input),
            outcome: Outcome::Queued,
        }
    }
}

/// How a request ended, as the planner needs it.
#[derive(Clone, Debug, PartialEq)]
pub enum Answer {
    Saved,
    /// The token may not write (403): stop the batch.
    ReadOnly(String),
    Failed(String),
}

/// One bulk edit: every job's body and outcome, and the refusal that stopped it, if any.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Batch {
    pub items: Vec<Item>,
    pub refusal: Option<String>,
}

impl Batch {
    /// The batch for the jobs selected in the list (id and name, in list order), each body
    /// made from the job as the server has it now (`current`, the release read again): the
    /// list holds only its columns, and a body from an older copy would undo whatever changed
    /// since. A selected job the server no longer has is listed as gone and never sent.
    pub fn for_selection(selected: &[(i64, String)], current: &[Job], changes: &Changes) -> Self {
        let by_id: HashMap<i64, &Job> = current.iter().map(|job| (job.id, job)).collect();
        Self {
            items: selected
                .iter()
                .map(|(id, name)| match by_id.get(id) {
                    Some(job) => Item::of(job, changes),
                    None => Item {
                        id: *id,
                        name: name.clone(),
                        body: JobInput::default(),
                        outcome: Outcome::Gone,
                    },
                })
                .collect(),
            refusal: None,
        }
    }

    fn in_flight(&self) -> usize {
        self.count(|o| *o == Outcome::Sending)
    }

    pub fn count(&self, which: impl Fn(&Outcome) -> bool) -> usize {
        self.items.iter().filter(|i| which(&i.outcome)).count()
    }

    pub fn saved(&self) -> usize {
        self.count(|o| *o == Outcome::Saved)
    }

    pub fn failed(&self) -> usize {
        self.count(|o| matches!(o, Outcome::Failed(_)))
    }

    /// Nothing waits or is in flight.
    pub fn finished(&self) -> bool {
        !self.items.is_empty()
            && self.count(|o| matches!(o, Outcome::Queued | Outcome::Sending)) == 0
    }

    /// The next job to send, marked as sending: none while four are in flight, when none waits,
    /// or once a refusal stopped the batch.
    pub fn take_next(&mut self) -> Option<(i64, JobInput)> {
        if self.refusal.is_some() || self.in_flight() >= MAX_IN_FLIGHT {
            return None;
        }
        let item = self
            .items
            .iter_mut()
            .find(|i| i.outcome == Outcome::Queued)?;
        item.outcome = Outcome::Sending;
        Some((item.id, item.body.clone()))
    }

    /// Records how a job's request ended. The first read-only refusal stops the batch: what
    /// still waits is not sent, and the reason is kept once for all.
    pub fn record(&mut self, id: i64, answer: Answer) {
        let Some(item) = self.items.iter_mut().find(|i| i.id == id) else {
            return;
        };
        item.outcome = match answer {
            Answer::Saved => Outcome::Saved,
            Answer::Failed(reason) => Outcome::Failed(reason),
            Answer::ReadOnly(reason) => {
                self.refusal.get_or_insert(reason);
                Outcome::Refused
            }
        };
        if self.refusal.is_some() {
            for item in &mut self.items {
                if item.outcome == Outcome::Queued {
                    item.outcome = Outcome::NotSent;
                }
            }
        }
    }

    /// What "Retry failed" sends again: the failed jobs, and after a refusal, the refused and
    /// unsent ones. Saved jobs are never sent twice. Returns how many will be sent.
    pub fn retry(&mut self) -> usize {
        self.refusal = None;
        let mut again = 0;
        for item in &mut self.items {
            if matches!(
                item.outcome,
                Outcome::Failed(_) | Outcome::Refused | Outcome::NotSent
            ) {
                item.outcome = Outcome::Queued;
                again += 1;
            }
        }
        again
    }

    /// Worth a "Retry failed" button.
    pub fn retryable(&self) -> usize {
        self.count(|o| matches!(o, Outcome::Failed(_) | Outcome::Refused | Outcome::NotSent))
    }

    /// The jobs to save: all but those no longer on the server.
    pub fn to_save(&self) -> usize {
        self.items.len() - self.count(|o| *o == Outcome::Gone)
    }

    /// "12 of 40 saved", of the jobs still on the server.
    pub fn progress_text(&self) -> String {
        match self.to_save() {
            0 => "Nothing to save".into(),
            total => format!("{} of {total} saved", self.saved()),
        }
    }

    /// The refusal as the user reads it, once for the whole batch.
    pub fn refusal_text(&self) -> Option<String> {
        let reason = self.refusal.as_ref()?;
        let scope = if self.saved() == 0 {
            "nothing was changed"
        } else {
            "the rest was not changed"
        };
        Some(format!("Your token is read-only: {scope}. ({reason})"))
    }

    /// The selected jobs the server no longer had, once for all.
    pub fn gone_text(&self) -> Option<String> {
        match self.count(|o| *o == Outcome::Gone) {
            0 => None,
            1 => Some("1 job is no longer on the server: it was not changed.".into()),
            gone => Some(format!(
                "{gone} jobs are no longer on the server: they were not changed."
            )),
        }
    }

    /// What is announced when the batch ends.
    pub fn summary(&self) -> String {
        let mut text = format!("{}.", self.progress_text());
        let failed = self.failed();
        if failed > 0 {
            text.push_str(&format!(" {failed} failed."));
        }
        if let Some(gone) = self.gone_text() {
            text.push(' ');
            text.push_str(&gone);
        }
        if let Some(refusal) = self.refusal_text() {
            text.push(' ');
            text.push_str(&refusal);
        }
        text
    }
}

/// The list with the jobs saved by a bulk edit shown at once, before a reload brings them: a
/// saved job replaces the loaded one unless the loaded one is newer (a reload that happened
/// since). Returns the same list when nothing applies, so nothing is re-sorted for nothing.
pub fn with_saved(loaded: Arc<Vec<IndexedJob>>, saved: &HashMap<i64, Job>) -> Arc<Vec<IndexedJob>> {
    let newer = |loaded: &ListJob, saved: &Job| match (loaded.modified_at, saved.modified_at) {
        (Some(l), Some(s)) => s >= l,
        _ => true,
    };
    let replaces = |j: &IndexedJob| {
        saved
            .get(&j.job.id)
            .filter(|s| newer(&j.job, s))
            .map(ListJob::from)
            .filter(|s| *s != j.job)
    };
    if saved.is_empty() || !loaded.iter().any(|j| replaces(j).is_some()) {
        return loaded;
    }
    Arc::new(
        loaded
            .iter()
            .map(|j| match replaces(j) {
                Some(s) => IndexedJob::new(s),
                None => j.clone(),
            })
            .collect(),
    )
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests;
