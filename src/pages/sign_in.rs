//! Sign-in: the user pastes a Zephyr API token; the app checks it against `user/current`, keeps
//! it in the session and returns to the page the user came from.

use leptos::prelude::*;
use leptos_router::components::Redirect;
use leptos_router::hooks::use_query_map;

use crate::api::{use_api, ApiError, Undecodable, User};
use crate::components::announcer::Announce;
use crate::page_title::use_page_title;
use crate::routes::Link;
use crate::session::{use_session, SessionEnd};

/// A token as pasted, trimmed; rejects what cannot be a token without guessing its format.
pub fn clean_token(raw: &str) -> Result<String, &'static str> {
    let token = raw.trim();
    if token.is_empty() {
        Err("Paste your API token.")
    } else if token.chars().any(char::is_whitespace) {
        Err("An API token has no spaces or line breaks: check what was pasted.")
    } else {
        Ok(token.to_string())
    }
}

/// Where a signed-in user goes when `next` is missing or not followed.
fn after_sign_in() -> String {
    Link::all_jobs().path()
}

/// A `next` link as the browser's URL parser resolved it against the page's URL: the parts of
/// `new URL(next, location.href)`.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct ResolvedNext<'a> {
    pub origin: &'a str,
    pub pathname: &'a str,
    /// Empty, or starting with `?`.
    pub search: &'a str,
    /// Empty, or starting with `#`.
    pub hash: &'a str,
}

/// The app path to go to after sign-in (the public path stripped, since the router adds it
/// again, with the search and hash kept), or `None` when the link leaves this origin or the
/// app's public path, names the sign-in page, or holds a path the router could read as anything
/// else (`//host`, backslashes, `.`/`..` segments, control characters, even percent-encoded).
/// Pure, so the rule is tested natively; [`safe_next`] feeds it what the browser resolved.
pub fn app_target(next: &ResolvedNext, page_origin: &str, base: &str) -> Option<String> {
    if next.origin != page_origin || page_origin.is_empty() || page_origin == "null" {
        return None;
    }
    let path = under_base(base, next.pathname)?;
    let decoded = fully_decoded(path);
    let ambiguous = !decoded.starts_with('/')
        || decoded.starts_with("//")
        || decoded.contains('\\')
        || decoded.chars().any(char::is_control)
        || decoded
            .split('/')
            .any(|segment| segment == "." || segment == "..");
    let sign_in = decoded
        .trim_end_matches('/')
        .eq_ignore_ascii_case(&Link::SignIn.path());
    let tail_ok = |part: &str, lead: char| {
        (part.is_empty() || part.starts_with(lead))
            && !fully_decoded(part).chars().any(char::is_control)
    };
    if ambiguous || sign_in || !tail_ok(next.search, '?') || !tail_ok(next.hash, '#') {
        return None;
    }
    Some(format!("{path}{}{}", next.search, next.hash))
}

/// The app path of a browser path under the public path `base` (`""` or `/automation`).
fn under_base<'a>(base: &str, pathname: &'a str) -> Option<&'a str> {
    if base.is_empty() {
        return pathname.starts_with('/').then_some(pathname);
    }
    match pathname.strip_prefix(base)? {
        "" => Some("/"),
        rest if rest.starts_with('/') => Some(rest),
        _ => None,
    }
}

/// Percent-decoded until nothing changes (a router or server may decode once more than we
/// think), invalid escapes kept as they are.
fn fully_decoded(text: &str) -> String {
    let mut current = text.to_string();
    for _ in 0..4 {
        let bytes = current.as_bytes();
        let mut out = Vec::with_capacity(bytes.len());
        let mut i = 0;
        while i < bytes.len() {
            let hex = bytes
                .get(i + 1..i + 3)
                .and_then(|h| std::str::from_utf8(h).ok())
                .and_then(|h| u8::from_str_radix(h, 16).ok());
            match (bytes[i], hex) {
                (b'%', Some(byte)) => {
                    out.push(byte);
                    i += 3;
                }
                (byte, _) => {
                    out.push(byte);
                    i += 1;
                }
            }
        }
        let next = String::from_utf8_lossy(&out).into_owned();
        if next == current {
            break;
        }
        current = next;
    }
    current
}

