//! What every end-to-end test needs: the release `dist/` served by an in-process simulator, a
//! chromedriver on a free loopback port, a fresh headless Chromium, and helpers that read like
//! what a tester does. Everything stops by itself when dropped.
// Shared by every test module and the benchmarks: not each of them uses every helper.
#![allow(dead_code)]

use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use fantoccini::wd::{Capabilities, WebDriverCompatibleCommand};
use fantoccini::{Client, ClientBuilder, Locator};
use serde_json::{json, Value};
use zephyr_sim::{RunningSim, SimConfig};

pub const FULL_TOKEN: &str = "f1d2d2f924e986ac86fdf7b36c94bcdf32beec15";
pub const READONLY_TOKEN: &str = "e242ed3bffccdf271b7fbaf34ed72d089537b42f";
const WAIT: Duration = Duration::from_secs(15);

/// Polls `check` until it gives a value, for at most `within`; on timeout, fails with `what`
/// and the last thing `check` reported. Every wait in the tests goes through here.
pub async fn eventually<T>(
    within: Duration,
    what: &str,
    mut check: impl AsyncFnMut() -> Result<T, String>,
) -> T {
    let deadline = Instant::now() + within;
    loop {
        match check().await {
            Ok(value) => return value,
            Err(last) if Instant::now() >= deadline => panic!("{what}; last seen: {last}"),
            Err(_) => tokio::time::sleep(Duration::from_millis(100)).await,
        }
    }
}

/// The release build the test command makes with `trunk build --release`.
/// `ZJ_DIST` points elsewhere (engineers building in parallel keep separate dists).
pub fn dist_dir() -> PathBuf {
    let dist = std::env::var_os("ZJ_DIST")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("dist"));
    assert!(
        dist.join("index.html").exists(),
        "{} has no index.html: run `trunk build --release` first (scripts/test.sh does)",
        dist.display()
    );
    dist
}

pub fn sim_config() -> SimConfig {
    sim_config_serving(dist_dir())
}

/// The test simulator serving another build of the app.
pub fn sim_config_serving(dist: PathBuf) -> SimConfig {
    SimConfig {
        port: 0,
        speed: 30.0,
        static_dir: Some(dist),
        quiet: true,
        ..SimConfig::default()
    }
}

/// The test-only build with the `/__crash` route, as scripts/test.sh makes it:
/// `trunk build --release --locked --features crash-route --dist target/dist-crash`.
/// `ZJ_CRASH_DIST` points elsewhere.
pub fn crash_dist_dir() -> PathBuf {
    let dist = std::env::var_os("ZJ_CRASH_DIST")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("target/dist-crash"));
    assert!(
        dist.join("index.html").exists(),
        "{} has no index.html: run `trunk build --release --features crash-route --dist {0}` (scripts/test.sh does)",
        dist.display()
    );
    dist
}

/// A simulator serving the app, and a browser pointed at it.
pub struct App {
    pub sim: RunningSim,
    pub browser: Browser,
    /// Where pages are opened: the simulator, or a proxy in front of it with the app's sub-path
    /// (`http://127.0.0.1:PORT/automation`).
    front: String,
    http: reqwest::Client,
    /// Every URL the browser was seen at, for token-hygiene checks.
    pub visited: std::sync::Mutex<Vec<String>>,
}

impl App {
    pub async fn start() -> App {
        Self::start_with(sim_config()).await
    }

    pub async fn start_with(config: SimConfig) -> App {
        let sim = zephyr_sim::start(config).await.expect("simulator starts");
        let browser = Browser::start().await;
        App {
            front: sim.url(),
            sim,
            browser,
            http: reqwest::Client::new(),
            visited: Default::default(),
        }
    }

    /// Opens pages through `front` (origin plus sub-path) instead of the simulator itself.
    pub fn with_pages_at(mut self, front: String) -> App {
        self.front = front.trim_end_matches('/').to_string();
        self
    }

    /// A URL on the simulator (its API and control endpoints).
    pub fn url(&self, path: &str) -> String {
        format!("{}{}", self.sim.url(), path)
    }

    /// The URL of an app page (`/jobs/7`), wherever the app is hosted.
    pub fn page_url(&self, path: &str) -> String {
        format!("{}{}", self.front, path)
    }

