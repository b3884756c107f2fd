//! The public path the app is hosted under (`/automation/` behind a proxy, `/` by default).
//!
//! One build flag sets it: `trunk build --public-url /automation/`. The build hook
//! (scripts/externalize_loader.py) writes it into index.html as
//! `<meta name="zephyr-jobs-public-path">`, the router takes it as its base, and every link the
//! app renders goes through [`href`], because leptos_router's `<A>` leaves absolute paths as they
//! are (only `navigate` and `<Redirect>` add the base).

use std::sync::OnceLock;

use leptos::prelude::document;

const PUBLIC_PATH_META: &str = "meta[name=zephyr-jobs-public-path]";

/// The router's base: empty at the root, else the public path without its trailing slash.
pub fn router_base() -> &'static str {
    static BASE: OnceLock<String> = OnceLock::new();
    BASE.get_or_init(|| {
        document()
            .query_selector(PUBLIC_PATH_META)
            .ok()
            .flatten()
            .and_then(|meta| meta.get_attribute("content"))
            .map(|path| path.trim_end_matches('/').to_string())
            .unwrap_or_default()
    })
}

/// A link target for an app path (`/jobs/7`): `/automation/jobs/7` under that base.
pub fn href(path: &str) -> String {
    with_base(router_base(), path)
}

fn with_base(base: &str, path: &str) -> String {
    format!("{base}{path}")
}

/// The app path of a browser path: `/automation/jobs/7` is `/jobs/7` under the base
/// `/automation`. Paths outside the base are returned as they are.
pub fn strip_base<'a>(base: &str, path: &'a str) -> &'a str {
    match path.strip_prefix(base) {
        Some("") if !base.is_empty() => "/",
        Some(rest) if !base.is_empty() && rest.starts_with('/') => rest,
        _ => path,
    }
}

#[cfg(test)]
mod tests {
    use super::{strip_base, with_base};

    #[test]
    fn paths_lose_the_base_they_are_under_and_nothing_else() {
        assert_eq!(strip_base("/automation", "/automation/jobs/7"), "/jobs/7");
        assert_eq!(strip_base("/automation", "/automation"), "/");
        assert_eq!(
            strip_base("/automation", "/automationx/jobs"),
            "/automationx/jobs"
        );
        assert_eq!(strip_base("", "/jobs"), "/jobs");
        assert_eq!(strip_base("/automation", "/jobs"), "/jobs");
    }

    #[test]
    fn links_gain_the_base() {
        assert_eq!(
            with_base("/automation", "/jobs?page=2"),
            "/automation/jobs?page=2"
        );
        assert_eq!(with_base("", "/jobs/7"), "/jobs/7");
    }
}