/// Where `next` leads from the page at `page_href`, resolved by the browser's own URL parser,
/// as the app path for the router; the job list when it is not followed.
pub fn resolve_next(next: &str, page_href: &str, base: &str) -> String {
    let target = web_sys::Url::new_with_base(next, page_href)
        .ok()
        .zip(web_sys::Url::new(page_href).ok())
        .and_then(|(url, page)| {
            let (origin, pathname, search, hash) =
                (url.origin(), url.pathname(), url.search(), url.hash());
            let resolved = ResolvedNext {
                origin: &origin,
                pathname: &pathname,
                search: &search,
                hash: &hash,
            };
            app_target(&resolved, &page.origin(), base)
        });
    target.unwrap_or_else(after_sign_in)
}

/// Where to go after sign-in: `next` when it stays in this app, else the job list, so a crafted
/// link cannot send a freshly signed-in user to another site.
pub fn safe_next(next: Option<String>) -> String {
    let href = window().location().href().unwrap_or_default();
    match next {
        Some(next) => resolve_next(&next, &href, crate::public_path::router_base()),
        None => after_sign_in(),
    }
}

fn sign_in_message(error: &ApiError) -> String {
    match error {
        ApiError::Unauthorized => "The server did not accept this token. Check that it was copied whole and has not been revoked.".into(),
        ApiError::Undecodable(Undecodable::Html) => "The answer did not come from Zephyr's API: a web page came back instead. Is the app served behind the Zephyr server?".into(),
        ApiError::Undecodable(_) | ApiError::NotFound => format!("This does not look like a Zephyr server's answer. {error}"),
        other => other.to_string(),
    }
}