    /// Opens `path` as a new document and, once the app has started, returns.
    pub async fn open(&self, path: &str) {
        self.open_before_the_app(path).await;
        self.wait_for_the_app().await;
    }

    /// Opens `path` as a new document and returns as soon as it has loaded, whether the app
    /// has started or not.
    pub async fn open_before_the_app(&self, path: &str) {
        self.browser
            .client
            .goto(&self.page_url(path))
            .await
            .expect("navigate");
        self.note_url().await;
    }

    /// Reloads the page and, once the app has started, returns.
    pub async fn reload(&self) {
        self.browser.client.refresh().await.expect("reload");
        self.wait_for_the_app().await;
    }

    /// On a cold load of the list, `web/first_rows.js` may draw the list's first page before the
    /// app has started: inert rows that look like the app's. A test that goes on at once could
    /// click those, so it waits until the app has taken over. Other pages return at once.
    pub async fn wait_for_the_app(&self) {
        let early =
            "return window.zephyrJobsEarly === true && document.getElementById('boot') !== null";
        eventually(
            WAIT,
            "the app never took over the page",
            async || match self.browser.eval(early).await {
                Value::Bool(false) => Ok(()),
                other => Err(other.to_string()),
            },
        )
        .await;
    }

    pub async fn note_url(&self) {
        if let Ok(url) = self.browser.client.current_url().await {
            self.visited.lock().unwrap().push(url.to_string());
        }
    }

    pub async fn current_path(&self) -> String {
        let url = self.browser.client.current_url().await.expect("url");
        self.visited.lock().unwrap().push(url.to_string());
        let mut path = url.path().to_string();
        if let Some(q) = url.query() {
            path.push('?');
            path.push_str(q);
        }
        path
    }

    /// Signs in through the form, as a user would, and waits for the jobs page.
    pub async fn sign_in(&self, token: &str) {
        self.open("/sign-in").await;
        self.browser.fill("#token", token).await;
        self.browser.click("form button[type=submit]").await;
        self.browser.wait_for(".user-name").await;
        self.note_url().await;
    }

    /// The header still names the signed-in user (a 403 or a refusal must not sign out).
    pub async fn assert_still_signed_in(&self) {
        let user = self.browser.find(".user-name").await;
        assert!(user.is_displayed().await.unwrap(), "still signed in");
    }

    /// Adds a fault rule to the simulator (see `/__sim/faults`).
    pub async fn inject(&self, rule: Value) {
        let res = self
            .http
            .post(format!("{}/__sim/faults", self.sim.url()))
            .json(&rule)
            .send()
            .await
            .expect("fault control answers");
        assert!(res.status().is_success(), "fault rule accepted: {rule}");
    }

    pub async fn clear_faults(&self) {
        self.http
            .delete(format!("{}/__sim/faults", self.sim.url()))
            .send()
            .await
            .expect("fault control answers");
    }

    /// What the simulator's API answers `path` (under `/flex/services/rest/`) with the full
    /// token: the server's own view, asked outside the browser.
    pub async fn api_get(&self, path: &str) -> Value {
        self.api(self.http.get(self.api_url(path)), path).await
    }

    /// What the simulator's API answers a POST of `body` to `path` with the full token: a
    /// change made outside the browser, as another user would.
    pub async fn api_post(&self, path: &str, body: &Value) -> Value {
        self.api(self.http.post(self.api_url(path)).json(body), path)
            .await
    }

    fn api_url(&self, path: &str) -> String {
        self.url(&format!("/flex/services/rest/{path}"))
    }

    async fn api(&self, request: reqwest::RequestBuilder, path: &str) -> Value {
        request
            .bearer_auth(FULL_TOKEN)
            .send()
            .await
            .expect("simulator answers")
            .json()
            .await
            .unwrap_or_else(|e| panic!("{path} answers JSON: {e}"))
    }

    /// The simulator's log of requests received.
    pub async fn requests(&self) -> Vec<Value> {
        self.http
            .get(format!("{}/__sim/requests", self.sim.url()))
            .send()
            .await
            .expect("request log answers")
            .json()
            .await
            .expect("request log is JSON")
    }
}

