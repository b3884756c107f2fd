//! The small building blocks of the job form: a select filled from a look-up, and a field's
//! error line. The form composes them; they know nothing about jobs.

use leptos::prelude::*;

use super::draft::Field;
use crate::api::ApiError;
use crate::components::announcer::Announce;

/// A look-up turned into `(value, label)` pairs; `None` while it loads.
pub type Choices = Option<Result<Vec<(String, String)>, ApiError>>;

/// A `<select>` whose options come from a look-up. The chosen value lives in the caller's
/// signal, so a list that fails or reloads never loses it: a value the list does not (yet)
/// contain is kept as an option of its own.
#[component]
pub fn PickerSelect(
    id: &'static str,
    #[prop(into)] choices: Signal<Choices>,
    #[prop(into)] selected: Signal<String>,
    /// The empty choice's text, e.g. "Choose a release"; without it there is no empty choice.
    #[prop(optional)]
    placeholder: Option<&'static str>,
    /// A choice offered whatever the look-up does (e.g. "Anyone"), as `(value, label)`.
    #[prop(optional)]
    always: Option<(&'static str, &'static str)>,
    /// How to name a chosen value the list does not contain (defaults to the value itself).
    #[prop(optional, into)]
    current_label: Option<Signal<String>>,
    /// What the list is, for "Could not load releases".
    what: &'static str,
    #[prop(optional, into)] invalid: Signal<bool>,
    #[prop(optional)] described_by: Option<&'static str>,
    #[prop(optional)] required: bool,
    on_pick: Callback<String>,
    #[prop(optional)] on_retry: Option<Callback<()>>,
) -> impl IntoView {
    // The chosen value as an option of its own, while the list cannot show it.
    let kept = move |current: String, loading: bool| {
        let label = if loading {
            "Loading\u{2026}".to_string()
        } else {
            current_label
                .map(|l| l.get())
                .filter(|l| !l.trim().is_empty())
                .unwrap_or_else(|| current.clone())
        };
        view! { <option value=current selected>{label}</option> }
    };
    let options = move || {
        let current = selected.get();
        let listed_always = always.is_some_and(|(value, _)| value == current);
        match choices.get() {
            None => (!listed_always).then(|| kept(current, true)).into_any(),
            Some(Err(_)) => {
                // Keep the value so submitting still sends what the user (or the job) had.
                (!current.is_empty() && !listed_always)
                    .then(|| kept(current, false))
                    .into_any()
            }
            Some(Ok(list)) => {
                let missing = !current.is_empty()
                    && !listed_always
                    && !list.iter().any(|(v, _)| *v == current);
                view! {
                    {missing.then(|| kept(current.clone(), false))}
                    {list.into_iter().map(|(value, label)| {
                        let is_selected = value == current;
                        view! { <option value=value prop:selected=is_selected>{label}</option> }
                    }).collect_view()}
                }
                .into_any()
            }
        }
    };
    let failure = move || {
        choices.with(|c| match c {
            Some(Err(error)) => Some(error.to_string()),
            _ => None,
        })
    };
    view! {
        <select
            id=id
            required=required
            aria-invalid=move || invalid.get().to_string()
            aria-describedby=described_by
            on:change=move |ev| on_pick.run(event_target_value(&ev))
        >
            {placeholder.map(|text| view! {
                <option value="" prop:selected=move || selected.with(String::is_empty)>{text}</option>
            })}
            {always.map(|(value, label)| view! {
                <option value=value prop:selected=move || selected.with(|s| s == value)>{label}</option>
            })}
            {options}
        </select>
        {move || failure().map(|message| view! {
            <Announce text=format!("Could not load {what}: {message}") alert=true/>
            <p class="field-error lookup-error">
                {format!("Could not load {what}: {message}")}
                {on_retry.map(|retry| view! {
                    <button type="button" class="button button-quiet" on:click=move |_| retry.run(())>
                        "Retry"
                    </button>
                })}
            </p>
        })}
    }
}

/// The message for `field`, when the last check found one.
#[component]
pub fn FieldError(
    field: Field,
    id: &'static str,
    #[prop(into)] problems: Signal<Vec<(Field, &'static str)>>,
) -> impl IntoView {
    move || {
        problems.with(|found| {
            found
                .iter()
                .find(|(f, _)| *f == field)
                .map(|(_, message)| view! { <p class="field-error" id=id>{*message}</p> })
        })
    }
}
