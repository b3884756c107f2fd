//! The pages a first load of the job list does not need, each fetched when first opened.
//!
//! With the `split` feature (on by default, so every Trunk build has it), each page's view is a
//! split function (`wasm_split`, what Leptos' `#[lazy]` builds on, here with its `fallible`
//! option): `scripts/split_wasm.py` cuts its code out of the main wasm into a chunk of its own,
//! loaded the first time the router opens the page (Leptos' `LazyRoute`). Without the feature,
//! the same routes render at once from the one wasm.

use leptos::prelude::*;
use leptos_router::LazyRoute;

use crate::app::RequireSession;
use crate::page_title::use_page_title;
use crate::pages::activity::ActivityPage;
use crate::pages::job::JobPage;
use crate::pages::job_form::{CreateAndExecutePage, EditJobPage, NewJobPage};
use crate::pages::run_timeline::RunTimelinePage;

/// Declares `$name`, an async function that answers `$body` (of type `$ret`), and `$preload`,
/// which fetches its code ahead. With the `split` feature `$name` is a split function named
/// after itself (`wasm_split` with `fallible`): its code, and the code only it uses, go to a
/// wasm chunk loaded on its first call, and a chunk that cannot be fetched is an `Err`, not a
/// panic. Without the feature both answer at once from the one wasm.
macro_rules! split_fn {
    ($vis:vis fn $name:ident($($arg:ident: $ty:ty),*) -> $ret:ty; preload $preload:ident => $body:expr) => {
        #[cfg(feature = "split")]
        #[::leptos::wasm_split::wasm_split(
            $name,
            wasm_split_path = ::leptos::wasm_split,
            fallible,
            preload($preload)
        )]
        $vis fn $name($($arg: $ty),*) -> Result<$ret, ::leptos::wasm_split::SplitLoaderError> {
            Ok($body)
        }

        #[cfg(not(feature = "split"))]
        $vis async fn $name($($arg: $ty),*) -> Result<$ret, ::std::convert::Infallible> {
            Ok($body)
        }

        #[cfg(not(feature = "split"))]
        $vis async fn $preload() -> Result<(), ::std::convert::Infallible> {
            Ok(())
        }
    };
}
pub(crate) use split_fn;

/// `split_fn!` for a view: `$view` renders `$body` as an `AnyView`.
macro_rules! split_view {
    ($vis:vis fn $view:ident($($arg:ident: $ty:ty),*) preload $preload:ident => $body:expr) => {
        $crate::lazy_pages::split_fn!(
            $vis fn $view($($arg: $ty),*) -> ::leptos::prelude::AnyView;
            preload $preload => ::leptos::prelude::IntoAny::into_any($body)
        );
    };
}
pub(crate) use split_view;