static BROWSERS: AtomicUsize = AtomicUsize::new(0);

pub struct Browser {
    pub client: Client,
    driver: Child,
    driver_port: u16,
    session_id: String,
    profile: PathBuf,
}

pub fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .expect("a free loopback port")
        .port()
}

impl Browser {
    pub async fn start() -> Browser {
        let profile = std::env::temp_dir().join(format!(
            "zj-e2e-{}-{}",
            std::process::id(),
            BROWSERS.fetch_add(1, Ordering::SeqCst)
        ));
        Self::launch(profile).await
    }

    /// Quits the browser and starts it again on the same profile, as a user closing and
    /// reopening it would: localStorage stays, sessionStorage is gone.
    pub async fn restart(&mut self) {
        let profile = self.profile.clone();
        self.quit();
        // Chromium still shutting down holds the profile (its SingletonLock) and a second one
        // on it exits at once: wait for the lock to go, then clear a stale one.
        let lock = profile.join("SingletonLock");
        let deadline = Instant::now() + WAIT;
        while std::fs::symlink_metadata(&lock).is_ok() && Instant::now() < deadline {
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        for stale in ["SingletonLock", "SingletonSocket", "SingletonCookie"] {
            let _ = std::fs::remove_file(profile.join(stale));
        }
        let fresh = Browser::launch(profile).await;
        let mut old = std::mem::replace(self, fresh);
        // Its profile is the new browser's now.
        old.profile = PathBuf::new();
    }

    /// Starts chromedriver on a free port and a session in headless Chromium. The port is free
    /// when picked but not held: another test's server or browser may take it before
    /// chromedriver binds it (chromedriver then exits, or the session request reaches the
    /// other listener). Such a start is retried on a new port.
    async fn launch(profile: PathBuf) -> Browser {
        let mut last = String::new();
        for _ in 0..3 {
            match Self::try_launch(&profile).await {
                Ok(browser) => return browser,
                Err(why) => {
                    last = why;
                    for stale in ["SingletonLock", "SingletonSocket", "SingletonCookie"] {
                        let _ = std::fs::remove_file(profile.join(stale));
                    }
                }
            }
        }
        panic!("a WebDriver session in headless Chromium: {last}");
    }

    async fn try_launch(profile: &std::path::Path) -> Result<Browser, String> {
        let driver_bin = std::env::var("CHROMEDRIVER").unwrap_or_else(|_| "chromedriver".into());
        let port = free_port();
        let mut driver = Command::new(&driver_bin)
            .arg(format!("--port={port}"))
            .arg("--allowed-ips=127.0.0.1")
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap_or_else(|e| panic!("cannot start {driver_bin}: {e}"));
        let deadline = Instant::now() + WAIT;
        while TcpStream::connect(("127.0.0.1", port)).is_err() {
            if Instant::now() >= deadline || matches!(driver.try_wait(), Ok(Some(_))) {
                let _ = driver.kill();
                let _ = driver.wait();
                return Err(format!("chromedriver did not listen on {port}"));
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        let mut args: Vec<String> = "--headless=new --no-sandbox --disable-gpu \
            --disable-dev-shm-usage --disable-background-networking --disable-component-update \
            --disable-sync --no-first-run --disable-quic --window-size=1280,800"
            .split_whitespace()
            .map(String::from)
            .collect();
        args.push(format!("--user-data-dir={}", profile.display()));
        // More flags for one caller's browser (the benchmark's), space-separated.
        if let Ok(extra) = std::env::var("ZJ_CHROMIUM_ARGS") {
            args.extend(extra.split_whitespace().map(String::from));
        }
        let mut caps = Capabilities::new();
        caps.insert(
            "goog:chromeOptions".into(),
            json!({
                "binary": std::env::var("CHROMIUM").unwrap_or_else(|_| "/usr/bin/chromium".into()),
                "args": args,
            }),
        );
        caps.insert("goog:loggingPrefs".into(), json!({ "browser": "ALL" }));
        let connected = ClientBuilder::rustls()
            .expect("tls config")
            .capabilities(caps)
            .connect(&format!("http://127.0.0.1:{port}"))
            .await;
        let client = match connected {
            Ok(client) => client,
            Err(e) => {
                let _ = driver.kill();
                let _ = driver.wait();
                return Err(format!("port {port}: {e}"));
            }
        };
        let session_id = client.session_id().await.ok().flatten().unwrap_or_default();
        Ok(Browser {
            client,
            driver,
            driver_port: port,
            session_id,
            profile: profile.to_path_buf(),
        })
    }

    pub async fn find(&self, css: &str) -> fantoccini::elements::Element {
        self.client
            .find(Locator::Css(css))
            .await
            .unwrap_or_else(|e| panic!("no element {css}: {e}"))
    }

    /// Waits until an element matching `css` is present.
    pub async fn wait_for(&self, css: &str) -> fantoccini::elements::Element {
        self.client
            .wait()
            .at_most(WAIT)
            .for_element(Locator::Css(css))
            .await
            .unwrap_or_else(|e| panic!("{css} did not appear: {e}"))
    }

    /// Waits until the page's text contains `needle`.
    pub async fn wait_for_text(&self, needle: &str) {
        self.wait_long_for_text(needle, WAIT).await;
    }

    /// Waits until the page's text contains `needle`, for at most `within`.
    pub async fn wait_long_for_text(&self, needle: &str, within: Duration) {
        eventually(
            within,
            &format!("the page never showed {needle:?}"),
            async || {
                let text = self.page_text().await;
                if text.contains(needle) {
                    Ok(())
                } else {
                    Err(format!("\n{text}"))
                }
            },
        )
        .await;
    }

    pub async fn page_text(&self) -> String {
        self.client
            .execute(
                "return document.body ? document.body.innerText : ''",
                vec![],
            )
            .await
            .ok()
            .and_then(|v| v.as_str().map(str::to_string))
            .unwrap_or_default()
    }

    pub async fn text(&self, css: &str) -> String {
        self.wait_for(css).await.text().await.unwrap_or_default()
    }

    pub async fn click(&self, css: &str) {
        self.wait_for(css).await.click().await.expect("click");
    }

    pub async fn fill(&self, css: &str, value: &str) {
        let el = self.wait_for(css).await;
        el.clear().await.expect("clear");
        el.send_keys(value).await.expect("type");
    }

    pub async fn eval(&self, script: &str) -> Value {
        self.client
            .execute(script, vec![])
            .await
            .expect("script runs")
    }

    /// Browser console entries at level SEVERE, except failed resource loads (an HTTP error
    /// status the app handles is not a bug). Reading the log empties it.
    pub async fn console_errors(&self) -> Vec<String> {
        self.console()
            .await
            .into_iter()
            .filter(|(level, msg)| level == "SEVERE" && !msg.contains("Failed to load resource"))
            .map(|(_, msg)| msg)
            .collect()
    }

    /// Every console entry since the last read, as (level, message).
    pub async fn console(&self) -> Vec<(String, String)> {
        let entries = self
            .client
            .issue_cmd(Raw::post("se/log", json!({ "type": "browser" })))
            .await
            .expect("chromedriver returns the browser log");
        entries
            .as_array()
            .into_iter()
            .flatten()
            .map(|e| {
                (
                    e["level"].as_str().unwrap_or_default().to_string(),
                    e["message"].as_str().unwrap_or_default().to_string(),
                )
            })
            .collect()
    }

    /// Makes the page believe it is hidden or visible, the way a browser tab switch does:
    /// `document.hidden`/`visibilityState` change, then `visibilitychange` fires at the document.
    /// (Headless Chromium keeps every tab "visible", and CDP's focus emulation does not touch it.)
    pub async fn set_tab_hidden(&self, hidden: bool) {
        let script = format!(
            "Object.defineProperty(document, 'hidden', {{ configurable: true, get: () => {hidden} }});
             Object.defineProperty(document, 'visibilityState', {{ configurable: true, get: () => '{}' }});
             document.dispatchEvent(new Event('visibilitychange'));
             return document.hidden;",
            if hidden { "hidden" } else { "visible" }
        );
        assert_eq!(self.eval(&script).await, json!(hidden));
    }

    /// From the next page load on, records every `securitypolicyviolation` the page sees
    /// (installed before the page's first script runs); read them with `csp_violations`.
    pub async fn record_csp_violations(&self) {
        self.cdp("Page.enable", json!({})).await;
        self.cdp(
            "Page.addScriptToEvaluateOnNewDocument",
            json!({ "source": "window.__csp = []; document.addEventListener('securitypolicyviolation', e => window.__csp.push(e.violatedDirective + ' ' + e.blockedURI));" }),
        )
        .await;
    }

    /// The violations recorded on the current page (`["recorder missing"]` if not recording).
    pub async fn csp_violations(&self) -> Value {
        self.eval("return window.__csp || ['recorder missing']")
            .await
    }

    /// Sends a Chrome DevTools Protocol command through chromedriver.
    pub async fn cdp(&self, cmd: &str, params: Value) -> Value {
        self.client
            .issue_cmd(Raw::post(
                "goog/cdp/execute",
                json!({ "cmd": cmd, "params": params }),
            ))
            .await
            .unwrap_or_else(|e| panic!("CDP {cmd}: {e}"))
    }

    /// Light or dark, as `prefers-color-scheme` reports it to the page.
    pub async fn color_scheme(&self, scheme: &str) {
        self.cdp(
            "Emulation.setEmulatedMedia",
            json!({ "features": [{ "name": "prefers-color-scheme", "value": scheme }] }),
        )
        .await;
    }

    /// Saves a PNG under target/screenshots/ for a person to look at.
    pub async fn screenshot(&self, name: &str) -> PathBuf {
        let png = self.client.screenshot().await.expect("screenshot");
        let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("target/screenshots");
        std::fs::create_dir_all(&dir).expect("screenshot dir");
        let path = dir.join(format!("{name}.png"));
        std::fs::write(&path, png).expect("write screenshot");
        path
    }
}

impl Drop for Browser {
    fn drop(&mut self) {
        self.quit();
        if !self.profile.as_os_str().is_empty() {
            let _ = std::fs::remove_dir_all(&self.profile);
        }
    }
}

impl Browser {
    /// Ends the WebDriver session so Chromium exits (writing its profile), then stops
    /// chromedriver. Blocking and minimal on purpose: Drop cannot await, and this must run even
    /// when a test panics.
    fn quit(&mut self) {
        let session_id = std::mem::take(&mut self.session_id);
        if !session_id.is_empty() {
            if let Ok(mut s) = TcpStream::connect(("127.0.0.1", self.driver_port)) {
                let _ = s.set_read_timeout(Some(Duration::from_secs(10)));
                let _ = write!(
                    s,
                    "DELETE /session/{session_id} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n"
                );
                let _ = s.read(&mut [0u8; 512]);
            }
        }
        let _ = self.driver.kill();
        let _ = self.driver.wait();
    }
}

/// A WebDriver command fantoccini has no method for.
#[derive(Debug)]
struct Raw {
    path: &'static str,
    body: Value,
}

impl Raw {
    fn post(path: &'static str, body: Value) -> Self {
        Raw { path, body }
    }
}

impl WebDriverCompatibleCommand for Raw {
    fn endpoint(
        &self,
        base_url: &url::Url,
        session_id: Option<&str>,
    ) -> Result<url::Url, url::ParseError> {
        base_url.join(&format!(
            "session/{}/{}",
            session_id.unwrap_or_default(),
            self.path
        ))
    }

    fn method_and_body(&self, _request_url: &url::Url) -> (http::Method, Option<String>) {
        (http::Method::POST, Some(self.body.to_string()))
    }
}

/// axe-core, as the set-up installs it into `tools/` (pinned in tools/package-lock.json).
fn axe_source() -> &'static str {
    static AXE: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    AXE.get_or_init(|| {
        let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
            .join("tools/node_modules/axe-core/axe.min.js");
        std::fs::read_to_string(&path).unwrap_or_else(|e| {
            panic!(
                "{}: {e}; install it with `source scripts/bootstrap.sh && zj_bootstrap` (npm ci in tools/)",
                path.display()
            )
        })
    })
}

/// What a keyboard user presses: each is one key, pressed and released.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Press {
    Tab,
    ShiftTab,
    Enter,
    Space,
    Escape,
    Down,
    Up,
}

// Accessibility: axe-core on the page, keys sent to whatever has focus, and what focus looks like.
impl Browser {
    /// axe-core's violations on the current page (every rule axe runs by default, any impact),
    /// one line each: rule id, impact, help text, and the selectors of the offending nodes.
    /// axe is injected through WebDriver, which the page's content security policy does not
    /// govern, so the app under test is the one users get.
    pub async fn axe_violations(&self) -> Vec<String> {
        if self.eval("return typeof window.axe === 'object'").await != json!(true) {
            self.client
                .execute(&format!("{}\nreturn true;", axe_source()), vec![])
                .await
                .expect("axe-core loads into the page");
        }
        let found = self
            .client
            .execute_async(
                "const done = arguments[arguments.length - 1];
                 axe.run(document, { resultTypes: ['violations'] }).then(
                   r => done(r.violations.map(v => `${v.id} (${v.impact}): ${v.help}\\n` +
                     v.nodes.map(n => `    ${n.target.join(' ')}: ${(n.failureSummary || '').replace(/\\s+/g, ' ')}`).join('\\n'))),
                   e => done([`axe failed: ${e}`]));",
                vec![],
            )
            .await
            .expect("axe runs");
        serde_json::from_value(found).expect("a list of violations")
    }

