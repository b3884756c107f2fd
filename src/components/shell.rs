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
use crate::routes::Link;
use crate::session::use_session;
use crate::shortcuts::{provide_keyboard, use_keyboard, KeyboardLayer};

#[component]
pub fn Shell(children: Children) -> impl IntoView {
    let session = use_session();
    focus_heading_after_navigation();
    provide_keyboard();
    let keyboard = use_keyboard();
    failures_seen_on_activity();
    view! {
        <a class="skip-link" href="#main">"Skip to content"</a>
        <header class="app-header">
            <A href=Link::all_jobs().href() attr:class="brand">
                <span class="brand-mark" aria-hidden="true">"Z"</span>
                <span class="brand-name">"Zephyr Jobs"</span>
            </A>
            <Show when=move || session.is_signed_in()>
                <nav class="app-nav" aria-label="Main">
                    <A href=Link::all_jobs().href()>"Jobs"</A>
                    <ActivityLink/>
                </nav>
                <button type="button" class="button go-to-button" on:click=move |_| keyboard.palette_open.set(true)>
                    "Go to\u{2026}" <kbd class="go-to-key" aria-hidden="true">"Ctrl K"</kbd>
                </button>
            </Show>
            <UserMenu/>
        </header>
        <RunNotifications/>
        <main id="main" class="app-main">
            {children()}
            <FlashRegion/>
            <LiveRegions/>
        </main>
        <Show when=move || session.is_signed_in()>
            <KeyboardLayer/>
        </Show>
        <Toasts/>
        <footer class="app-footer">
            <span>"Zephyr Enterprise automation jobs"</span>
            <Show when=move || session.is_signed_in()>
                <button type="button" class="shortcut-hint" on:click=move |_| keyboard.sheet_open.set(true)>
                    "Press " <kbd>"?"</kbd> " for shortcuts"
                </button>
            </Show>
            <span class="footer-api">"API " <code>{DEFAULT_API_BASE}</code></span>
        </footer>
    }
}

/// Signs out by choice (the header's button, the palette's command).
pub fn use_sign_out() -> impl Fn() + Clone + 'static {
    let session = use_session();
    let navigate = use_navigate();
    let drafts = use_draft_stash();
    move || {
        // Signing out by choice keeps nothing the user typed, unlike a session that expired.
        drafts.clear();
        session.sign_out();
        navigate(&Link::SignIn.path(), Default::default());
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
    let sign_out = use_sign_out();
    let sign_out = move |_| sign_out();
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
