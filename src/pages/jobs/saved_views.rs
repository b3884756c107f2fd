//! Saved views beside the list's filters: "Save view" names the current query; the menu opens,
//! renames, deletes a view and chooses the default one, which `/jobs` without a query opens.

use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::{use_location, use_navigate};
use leptos_router::NavigateOptions;

use crate::job_query::JobQuery;
use crate::routes::Link;
use crate::saved_views::{parse_query, use_views};

/// Sends `/jobs` without a query to the default view, when one is chosen (on arrival and when a
/// link such as the header's "Jobs" leads back to the bare list).
pub fn use_default_view() {
    let views = use_views();
    let location = use_location();
    let navigate = use_navigate();
    Effect::new(move |_| {
        let bare = location.search.with(String::is_empty)
            && location
                .pathname
                .with(|p| p.trim_end_matches('/').ends_with("/jobs"));
        if !bare {
            return;
        }
        if let Some(query) = views.get().default_query() {
            let options = NavigateOptions {
                replace: true,
                ..Default::default()
            };
            navigate(&Link::Jobs(query).path(), options);
        }
    });
}

#[component]
pub fn SavedViewsMenu(query: Memo<JobQuery>) -> impl IntoView {
    let views = use_views();
    let saving = RwSignal::new(false);
    let renaming = RwSignal::new(None::<String>);
    let problem = RwSignal::new(None::<String>);
    let said = RwSignal::new(String::new());

    let save = Callback::new(move |chosen: String| {
        let chosen = chosen.trim().to_string();
        if chosen.is_empty() {
            problem.set(Some("A view needs a name.".into()));
            return;
        }
        views.update(|v| v.save(&chosen, &query.get_untracked()));
        problem.set(None);
        saving.set(false);
        said.set(format!("View \u{201c}{chosen}\u{201d} saved."));
    });
    let rename = Callback::new(move |to: String| {
        let Some(from) = renaming.get_untracked() else {
            return;
        };
        let mut outcome = Ok(());
        views.update(|v| outcome = v.rename(&from, &to));
        match outcome {
            Ok(()) => {
                problem.set(None);
                renaming.set(None);
                said.set(format!("Renamed to \u{201c}{}\u{201d}.", to.trim()));
            }
            Err(why) => problem.set(Some(why)),
        }
    });
    let count = move || views.get().views.len();
    let menu = NodeRef::<leptos::html::Details>::new();
    // Choosing a view closes the menu, as a menu does.
    let close_menu = move |_| {
        if let Some(menu) = menu.get_untracked() {
            menu.set_open(false);
        }
    };

    view! {
        <div class="saved-views">
            <Show
                when=move || saving.get()
                fallback=move || view! {
                    <button type="button" class="button save-view" on:click=move |_| { problem.set(None); saving.set(true); }>"Save view"</button>
                }
            >
                <NameForm
                    class="save-view-form"
                    label="View name"
                    submit="Save"
                    initial=String::new()
                    on_submit=save
                    on_cancel=Callback::new(move |_| saving.set(false))
                />
            </Show>
            <details class="views-menu" node_ref=menu>
                <summary class="button">"Saved views " <span class="views-count">{move || format!("({})", count())}</span></summary>
                <div class="views-panel">
                    <Show when=move || count() == 0>
                        <p class="muted">"No saved views yet: \u{201c}Save view\u{201d} keeps the current search, filters and sort."</p>
                    </Show>
                    <ul class="views-list">
                        {move || {
                            let all = views.get();
                            let default = all.default.clone();
                            all.views.into_iter().map(|view| {
                                let is_default = default.as_deref() == Some(view.name.as_str());
                                let view_name = StoredValue::new(view.name.clone());
                                let href = Link::Jobs(parse_query(&view.query)).href();
                                let editing = move || renaming.with(|r| r.as_deref() == Some(view_name.get_value().as_str()));
                                view! {
                                    <li class="saved-view" class:default-view=is_default>
                                        <Show
                                            when=editing
                                            fallback=move || view! {
                                                <A href=href.clone() attr:class="saved-view-link wrap-anywhere" on:click=close_menu>{view_name.get_value()}</A>
                                                {is_default.then(|| view! { <span class="default-mark">"default"</span> })}
                                                <span class="saved-view-actions">
                                                    <button type="button" class="button button-quiet" on:click=move |_| {
                                                        problem.set(None);
                                                        renaming.set(Some(view_name.get_value()));
                                                    }>"Rename"<span class="visually-hidden">{format!(" {}", view_name.get_value())}</span></button>
                                                    <button type="button" class="button button-quiet" aria-pressed=is_default.to_string() on:click=move |_| {
                                                        views.update(|v| v.set_default((!is_default).then(|| view_name.get_value()).as_deref()));
                                                    }>"Default"<span class="visually-hidden">{format!(" view: {}", view_name.get_value())}</span></button>
                                                    <button type="button" class="button button-quiet" on:click=move |_| {
                                                        views.update(|v| v.delete(&view_name.get_value()));
                                                        said.set(format!("View \u{201c}{}\u{201d} deleted.", view_name.get_value()));
                                                    }>"Delete"<span class="visually-hidden">{format!(" {}", view_name.get_value())}</span></button>
                                                </span>
                                            }
                                        >
                                            <NameForm
                                                class="rename-view-form"
                                                label="New name"
                                                submit="Rename"
                                                initial=view_name.get_value()
                                                on_submit=rename
                                                on_cancel=Callback::new(move |_| renaming.set(None))
                                            />
                                        </Show>
                                    </li>
                                }
                            }).collect_view()
                        }}
                    </ul>
                </div>
            </details>
            {move || problem.get().map(|p| view! { <p class="notice notice-error save-view-problem" role="alert">{p}</p> })}
            <p class="visually-hidden" role="status">{move || said.get()}</p>
        </div>
    }
}

/// A one-field form for a view's name, focused (its text selected) when it appears.
#[component]
fn NameForm(
    class: &'static str,
    label: &'static str,
    submit: &'static str,
    initial: String,
    on_submit: Callback<String>,
    on_cancel: Callback<()>,
) -> impl IntoView {
    let text = RwSignal::new(initial.clone());
    let input_ref = NodeRef::<leptos::html::Input>::new();
    input_ref.on_load(|input| {
        let _ = input.focus();
        input.select();
    });
    let send = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        on_submit.run(text.get_untracked());
    };
    view! {
        <form class=class on:submit=send>
            <label class="picker">
                <span>{label}</span>
                // A plain `value`: a reactive one would be set again after the text is selected.
                <input type="text" class="view-name" node_ref=input_ref maxlength="80" value=initial on:input=move |ev| text.set(event_target_value(&ev))/>
            </label>
            <button type="submit" class="button button-primary">{submit}</button>
            <button type="button" class="button button-quiet" on:click=move |_| on_cancel.run(())>"Cancel"</button>
        </form>
    }
}