    /// Fails with every violation axe finds on the current page, named by `what`.
    pub async fn assert_accessible(&self, what: &str) {
        let violations = self.axe_violations().await;
        assert!(
            violations.is_empty(),
            "{what}: {} axe violation(s):\n{}",
            violations.len(),
            violations.join("\n")
        );
    }

    /// Presses one key, sent to whatever has focus (no element is clicked or targeted).
    pub async fn press(&self, key: Press) {
        use fantoccini::actions::{InputSource, KeyAction, KeyActions};
        use fantoccini::key::Key;
        let (modifier, key) = match key {
            Press::Tab => (None, Key::Tab),
            Press::ShiftTab => (Some(Key::Shift), Key::Tab),
            Press::Enter => (None, Key::Enter),
            Press::Space => (None, Key::Space),
            Press::Escape => (None, Key::Escape),
            Press::Down => (None, Key::Down),
            Press::Up => (None, Key::Up),
        };
        let mut actions = KeyActions::new("keyboard".into());
        if let Some(m) = modifier {
            actions = actions.then(KeyAction::Down { value: m.into() });
        }
        actions = actions
            .then(KeyAction::Down { value: key.into() })
            .then(KeyAction::Up { value: key.into() });
        if let Some(m) = modifier {
            actions = actions.then(KeyAction::Up { value: m.into() });
        }
        self.client.perform_actions(actions).await.expect("keys");
    }

