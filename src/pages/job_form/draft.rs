//! What the user has typed into a job form, one signal per field so nothing is ever reset by a
//! failed request, and the checks that run before anything is sent.

use leptos::prelude::*;

use crate::api::{JobInput, ANYONE_USER_ID, FRAMEWORKS};
use crate::dates;

/// The form's state. `Copy`: every part is an arena handle owned by the page that made it.
#[derive(Clone, Copy)]
pub struct JobDraft {
    pub name: RwSignal<String>,
    pub description: RwSignal<String>,
    pub project: RwSignal<Option<i64>>,
    pub release: RwSignal<Option<i64>>,
    pub framework: RwSignal<String>,
    pub create_package: RwSignal<bool>,
    pub cycle_name: RwSignal<String>,
    pub is_reuse: RwSignal<bool>,
    pub time_stamp: RwSignal<bool>,
    /// `yyyy-MM-dd`, as the date input has it; converted only when sending.
    pub start_date: RwSignal<String>,
    pub end_date: RwSignal<String>,
    pub phase: RwSignal<String>,
    pub folder_id: RwSignal<Option<i64>>,
    pub folder_path: RwSignal<String>,
    pub assignee: RwSignal<i64>,
    pub environment: RwSignal<String>,
    /// What the form started from, to tell whether leaving would lose anything.
    initial: StoredValue<JobInput>,
    /// Set once the server has accepted the input: leaving is then safe.
    saved: RwSignal<bool>,
}

/// The framework as the picker lists it: a known one in its canonical spelling, else verbatim.
fn canonical_framework(raw: &str) -> String {
    FRAMEWORKS
        .iter()
        .find(|f| f.eq_ignore_ascii_case(raw.trim()))
        .map(|f| f.to_string())
        .unwrap_or_else(|| raw.to_string())
}

fn known_id(id: i64) -> Option<i64> {
    (id > 0).then_some(id)
}

pub fn is_selenium(framework: &str) -> bool {
    framework.eq_ignore_ascii_case("Selenium")
}

impl JobDraft {
    pub fn new(from: &JobInput) -> Self {
        let draft = Self::filled(from);
        // Compare against the draft's own reading of the input, so normalising (dates,
        // framework spelling) does not count as a change.
        draft.initial.set_value(draft.input_untracked());
        draft
    }

    /// A draft holding `typed` that counts as changed when it differs from `baseline` (typing
    /// carried over from another form is still unsaved).
    pub fn with_baseline(typed: &JobInput, baseline: &JobInput) -> Self {
        let draft = Self::filled(typed);
        draft
            .initial
            .set_value(Self::new(baseline).input_untracked());
        draft
    }

    fn filled(from: &JobInput) -> Self {
        Self {
            name: RwSignal::new(from.job_name.clone()),
            description: RwSignal::new(from.job_description.clone()),
            project: RwSignal::new(known_id(from.project_id)),
            release: RwSignal::new(known_id(from.release_id)),
            framework: RwSignal::new(canonical_framework(&from.automation_framework)),
            create_package: RwSignal::new(from.create_package),
            cycle_name: RwSignal::new(from.cycle_name.clone()),
            is_reuse: RwSignal::new(from.is_reuse),
            time_stamp: RwSignal::new(from.time_stamp),
            start_date: RwSignal::new(dates::us_to_iso(&from.cycle_start_date_str)),
            end_date: RwSignal::new(dates::us_to_iso(&from.cycle_end_date_str)),
            phase: RwSignal::new(from.phase_name.clone()),
            folder_id: RwSignal::new(from.job_detail_tcr_catalog_tree_id),
            folder_path: RwSignal::new(from.test_repository_path.clone()),
            assignee: RwSignal::new(from.assign_results_to.unwrap_or(ANYONE_USER_ID)),
            environment: RwSignal::new(from.environment.clone()),
            initial: StoredValue::new(JobInput::default()),
            saved: RwSignal::new(false),
        }
    }

    /// The request body as the fields stand now (tracks every field).
    pub fn input(&self) -> JobInput {
        let framework = self.framework.get();
        JobInput {
            job_name: self.name.get().trim().to_string(),
            job_description: self.description.get(),
            project_id: self.project.get().unwrap_or_default(),
            release_id: self.release.get().unwrap_or_default(),
            create_package: is_selenium(&framework) && self.create_package.get(),
            automation_framework: framework,
            cycle_name: self.cycle_name.get().trim().to_string(),
            is_reuse: self.is_reuse.get(),
            time_stamp: self.time_stamp.get(),
            cycle_start_date_str: dates::iso_to_us(&self.start_date.get()),
            cycle_end_date_str: dates::iso_to_us(&self.end_date.get()),
            phase_name: self.phase.get().trim().to_string(),
            job_detail_tcr_catalog_tree_id: self.folder_id.get(),
            test_repository_path: self.folder_path.get(),
            assign_results_to: Some(self.assignee.get()),
            environment: self.environment.get().trim().to_string(),
        }
    }