#[component]
pub fn SignInPage() -> impl IntoView {
    let session = use_session();
    let api = use_api();
    let query = use_query_map();
    let next = Memo::new(move |_| safe_next(query.with(|q| q.get("next"))));
    use_page_title(|| "Sign in".into());

    let token = RwSignal::new(String::new());
    let reveal = RwSignal::new(false);
    let input_error = RwSignal::new(None::<&'static str>);

    let check = Action::new_local(move |token: &String| {
        let api = api.clone();
        let token = token.clone();
        async move {
            let user: User = api.check_token(&token).await?;
            session.begin(token, &user);
            Ok::<_, ApiError>(())
        }
    });
    let failure = move || {
        check.value().with(|v| {
            v.as_ref()
                .and_then(|r| r.as_ref().err().map(sign_in_message))
        })
    };

    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        match clean_token(&token.get_untracked()) {
            Ok(clean) => {
                input_error.set(None);
                check.dispatch(clean);
            }
            Err(msg) => input_error.set(Some(msg)),
        }
    };

    view! {
        <Show when=move || session.is_signed_in()>
            <Redirect path=next.get_untracked()/>
        </Show>
        <section class="page page-narrow sign-in">
            <h1>"Sign in to Zephyr"</h1>
            {move || (session.ended() == Some(SessionEnd::Expired)).then(|| view! {
                <div class="notice notice-warning" role="status">
                    "Your session ended. Sign in again to continue where you were."
                </div>
            })}
            <form class="card form" on:submit=submit novalidate>
                <label for="token">"API token"</label>
                <div class="input-with-action">
                    <input
                        id="token"
                        type=move || if reveal.get() { "text" } else { "password" }
                        autocomplete="off"
                        autocapitalize="off"
                        spellcheck="false"
                        aria-describedby="token-help"
                        aria-invalid=move || (input_error.get().is_some() || failure().is_some()).to_string()
                        bind:value=token
                    />
                    <button
                        type="button"
                        class="button button-quiet"
                        aria-pressed=move || reveal.get().to_string()
                        on:click=move |_| reveal.update(|r| *r = !*r)
                    >
                        {move || if reveal.get() { "Hide" } else { "Show" }}
                    </button>
                </div>
                <p id="token-help" class="help">
                    "Create a token in Zephyr: open your user menu (top right), choose "
                    <strong>"API Token"</strong>
                    ", generate one and copy it. Zephyr shows it only once. "
                    "It stays in this browser tab only and is forgotten when you sign out or close the tab."
                </p>
                {move || input_error.get().map(|msg| view! { <Announce text=msg alert=true/><p class="field-error">{msg}</p> })}
                {move || failure().map(|msg| view! { <Announce text=msg.clone() alert=true/><p class="field-error">{msg}</p> })}
                <button type="submit" class="button button-primary" disabled=move || check.pending().get()>
                    {move || if check.pending().get() { "Checking\u{2026}" } else { "Sign in" }}
                </button>
            </form>
        </section>
    }
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;

    const HERE: &str = "http://127.0.0.1:8787";

    fn target(
        origin: &str,
        pathname: &str,
        search: &str,
        hash: &str,
        base: &str,
    ) -> Option<String> {
        let next = ResolvedNext {
            origin,
            pathname,
            search,
            hash,
        };
        app_target(&next, HERE, base)
    }

    #[test]
    fn paths_of_this_app_are_followed_with_their_query_and_hash() {
        assert_eq!(
            target(HERE, "/jobs/4100", "?x=1", "#runs", ""),
            Some("/jobs/4100?x=1#runs".into())
        );
        assert_eq!(
            target(HERE, "/automation/jobs/4100", "?x=1", "", "/automation"),
            Some("/jobs/4100?x=1".into())
        );
        assert_eq!(
            target(HERE, "/automation", "", "", "/automation"),
            Some("/".into())
        );
        assert_eq!(
            target(HERE, "/jobs", "?q=a%20b", "", ""),
            Some("/jobs?q=a%20b".into())
        );
    }

    /// What `new URL(next, location.href)` makes of hostile links: each part as the parser
    /// leaves it, and none of them may be followed.
    #[test]
    fn hostile_links_are_never_followed() {
        let hostile: [(&str, &str, &str); 16] = [
            // another origin: `//evil`, `/\evil`, `/\t/evil`, `https://evil`, other ports
            ("http://evil.example", "/", ""),
            ("https://evil.example", "/jobs", ""),
            ("http://127.0.0.1:9999", "/jobs", ""),
            ("https://127.0.0.1:8787", "/jobs", ""),
            // `javascript:`, `data:` and `blob:` URLs have an opaque origin
            ("null", "alert(1)", ""),
            ("null", "text/html,<script>", ""),
            // same origin, but the router could read them as another host or place
            (HERE, "//evil.example/", ""),
            (HERE, "/%2F%2Fevil.example", ""),
            (HERE, "/%2f%2fevil.example", ""),
            (HERE, "/%5Cevil.example", ""),
            (HERE, "/%5C%5Cevil.example", ""),
            (HERE, "/..%2f..%2fevil", ""),
            (HERE, "/jobs/%2e%2e/%2e%2e/x", ""),
            (HERE, "/%252F%252Fevil.example", ""),
            (HERE, "/jobs%09/x", ""),
            // the sign-in page itself
            (HERE, "/sign-in", "?next=/jobs"),
        ];
        for (origin, pathname, search) in hostile {
            assert_eq!(
                target(origin, pathname, search, "", ""),
                None,
                "{origin} {pathname}{search}"
            );
        }
        for (pathname, search) in [
            ("/Sign-In/", ""),
            ("/sign%2Din", ""),
            ("/jobs", "?a=%0A"),
            ("/jobs", "x"),
        ] {
            assert_eq!(
                target(HERE, pathname, search, "", ""),
                None,
                "{pathname}{search}"
            );
        }
        assert_eq!(target(HERE, "/jobs", "", "#%00", ""), None);
        assert_eq!(
            target(HERE, "/jobs", "", "", "/app"),
            None,
            "outside the base"
        );
        assert_eq!(
            target(HERE, "/automationx/jobs", "", "", "/automation"),
            None,
            "a sibling of the base"
        );
        assert_eq!(
            target(HERE, "/automation/..%2F..%2Fevil", "", "", "/automation"),
            None
        );
        assert_eq!(
            app_target(
                &ResolvedNext {
                    origin: "null",
                    pathname: "/jobs",
                    search: "",
                    hash: ""
                },
                "null",
                ""
            ),
            None,
            "an opaque page origin matches nothing"
        );
    }
}