    /// Presses `key` with Control (or another modifier) held, e.g. Ctrl+K.
    pub async fn chord(&self, modifier: fantoccini::key::Key, key: char) {
        use fantoccini::actions::{InputSource, KeyAction, KeyActions};
        let actions = KeyActions::new("keyboard".into())
            .then(KeyAction::Down {
                value: modifier.into(),
            })
            .then(KeyAction::Down { value: key })
            .then(KeyAction::Up { value: key })
            .then(KeyAction::Up {
                value: modifier.into(),
            });
        self.client.perform_actions(actions).await.expect("keys");
    }

    /// Presses Tab (or Shift-Tab) until focus is on `css`, checking at every stop that the
    /// focused element is visible and shows that it has focus.
    pub async fn tab_to(&self, css: &str, key: Press) {
        for _ in 0..40 {
            self.press(key).await;
            if let Err(problem) = self.focused().await {
                // Focus may pass the page's heading or the body between pages; anything a user
                // can operate must show its focus.
                if !problem.contains("nothing has focus") {
                    panic!("while tabbing to {css}: {problem}");
                }
            }
            if self.focus_is_on(css).await {
                return;
            }
        }
        panic!("{css} was not reached with {key:?}");
    }

    /// Types `text` on the keyboard into whatever has focus.
    pub async fn type_text(&self, text: &str) {
        use fantoccini::actions::{InputSource, KeyAction, KeyActions};
        let mut actions = KeyActions::new("keyboard".into());
        for c in text.chars() {
            actions = actions
                .then(KeyAction::Down { value: c })
                .then(KeyAction::Up { value: c });
        }
        self.client.perform_actions(actions).await.expect("typing");
    }