    pub fn input_untracked(&self) -> JobInput {
        untrack(|| self.input())
    }

    /// The typing, while it is not saved and the form's signals still exist (the form may be
    /// being torn down).
    pub fn unsaved_input(&self) -> Option<JobInput> {
        let saved = self.saved.try_get_untracked()?;
        let alive = self.environment.try_get_untracked().is_some();
        (!saved && alive).then(|| self.input_untracked())
    }

    /// Leaving now would lose something the user typed.
    pub fn is_dirty(&self) -> bool {
        !self.saved.get() && self.initial.with_value(|initial| *initial != self.input())
    }

    pub fn is_saved(&self) -> bool {
        self.saved.get()
    }

    /// The server has the input (or another form took it over): stop guarding against leaving.
    pub fn mark_saved(&self) {
        self.saved.set(true);
    }

    /// A new project has other releases, users and folders: clear what belonged to the old one.
    pub fn choose_project(&self, project: Option<i64>) {
        if self.project.get_untracked() != project {
            self.project.set(project);
            self.release.set(None);
            self.assignee.set(ANYONE_USER_ID);
            self.clear_release_parts();
        }
    }

    pub fn choose_release(&self, release: Option<i64>) {
        if self.release.get_untracked() != release {
            self.release.set(release);
            self.clear_release_parts();
        }
    }

    // Folders belong to one release; a cycle name and phase are text and may be meant for the
    // new release too, so they stay.
    fn clear_release_parts(&self) {
        self.folder_id.set(None);
        self.folder_path.set(String::new());
    }
}

/// A form field that can be wrong.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Field {
    Name,
    Project,
    Release,
    Framework,
    Cycle,
    EndDate,
}

/// What is wrong with an input, per field, before it is sent.
pub fn problems(input: &JobInput) -> Vec<(Field, &'static str)> {
    let mut found = Vec::new();
    if input.job_name.trim().is_empty() {
        found.push((Field::Name, "Give the job a name."));
    }
    if input.project_id <= 0 {
        found.push((Field::Project, "Choose a project."));
    }
    if input.release_id <= 0 {
        found.push((Field::Release, "Choose a release."));
    }
    if input.automation_framework.trim().is_empty() {
        found.push((
            Field::Framework,
            "Choose the framework that wrote the results.",
        ));
    }
    if input.cycle_name.trim().is_empty() {
        found.push((Field::Cycle, "Choose a cycle or type a name for a new one."));
    }
    let start = dates::parse_us_date(&input.cycle_start_date_str);
    let end = dates::parse_us_date(&input.cycle_end_date_str);
    if let (Some(start), Some(end)) = (start, end) {
        if end < start {
            found.push((Field::EndDate, "The end date is before the start date."));
        }
    }
    found
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;

    fn complete() -> JobInput {
        JobInput {
            job_name: "Nightly".into(),
            project_id: 1,
            release_id: 10,
            automation_framework: "JUnit".into(),
            cycle_name: "Sprint 14".into(),
            ..JobInput::default()
        }
    }

    #[test]
    fn a_complete_input_has_no_problems() {
        assert!(problems(&complete()).is_empty());
    }

    #[test]
    fn every_required_field_is_named() {
        let fields: Vec<Field> = problems(&JobInput {
            job_name: "   ".into(),
            ..JobInput::default()
        })
        .into_iter()
        .map(|(f, _)| f)
        .collect();
        assert_eq!(
            fields,
            [
                Field::Name,
                Field::Project,
                Field::Release,
                Field::Framework,
                Field::Cycle
            ]
        );
    }

    #[test]
    fn an_end_before_the_start_is_refused_but_one_day_is_fine() {
        let mut input = complete();
        input.cycle_start_date_str = "03/10/2026".into();
        input.cycle_end_date_str = "03/09/2026".into();
        assert_eq!(problems(&input)[0].0, Field::EndDate);
        input.cycle_end_date_str = "03/10/2026".into();
        assert!(problems(&input).is_empty());
    }

    #[test]
    fn frameworks_are_matched_whatever_their_case() {
        assert_eq!(canonical_framework("selenium"), "Selenium");
        assert_eq!(canonical_framework("Robot"), "Robot");
    }
}
