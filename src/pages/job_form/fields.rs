//! The one job form behind create, edit and create-and-execute: every `JobInput` field, the
//! pickers that fill them from the server's look-ups, checks before sending, and the guards that
//! keep the user's input when they leave by accident.

use leptos::prelude::*;
use wasm_bindgen::JsCast;

use super::draft::{is_selenium, problems, Field, JobDraft};
use super::leave_guard::{CancelButton, LeaveGuard};
use super::lookups::{choices, Lookups};
use super::pickers::{FieldError, PickerSelect};
use crate::api::{ApiError, Cycle, JobInput, ANYONE_USER_ID, FRAMEWORKS};
use crate::components::error_notice::ErrorNotice;
use crate::dates;

/// The element id of each field that can be wrong, so a failed check can move focus there.
fn field_id(field: Field) -> &'static str {
    match field {
        Field::Name => "job-name",
        Field::Project => "job-project",
        Field::Release => "job-release",
        Field::Framework => "job-framework",
        Field::Cycle => "job-cycle",
        Field::EndDate => "job-end-date",
    }
}

fn focus(id: &str) {
    if let Some(el) = document()
        .get_element_by_id(id)
        .and_then(|el| el.dyn_into::<web_sys::HtmlElement>().ok())
    {
        let _ = el.focus();
    }
}

/// "Anyone" as the assignee picker's value; the `ANYONE_USER_ID` it stands for is not listed.
const ANYONE: &str = "-10";

fn parse_id(text: &str) -> Option<i64> {
    text.trim().parse().ok()
}

/// A date the server reports as the `yyyy-MM-dd` a date input takes.
fn epoch_to_input_date(ms: Option<i64>) -> Option<String> {
    ms.map(dates::epoch_ms_to_iso)
        .and_then(|iso| iso.get(..10).map(str::to_string))
}