    /// The focused element as a tester would describe it: tag, id, classes and text, plus
    /// whether it can be seen. `Err` says what is wrong with it: not visible (no box, outside
    /// the window, or covered by something else, e.g. the sticky header) or without a focus
    /// indicator (`:focus-visible` must match and draw an outline, a shadow or an underline).
    pub async fn focused(&self) -> Result<String, String> {
        let seen = self
            .eval(
                "const el = document.activeElement;
                 if (!el || el === document.body) return { what: 'nothing (body)', problem: 'nothing has focus' };
                 const what = `<${el.tagName.toLowerCase()}${el.id ? '#' + el.id : ''}${el.className && typeof el.className === 'string' ? '.' + el.className.trim().split(/\\s+/).join('.') : ''}> ${(el.innerText || el.value || el.getAttribute('aria-label') || '').trim().slice(0, 60)}`;
                 const r = el.getBoundingClientRect();
                 if (r.width < 1 || r.height < 1) return { what, problem: 'it has no box' };
                 if (r.bottom <= 0 || r.top >= innerHeight || r.right <= 0 || r.left >= innerWidth)
                   return { what, problem: `it is outside the window (${JSON.stringify(r)})` };
                 const hit = document.elementFromPoint(Math.min(r.left + Math.min(r.width / 2, 12), innerWidth - 1), Math.min(Math.max(r.top + Math.min(r.height / 2, 6), 0), innerHeight - 1));
                 if (!hit || !(el === hit || el.contains(hit)))
                   return { what, problem: `it is covered by ${hit ? hit.outerHTML.slice(0, 80) : 'nothing'}` };
                 const s = getComputedStyle(el);
                 const outline = s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) > 0;
                 const shadow = s.boxShadow !== 'none';
                 const underline = s.textDecorationLine.includes('underline');
                 // A date input's focus is on its inner parts, where :focus-visible cannot be read.
                 if (!el.matches(':focus-visible') && !el.matches('input[type=date]:focus-within')) return { what, problem: 'no :focus-visible' };
                 if (!(outline || shadow || underline)) return { what, problem: 'no outline, shadow or underline' };
                 return { what, problem: null };",
            )
            .await;
        let what = seen["what"].as_str().unwrap_or_default().to_string();
        match seen["problem"].as_str() {
            None => Ok(what),
            Some(problem) => Err(format!("{what}: {problem}")),
        }
    }

