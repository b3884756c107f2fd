//! The frame around every page: header with the product and the signed-in user, the main area
//! with the live regions every page announces through, and a footer that says which server the
//! app talks to.

use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::{use_location, use_navigate};

use crate::activity::use_activity;
use crate::api::DEFAULT_API_BASE;
use crate::components::announcer::LiveRegions;
use crate::components::toasts::Toasts;
use crate::page_title::focus_heading_after_navigation;
use crate::pages::activity::notify::RunNotifications;
use crate::pages::job::flash::FlashRegion;
use crate::pages::job_form::use_draft_stash;
use crate::public_path::href;
use crate::routes::Link;
use crate::session::use_session;

#[component]
pub fn Shell(children: Children) -> impl IntoView {
    let session = use_session();
    focus_heading_after_navigation();
    failures_seen_on_activity();
    view! {
        <a class="skip-link" href="#main">"Skip to content"</a>
        <header class="app-header">
            <A href=href("/jobs") attr:class="brand">
                <span class="brand-mark" aria-hidden="true">"Z"</span>
                <span class="brand-name">"Zephyr Jobs"</span>
            </A>
            <Show when=move || session.is_signed_in()>
                <nav class="app-nav" aria-label="Main">
                    <A href=href("/jobs")>"Jobs"</A>
                    <ActivityLink/>
                </nav>
            </Show>
            <UserMenu/>
        </header>
        <RunNotifications/>
        <main id="main" class="app-main">
            {children()}
            <FlashRegion/>
            <LiveRegions/>
        </main>
        <Toasts/>
        <footer class="app-footer">
            <span>"Zephyr Enterprise automation jobs"</span>
            <span class="footer-api">"API " <code>{DEFAULT_API_BASE}</code></span>
        </footer>
    }
}

/// "Activity", with the number of runs still going ("Activity, 3 running" to a screen reader).
/// Not a live region: the count changes with every run that starts or ends, and the toasts
/// already say so.
#[component]
fn ActivityLink() -> impl IntoView {
    let running = use_activity().running_count();
    view! {
        <A href=Link::Activity.href() attr:class="nav-activity">
            "Activity"
            <Show when=move || { running.get() > 0 }>
                <span class="nav-count" aria-hidden="true">{move || running.get()}</span>
                <span class="visually-hidden">{move || format!(", {} running", running.get())}</span>
            </Show>
        </A>
    }
}

#[component]
fn UserMenu() -> impl IntoView {
    let session = use_session();
    let navigate = use_navigate();
    let drafts = use_draft_stash();
    let sign_out = move |_| {
        // Signing out by choice keeps nothing the user typed, unlike a session that expired.
        drafts.clear();
        session.sign_out();
        navigate("/sign-in", Default::default());
    };
    view! {
        <div class="user-menu">
            <Show when=move || session.is_signed_in()>
                <span class="user-name" title="Signed in">
                    {move || session.user().map(|u| u.display_name).unwrap_or_default()}
                </span>
                <button type="button" class="button button-quiet" on:click=sign_out.clone()>
                    "Sign out"
                </button>
            </Show>
        </div>
    }
}

/// The title stops counting failed runs once the tester has looked at them on the Activity page
/// (those that fail while it is open are seen there too).
fn failures_seen_on_activity() {
    let activity = use_activity();
    let pathname = use_location().pathname;
    let unseen = activity.unseen_failures();
    Effect::new(move |_| {
        let on_activity = pathname.with(|p| *p == Link::Activity.path());
        if on_activity && unseen.get() > 0 {
            activity.mark_failures_seen(None);
        }
    });
}