#[component]
pub fn JobForm(
    draft: JobDraft,
    /// The submit button's words, idle and while sending.
    submit_label: &'static str,
    sending_label: &'static str,
    #[prop(into)] sending: Signal<bool>,
    /// The last attempt's failure, shown above the submit button.
    #[prop(into)]
    failure: Signal<Option<ApiError>>,
    /// Leaving now would lose input (the page may know more than the draft, e.g. a file).
    #[prop(into)]
    dirty: Signal<bool>,
    /// Where Cancel goes.
    cancel_to: String,
    /// Called with a checked input; the page sends it.
    on_submit: Callback<JobInput>,
    /// Extra sections before the submit button (the result file of create-and-execute).
    #[prop(optional)]
    children: Option<Children>,
) -> impl IntoView {
    let Lookups {
        projects,
        releases,
        users,
        cycles,
        folders,
    } = Lookups::new(draft);

    // The existing cycle the typed name refers to; none means a new cycle.
    let chosen_cycle = Memo::new(move |_| {
        let name = draft.cycle_name.get();
        let name = name.trim();
        cycles.get().and_then(Result::ok).and_then(|list| {
            list.into_iter()
                .find(|c| c.name.trim().eq_ignore_ascii_case(name))
        })
    });
    let cycle_names = move || {
        cycles
            .get()
            .and_then(Result::ok)
            .unwrap_or_default()
            .into_iter()
            .map(|c: Cycle| view! { <option value=c.name></option> })
            .collect_view()
    };

    // Field messages appear after the first attempt to submit, then follow the typing.
    let attempted = RwSignal::new(false);
    let found = Memo::new(move |_| {
        if attempted.get() {
            problems(&draft.input())
        } else {
            Vec::new()
        }
    });
    let found: Signal<Vec<(Field, &'static str)>> = found.into();
    let invalid = move |field: Field| {
        Signal::derive(move || found.with(|f| f.iter().any(|(x, _)| *x == field)))
    };

    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if sending.get_untracked() {
            return;
        }
        attempted.set(true);
        let input = draft.input_untracked();
        match problems(&input).first() {
            Some((field, _)) => focus(field_id(*field)),
            None => on_submit.run(input),
        }
    };

    // When an existing cycle is picked, offer its dates and drop a phase it does not have.
    let on_cycle_change = move |_| {
        if let Some(cycle) = chosen_cycle.get_untracked() {
            if draft.start_date.with_untracked(String::is_empty) {
                if let Some(date) = epoch_to_input_date(cycle.starts()) {
                    draft.start_date.set(date);
                }
            }
            if draft.end_date.with_untracked(String::is_empty) {
                if let Some(date) = epoch_to_input_date(cycle.ends()) {
                    draft.end_date.set(date);
                }
            }
            let phase = draft.phase.get_untracked();
            if !cycle.cycle_phases.is_empty() && !cycle.cycle_phases.iter().any(|p| p.name == phase)
            {
                draft.phase.set(String::new());
            }
        }
    };

    let framework_choices = Signal::derive(|| {
        Some(Ok(FRAMEWORKS
            .iter()
            .map(|f| (f.to_string(), f.to_string()))
            .collect()))
    });
    let user_choices = choices(users, |u| (u.id.to_string(), u.display_name()));
    let phase_choices = Signal::derive(move || {
        chosen_cycle.get().map(|cycle| {
            Ok(cycle
                .cycle_phases
                .into_iter()
                .map(|p| (p.name.clone(), p.name))
                .collect())
        })
    });
    let cycle_has_phases =
        move || chosen_cycle.with(|c| c.as_ref().is_some_and(|c| !c.cycle_phases.is_empty()));
    let folder_choices = Signal::derive(move || {
        folders.get().map(|result| {
            result.map(|list| {
                list.into_iter()
                    .map(|(id, path, _)| (id.to_string(), path))
                    .collect()
            })
        })
    });
    let pick_folder = Callback::new(move |value: String| {
        let id = parse_id(&value);
        let path = id
            .and_then(|id| {
                folders
                    .get_untracked()
                    .and_then(Result::ok)
                    .and_then(|list| list.into_iter().find(|(f, _, _)| *f == id))
            })
            .map(|(_, path, _)| path)
            .unwrap_or_default();
        draft.folder_id.set(id);
        draft.folder_path.set(path);
    });
    let id_text = |id: RwSignal<Option<i64>>| {
        Signal::derive(move || id.get().map(|i| i.to_string()).unwrap_or_default())
    };

    view! {
        <LeaveGuard dirty=dirty/>
        <form class="card form job-form" on:submit=submit novalidate>
            <fieldset class="form-section">
                <legend>"The job"</legend>
                <div class="field">
                    <label for="job-name">"Name" <span class="required" aria-hidden="true">"*"</span></label>
                    <input id="job-name" type="text" required autocomplete="off"
                        aria-invalid=move || invalid(Field::Name).get().to_string()
                        aria-describedby="job-name-error"
                        bind:value=draft.name/>
                    <FieldError field=Field::Name id="job-name-error" problems=found/>
                </div>
                <div class="field">
                    <label for="job-description">"Description"</label>
                    <textarea id="job-description" rows="3" bind:value=draft.description></textarea>
                </div>
            </fieldset>

            <fieldset class="form-section">
                <legend>"Where results go"</legend>
                <div class="field-row">
                    <div class="field">
                        <label for="job-project">"Project" <span class="required" aria-hidden="true">"*"</span></label>
                        <PickerSelect id="job-project" what="projects" required=true
                            choices=choices(projects, |p| (p.id.to_string(), p.name))
                            selected=id_text(draft.project)
                            placeholder="Choose a project"
                            invalid=invalid(Field::Project) described_by="job-project-error"
                            on_pick=Callback::new(move |v: String| draft.choose_project(parse_id(&v)))
                            on_retry=Callback::new(move |_| projects.refetch())/>
                        <FieldError field=Field::Project id="job-project-error" problems=found/>
                    </div>
                    <div class="field">
                        <label for="job-release">"Release" <span class="required" aria-hidden="true">"*"</span></label>
                        <PickerSelect id="job-release" what="releases" required=true
                            choices=choices(releases, |r| (r.id.to_string(), r.name))
                            selected=id_text(draft.release)
                            placeholder="Choose a release"
                            invalid=invalid(Field::Release) described_by="job-release-error"
                            on_pick=Callback::new(move |v: String| draft.choose_release(parse_id(&v)))
                            on_retry=Callback::new(move |_| releases.refetch())/>
                        <FieldError field=Field::Release id="job-release-error" problems=found/>
                    </div>
                </div>
                <div class="field-row">
                    <div class="field">
                        <label for="job-framework">"Automation framework" <span class="required" aria-hidden="true">"*"</span></label>
                        <PickerSelect id="job-framework" what="frameworks" required=true
                            choices=framework_choices
                            selected=draft.framework
                            placeholder="Choose a framework"
                            invalid=invalid(Field::Framework) described_by="job-framework-error"
                            on_pick=Callback::new(move |v: String| draft.framework.set(v))/>
                        <FieldError field=Field::Framework id="job-framework-error" problems=found/>
                    </div>
                    <div class="field field-check-aligned">
                        <Show when=move || draft.framework.with(|f| is_selenium(f))>
                            <label class="check">
                                <input id="job-create-package" type="checkbox" bind:checked=draft.create_package/>
                                <span>"Create package"</span>
                            </label>
                            <p class="help">"Builds repository folders from the test packages' names."</p>
                        </Show>
                    </div>
                </div>
                <div class="field-row">
                    <div class="field">
                        <label for="job-cycle">"Cycle" <span class="required" aria-hidden="true">"*"</span></label>
                        <input id="job-cycle" type="text" list="job-cycle-options" autocomplete="off" required
                            aria-invalid=move || invalid(Field::Cycle).get().to_string()
                            aria-describedby="job-cycle-help job-cycle-error"
                            bind:value=draft.cycle_name
                            on:change=on_cycle_change/>
                        <datalist id="job-cycle-options">{cycle_names}</datalist>
                        <p id="job-cycle-help" class="help">
                            {move || match (chosen_cycle.get(), draft.cycle_name.with(|n| n.trim().is_empty())) {
                                (Some(_), _) => "An existing cycle of this release.".to_string(),
                                (None, true) => "Pick one of the release's cycles or type a name for a new one.".to_string(),
                                (None, false) => "A new cycle with this name is created on the first run.".to_string(),
                            }}
                        </p>
                        <FieldError field=Field::Cycle id="job-cycle-error" problems=found/>
                    </div>
                    <div class="field">
                        <label for="job-phase">"Phase"</label>
                        {move || if cycle_has_phases() {
                            view! {
                                <PickerSelect id="job-phase" what="phases"
                                    choices=phase_choices selected=draft.phase placeholder="No phase"
                                    on_pick=Callback::new(move |v: String| draft.phase.set(v))/>
                            }.into_any()
                        } else {
                            view! {
                                <input id="job-phase" type="text" autocomplete="off" aria-describedby="job-phase-help" bind:value=draft.phase/>
                                <p id="job-phase-help" class="help">"The phase of the new cycle (optional)."</p>
                            }.into_any()
                        }}
                    </div>
                </div>
                <div class="field-row">
                    <div class="field">
                        <label class="check">
                            <input id="job-reuse" type="checkbox" aria-describedby="job-reuse-help" bind:checked=draft.is_reuse/>
                            <span>"Reuse the same cycle for every run"</span>
                        </label>
                        <p id="job-reuse-help" class="help">"Off: each run creates a fresh cycle, so runs stay apart."</p>
                    </div>
                    <div class="field">
                        <label class="check">
                            <input id="job-time-stamp" type="checkbox" aria-describedby="job-time-stamp-help" bind:checked=draft.time_stamp/>
                            <span>"Append a time stamp to the cycle name"</span>
                        </label>
                        <p id="job-time-stamp-help" class="help">"Tells runs apart by name, e.g. \u{201c}Nightly 2026-03-09 02:00\u{201d}."</p>
                    </div>
                </div>
                <div class="field-row">
                    <div class="field">
                        <label for="job-start-date">"Cycle starts"</label>
                        <input id="job-start-date" type="date" bind:value=draft.start_date/>
                    </div>
                    <div class="field">
                        <label for="job-end-date">"Cycle ends"</label>
                        <input id="job-end-date" type="date"
                            aria-invalid=move || invalid(Field::EndDate).get().to_string()
                            aria-describedby="job-end-date-error"
                            bind:value=draft.end_date/>
                        <FieldError field=Field::EndDate id="job-end-date-error" problems=found/>
                    </div>
                </div>
                <div class="field">
                    <label for="job-folder">"Repository folder"</label>
                    <PickerSelect id="job-folder" what="repository folders"
                        choices=folder_choices selected=id_text(draft.folder_id)
                        current_label=draft.folder_path
                        placeholder="No folder" described_by="job-folder-help"
                        on_pick=pick_folder
                        on_retry=Callback::new(move |_| folders.refetch())/>
                    <p id="job-folder-help" class="help">"The test-repository folder that receives the test cases."</p>
                </div>
            </fieldset>

            <fieldset class="form-section">
                <legend>"People and environment"</legend>
                <div class="field-row">
                    <div class="field">
                        <label for="job-assignee">"Assign results to"</label>
                        <PickerSelect id="job-assignee" what="users"
                            always=(ANYONE, "Anyone")
                            choices=user_choices
                            selected=Signal::derive(move || draft.assignee.get().to_string())
                            on_pick=Callback::new(move |v: String| draft.assignee.set(parse_id(&v).unwrap_or(ANYONE_USER_ID)))
                            on_retry=Callback::new(move |_| users.refetch())/>
                    </div>
                    <div class="field">
                        <label for="job-environment">"Environment"</label>
                        <input id="job-environment" type="text" autocomplete="off" aria-describedby="job-environment-help" bind:value=draft.environment/>
                        <p id="job-environment-help" class="help">"E.g. \u{201c}Chrome on staging\u{201d}; required only where your admin made it so."</p>
                    </div>
                </div>
            </fieldset>

            {children.map(|extra| extra())}

            <div class="form-footer">
                {move || failure.get().map(|error| {
                    let unknown = error.outcome_unknown();
                    view! {
                        <div class="form-failure">
                            <ErrorNotice error=error/>
                            {unknown.then(|| view! {
                                <p class="help form-failure-unknown">"The server may have saved it anyway: look at the job list before sending again."</p>
                            })}
                            <p class="help">"Nothing you typed was lost: correct it or try again."</p>
                        </div>
                    }
                })}
                <div class="form-actions">
                    <button type="submit" class="button button-primary" disabled=move || sending.get()>
                        {move || if sending.get() { sending_label } else { submit_label }}
                    </button>
                    <CancelButton dirty=dirty to=cancel_to/>
                </div>
            </div>
        </form>
    }
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    #[test]
    fn the_anyone_choice_is_the_anyone_user() {
        assert_eq!(super::ANYONE, super::ANYONE_USER_ID.to_string());
    }
}
