//! The app's root: provides the session, the API client, the tab's run store (`activity`) and the forms' draft stash, declares every route in one place, and
//! frames each page in the shell.

use leptos::prelude::*;
use leptos_router::components::{Redirect, Route, Router, Routes};
use leptos_router::hooks::use_location;
use leptos_router::{path, Lazy};

use crate::activity::Activity;
use crate::api::ApiClient;
use crate::components::shell::Shell;
use crate::lazy_pages::{
    ActivityRoute, CreateAndExecuteRoute, EditJobRoute, JobRoute, NewJobRoute, RunTimelineRoute,
};
use crate::pages::job_form::DraftStash;
use crate::pages::{jobs::JobsPage, sign_in::SignInPage};
use crate::poller::Scheduler;
use crate::public_path::{href, router_base, strip_base};
use crate::routes::Link;
use crate::session::{use_session, Session};

#[component]
pub fn App() -> impl IntoView {
    let session = Session::restore();
    provide_context(session);
    let api = ApiClient::new(session);
    let activity = Activity::new(session);
    provide_context(api.clone());
    provide_context(activity);
    provide_context(Scheduler::new(api, Some(activity)));
    provide_context(DraftStash::new());

    view! {
        <Router base=router_base()>
            <Shell>
                <Routes fallback=crate::crash::routes_fallback>
                    <Route path=path!("/") view=|| view! { <Redirect path=Link::all_jobs().path()/> }/>
                    <Route path=path!("/sign-in") view=SignInPage/>
                    <Route path=path!("/jobs") view=|| view! { <RequireSession><JobsPage/></RequireSession> }/>
                    <Route path=path!("/jobs/new") view={Lazy::<NewJobRoute>::new()}/>
                    <Route path=path!("/jobs/new/execute") view={Lazy::<CreateAndExecuteRoute>::new()}/>
                    <Route path=path!("/jobs/:id") view={Lazy::<JobRoute>::new()}/>
                    <Route path=path!("/jobs/:id/edit") view={Lazy::<EditJobRoute>::new()}/>
                    <Route path=path!("/jobs/:id/run") view={Lazy::<RunTimelineRoute>::new()}/>
                    <Route path=path!("/activity") view={Lazy::<ActivityRoute>::new()}/>
                </Routes>
            </Shell>
        </Router>
    }
}

/// Shows its children only while signed in; otherwise sends the user to sign in and remembers
/// where they were, so they come back to the same page.
#[component]
pub fn RequireSession(children: ChildrenFn) -> impl IntoView {
    let session = use_session();
    let location = use_location();
    move || {
        if session.is_signed_in() {
            children().into_any()
        } else {
            // The browser's path, base included: sign-in resolves `next` against its own URL as
            // the browser would, and hands the router the app path. The router keeps the query
            // without its "?".
            let search = location.search.get_untracked();
            let here = format!(
                "{}{}{search}",
                href(strip_base(
                    router_base(),
                    &location.pathname.get_untracked()
                )),
                if search.is_empty() || search.starts_with('?') {
                    ""
                } else {
                    "?"
                }
            );
            view! { <Redirect path=Link::SignInThen(here).path()/> }.into_any()
        }
    }
}