/// A route whose view is loaded on first use: `$route` for `Lazy::<$route>::new()`, `$view` the
/// split function that renders `$page` inside `RequireSession`, and names its wasm chunk;
/// `$preload` fetches that chunk ahead. Every route it declares must be in the router: the
/// main wasm imports a loader for each split function, and wasm-split writes none for a
/// function nothing reaches (the app would not start: a `LinkError`).
macro_rules! lazy_page {
    ($(#[$doc:meta])* $route:ident, $view:ident, $preload:ident, $page:ident) => {
        lazy_page!($(#[$doc])* $route, $view, $preload,
            view! { <RequireSession><$page/></RequireSession> });
    };
    ($(#[$doc:meta])* $route:ident, $view:ident, $preload:ident, $body:expr) => {
        $(#[$doc])*
        pub struct $route;

        impl LazyRoute for $route {
            fn data() -> Self {
                $route
            }

            async fn view(_: Self) -> AnyView {
                match $view().await {
                    Ok(page) => {
                        prefetch_when_idle();
                        page
                    }
                    Err(_) => view! { <PageLoadFailed/> }.into_any(),
                }
            }
        }

        split_view!(fn $view() preload $preload => $body);
    };
}

/// What a lazily loaded dialog shows: the view `loading` gives, or, when its code cannot be
/// fetched, nothing but an alert saying that `what` could not be opened, and `close` is called
/// so the dialog's opener is as it was.
pub async fn open_dialog<E>(
    loading: impl std::future::Future<Output = Result<AnyView, E>>,
    what: &'static str,
    close: impl FnOnce(),
) -> AnyView {
    match loading.await {
        Ok(dialog) => dialog,
        Err(_) => {
            crate::components::announcer::announce_alert(code_not_fetched(&format!(
                "{what} could not be opened"
            )));
            close();
            ().into_any()
        }
    }
}

/// What failed (`failed`, e.g. "The palette could not be opened") because a chunk's code could
/// not be fetched, and what the user can do about it.
pub fn code_not_fetched(failed: &str) -> String {
    format!(
        "{failed}: the app could not fetch its code (the network may be down, or the server has \
         a newer version of Zephyr Jobs: reload the page)."
    )
}

/// Fetches every lazily loaded page's code, the dialogs' (bulk edit, palette, shortcut sheet)
/// and the export's, in idle time, so that a page or a dialog opened later does not wait for
/// the network. Called when a page has drawn its data (the job list) or its own code (a lazily
/// loaded page): after the first load's critical path, never on it. Once per tab; a chunk that
/// fails here is fetched again when it is first used.
pub fn prefetch_when_idle() {
    thread_local! {
        static STARTED: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
    }
    if STARTED.with(|started| started.replace(true)) {
        return;
    }
    // Without the `split` feature every preload is a no-op. Each chunk waits for an idle
    // moment of its own, so fetching and instantiating them stays out of the way of a search
    // typed while they come (P3 measured it: README, round 12 of #15).
    macro_rules! each_when_idle {
        ($($preload:expr),* $(,)?) => {
            $(
                idle().await;
                // An `Err` is already on the console; the chunk is fetched again on first use.
                let _ = $preload.await;
            )*
        };
    }
    leptos::task::spawn_local(async {
        // What the list itself may show next, then the most likely next page.
        each_when_idle!(
            crate::poller::preload_poll_loop(),
            crate::components::toasts::preload(),
            crate::components::run_jobs::preload_start_runs(),
            crate::pages::jobs::preload_delete_jobs(),
            crate::pages::jobs::preload_export(),
            preload_job_view(),
            preload_run_timeline_view(),
            preload_edit_job_view(),
            preload_new_job_view(),
            preload_create_and_execute_view(),
            preload_activity_view(),
            crate::pages::jobs::preload_bulk_edit(),
            crate::shortcuts::preload_palette(),
            crate::shortcuts::preload_sheet(),
        );
    });
}

/// Resolves when the browser is next idle (`requestIdleCallback`).
async fn idle() {
    let idle = js_sys::Promise::new(&mut |resolve, _| {
        request_idle_callback(move || {
            let _ = resolve.call0(&wasm_bindgen::JsValue::NULL);
        });
    });
    let _ = wasm_bindgen_futures::JsFuture::from(idle).await;
}

/// A page whose code could not be fetched: the browser lost the network, or the server was
/// updated since this tab loaded and no longer has it. Reloading gets the current app.
#[component]
fn PageLoadFailed() -> impl IntoView {
    use_page_title(|| "Page not loaded".into());
    view! {
        <section class="page page-narrow empty-state">
            <h1>"This page could not be loaded"</h1>
            <p>
                "The app could not fetch this page's code: the network may be down, or the server "
                "has a newer version of Zephyr Jobs since this tab opened."
            </p>
            <button type="button" class="button button-primary" on:click=|_| {
                let _ = window().location().reload();
            }>"Reload"</button>
        </section>
    }
}

lazy_page!(
    /// `/jobs/:id`
    JobRoute,
    job_view,
    preload_job_view,
    JobPage
);
lazy_page!(
    /// `/jobs/new`
    NewJobRoute,
    new_job_view,
    preload_new_job_view,
    NewJobPage
);
lazy_page!(
    /// `/jobs/new/execute`
    CreateAndExecuteRoute,
    create_and_execute_view,
    preload_create_and_execute_view,
    CreateAndExecutePage
);
lazy_page!(
    /// `/jobs/:id/edit`
    EditJobRoute,
    edit_job_view,
    preload_edit_job_view,
    EditJobPage
);
lazy_page!(
    /// `/jobs/:id/run`
    RunTimelineRoute,
    run_timeline_view,
    preload_run_timeline_view,
    RunTimelinePage
);
lazy_page!(
    /// `/activity`
    ActivityRoute,
    activity_view,
    preload_activity_view,
    ActivityPage
);