    /// Whether the focused element matches `css`.
    pub async fn focus_is_on(&self, css: &str) -> bool {
        self.client
            .execute(
                "return !!document.activeElement && document.activeElement.matches(arguments[0]);",
                vec![json!(css)],
            )
            .await
            .ok()
            .and_then(|v| v.as_bool())
            .unwrap_or(false)
    }

    /// Waits until nothing matches `css`.
    pub async fn wait_for_gone(&self, css: &str) {
        eventually(WAIT, &format!("{css} did not go away"), async || match self
            .client
            .find(Locator::Css(css))
            .await
        {
            Ok(_) => Err("still there".to_string()),
            Err(_) => Ok(()),
        })
        .await;
    }

    /// The page's `document.title`, once it equals `expected` (titles follow loading data).
    /// Waits until the page's own title (see [`without_run_counts`]) is `expected`.
    pub async fn wait_for_title(&self, expected: &str) {
        eventually(
            WAIT,
            &format!("the title never became {expected:?}"),
            async || {
                let title = self.client.title().await.unwrap_or_default();
                if without_run_counts(&title) == expected {
                    Ok(())
                } else {
                    Err(title)
                }
            },
        )
        .await;
    }
}

/// The page's own title: without the counts of the runs this tab watches ("(1 running) "), which
/// lead every title while a run is watched (opening 4102's timeline watches its held run).
pub fn without_run_counts(title: &str) -> &str {
    match title
        .strip_prefix('(')
        .and_then(|rest| rest.split_once(") "))
    {
        Some((counts, rest)) if counts.contains("running") || counts.contains("failed") => rest,
        _ => title,
    }
}
