//! The shipped nginx configuration (deploy/nginx/zephyr-jobs.conf), run for real: Debian's nginx
//! on a free loopback port serves the build made for `/automation/` and proxies `/flex/` to the
//! simulator. A user's whole journey goes through it under the strict CSP, and every route
//! survives a deep link and a reload.

use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::Duration;

use serde_json::json;
use zephyr_sim::SimConfig;

use crate::job_page::{choose, value_of, wait_for_path};
use crate::support::{eventually, free_port, sim_config, App, FULL_TOKEN};

const SUB_PATH: &str = "/automation";
/// Debian's libnginx-mod-http-brotli-static.
const BROTLI_STATIC: &str = "/usr/lib/nginx/modules/ngx_http_brotli_static_module.so";

/// The release build made for the sub-path, as scripts/test.sh makes it:
/// `trunk build --release --public-url /automation/ --dist target/dist-automation`.
fn sub_path_dist() -> PathBuf {
    let dist = std::env::var_os("ZJ_SUBPATH_DIST")
        .map(PathBuf::from)
        .unwrap_or_else(|| {
            PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("target/dist-automation")
        });
    let index = std::fs::read_to_string(dist.join("index.html")).unwrap_or_else(|_| {
        panic!(
            "{} has no index.html: run `trunk build --release --public-url /automation/ --dist {0}` (scripts/test.sh does)",
            dist.display()
        )
    });
    assert!(
        index.contains(r#"<meta name="zephyr-jobs-public-path" content="/automation/" />"#),
        "{} was not built for /automation/",
        dist.display()
    );
    dist
}

fn nginx_binary() -> String {
    std::env::var("NGINX").unwrap_or_else(|_| {
        ["/usr/sbin/nginx", "/usr/local/sbin/nginx"]
            .into_iter()
            .find(|p| Path::new(p).exists())
            .unwrap_or("nginx")
            .to_string()
    })
}

/// The shipped file with only the lines it marks "changed by the test" pointed at this test.
fn shipped_config(port: u16, upstream: &str, root: &Path) -> String {
    let shipped = std::fs::read_to_string(
        PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("deploy/nginx/zephyr-jobs.conf"),
    )
    .expect("deploy/nginx/zephyr-jobs.conf");
    let mut config = shipped.clone();
    for (from, to) in [
        (
            "server 127.0.0.1:8080;".to_string(),
            format!("server {upstream};"),
        ),
        (
            "listen 80;".to_string(),
            format!("listen 127.0.0.1:{port};"),
        ),
        (
            "root /srv/zephyr-jobs;".to_string(),
            format!("root {};", root.display()),
        ),
    ] {
        assert_eq!(
            config.matches(&from).count(),
            1,
            "the shipped config has one `{from}`"
        );
        config = config.replace(&from, &to);
    }
    config
}

/// nginx running the shipped configuration; stopped when dropped.
struct Nginx {
    process: Child,
    port: u16,
    dir: PathBuf,
}

impl Nginx {
    async fn start(upstream: &str) -> Nginx {
        let port = free_port();
        let dir = std::env::temp_dir().join(format!("zj-nginx-{}-{port}", std::process::id()));
        std::fs::create_dir_all(dir.join("www")).expect("nginx work dir");
        // The app's files at <root>/automation/, as the shipped config expects them.
        let dist = sub_path_dist().canonicalize().expect("dist path");
        let _ = std::fs::remove_file(dir.join("www/automation"));
        std::os::unix::fs::symlink(&dist, dir.join("www/automation")).expect("link the dist");
        std::fs::write(
            dir.join("zephyr-jobs.conf"),
            shipped_config(port, &upstream.replace("http://", ""), &dir.join("www")),
        )
        .expect("write config");
        // The main file a distribution would have, made for a throw-away, unprivileged run.
        let root_user = std::fs::read_to_string("/proc/self/status")
            .map(|s| s.lines().any(|l| l.starts_with("Uid:\t0\t")))
            .unwrap_or(false);
        // The brotli_static module the shipped config uses, where Debian's package puts it
        // (its nginx.conf loads it through modules-enabled/, relative to a prefix this run lacks).
        let main = format!(
            "{user}load_module {BROTLI_STATIC};\ndaemon off;\nmaster_process off;\npid {d}/nginx.pid;\nerror_log {d}/error.log warn;\n\
             events {{ worker_connections 256; }}\n\
             http {{\n  include /etc/nginx/mime.types;\n  default_type application/octet-stream;\n\
             access_log {d}/access.log;\n  client_body_temp_path {d}/body;\n  proxy_temp_path {d}/proxy;\n\
             fastcgi_temp_path {d}/fastcgi;\n  uwsgi_temp_path {d}/uwsgi;\n  scgi_temp_path {d}/scgi;\n\
             include {d}/zephyr-jobs.conf;\n}}\n",
            user = if root_user { "user root;\n" } else { "" },
            d = dir.display()
        );
        std::fs::write(dir.join("nginx.conf"), main).expect("write nginx.conf");
        let bin = nginx_binary();
        let check = Command::new(&bin)
            .args(["-t", "-p"])
            .arg(&dir)
            .arg("-c")
            .arg(dir.join("nginx.conf"))
            .arg("-e")
            .arg(dir.join("error.log"))
            .output()
            .unwrap_or_else(|e| panic!("cannot run {bin} (scripts/bootstrap.sh installs it): {e}"));
        assert!(
            check.status.success(),
            "nginx -t refuses the config (scripts/bootstrap.sh installs libnginx-mod-http-brotli-static):\n{}",
            String::from_utf8_lossy(&check.stderr)
        );
        let process = Command::new(&bin)
            .arg("-p")
            .arg(&dir)
            .arg("-c")
            .arg(dir.join("nginx.conf"))
            .arg("-e")
            .arg(dir.join("error.log"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("nginx starts");
        eventually(
            Duration::from_secs(10),
            "nginx did not listen",
            async || {
                std::net::TcpStream::connect(("127.0.0.1", port))
                    .map(drop)
                    .map_err(|e| e.to_string())
            },
        )
        .await;
        Nginx { process, port, dir }
    }

    fn url(&self, path: &str) -> String {
        format!("http://127.0.0.1:{}{path}", self.port)
    }

    /// nginx's own account of what went wrong, for failure messages.
    fn error_log(&self) -> String {
        std::fs::read_to_string(self.dir.join("error.log")).unwrap_or_default()
    }
}

impl Drop for Nginx {
    fn drop(&mut self) {
        let _ = self.process.kill();
        let _ = self.process.wait();
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

/// The simulator as the Zephyr server behind nginx: the API only, the app comes from nginx.
async fn app_behind_nginx() -> (App, Nginx) {
    let app = App::start_with(SimConfig {
        static_dir: None,
        speed: 30.0,
        ..sim_config()
    })
    .await;
    let nginx = Nginx::start(&app.sim.url()).await;
    let front = nginx.url(SUB_PATH);
    (app.with_pages_at(front), nginx)
}

#[tokio::test]
async fn nginx_sends_the_app_with_its_headers_caching_and_compression() {
    let (_app, nginx) = app_behind_nginx().await;
    let http = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();
    let get_as = async |path: &str, encoding: &str| {
        http.get(nginx.url(path))
            .header("accept-encoding", encoding)
            .send()
            .await
            .unwrap_or_else(|e| panic!("GET {path}: {e}"))
    };
    let get = async |path: &str| get_as(path, "gzip").await;
    let header = |r: &reqwest::Response, name: &str| {
        r.headers()
            .get(name)
            .map(|v| v.to_str().unwrap().to_string())
            .unwrap_or_default()
    };

    let bare = get(SUB_PATH).await;
    assert_eq!(bare.status(), 301);
    assert!(header(&bare, "location").ends_with("/automation/"));

    // index.html for the root and for every deep link, never cached, under the policy.
    for path in [
        "/automation/",
        "/automation/jobs/4100/run",
        "/automation/jobs/new",
    ] {
        let page = get(path).await;
        assert_eq!(page.status(), 200, "{path}: {}", nginx.error_log());
        assert!(
            header(&page, "content-type").starts_with("text/html"),
            "{path}"
        );
        assert_eq!(header(&page, "cache-control"), "no-cache", "{path}");
        assert_eq!(
            header(&page, "content-security-policy"),
            zephyr_sim::CSP,
            "{path}"
        );
        assert_eq!(header(&page, "x-content-type-options"), "nosniff", "{path}");
        assert_eq!(header(&page, "referrer-policy"), "no-referrer", "{path}");
    }
    // (reqwest does not decode gzip: read the page itself uncompressed.)
    let index = http
        .get(nginx.url("/automation/"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();

    // Every asset index.html names is under the sub-path, cached for good, and compressed.
    let assets: Vec<&str> = index
        .split(['"', '\''])
        .filter(|s| s.starts_with("/automation/") && s.contains('.'))
        .collect();
    assert!(assets.iter().any(|a| a.ends_with(".wasm")), "{index}");
    assert!(assets.iter().any(|a| a.ends_with(".js")), "{index}");
    for asset in &assets {
        let res = get(asset).await;
        assert_eq!(res.status(), 200, "{asset}");
        assert_eq!(
            header(&res, "cache-control"),
            "public, max-age=31536000, immutable",
            "{asset}"
        );
        assert_eq!(header(&res, "x-content-type-options"), "nosniff", "{asset}");
        if asset.ends_with(".wasm") {
            assert_eq!(header(&res, "content-type"), "application/wasm");
        }
        let file = sub_path_dist().join(asset.trim_start_matches("/automation/"));
        let on_disk = std::fs::metadata(&file)
            .expect("the asset is in the dist")
            .len();
        let precompressed = [".wasm", ".js", ".css"].iter().any(|e| asset.ends_with(e));
        if precompressed {
            // The release build's own .br and .gz, sent as they are (brotli_static, gzip_static),
            // by what the browser accepts.
            for (accept, encoding, suffix) in [
                ("gzip, deflate, br", "br", "br"),
                ("br", "br", "br"),
                ("gzip, deflate", "gzip", "gz"),
            ] {
                let res = get_as(asset, accept).await;
                assert_eq!(res.status(), 200, "{asset}");
                assert_eq!(
                    header(&res, "content-encoding"),
                    encoding,
                    "{asset} for {accept}"
                );
                assert!(
                    header(&res, "vary")
                        .to_lowercase()
                        .contains("accept-encoding"),
                    "{asset}"
                );
                let sibling = std::fs::read(format!("{}.{suffix}", file.display()))
                    .unwrap_or_else(|e| panic!("{asset}.{suffix} in the dist: {e}"));
                assert_eq!(res.bytes().await.unwrap(), sibling, "{asset} for {accept}");
            }
            let plain = get_as(asset, "identity").await;
            assert_eq!(header(&plain, "content-encoding"), "", "{asset}");
            assert_eq!(
                plain.bytes().await.unwrap().len() as u64,
                on_disk,
                "{asset}"
            );
        } else if on_disk >= 1024 {
            // Anything else compressed on the fly when worth it (gzip_min_length 1024).
            assert_eq!(header(&res, "content-encoding"), "gzip", "{asset}");
        }
    }

    // The API goes through to the Zephyr server untouched.
    let projects = http
        .get(nginx.url("/flex/services/rest/v3/project/lite"))
        .bearer_auth(FULL_TOKEN)
        .send()
        .await
        .unwrap();
    assert_eq!(projects.status(), 200);
    assert!(projects.text().await.unwrap().contains("Payments Platform"));
}

#[tokio::test]
async fn a_whole_journey_through_nginx_under_the_sub_path_and_the_strict_policy() {
    let (app, _nginx) = app_behind_nginx().await;
    app.browser.record_csp_violations().await;
    let at = |path: &str| format!("{SUB_PATH}{path}");

    // A deep link while signed out asks to sign in, then comes back to the same page.
    app.open("/jobs/4100").await;
    app.browser.wait_for("form #token").await;
    let path = app.current_path().await;
    assert!(path.starts_with(&at("/sign-in?next=")), "{path}");
    app.browser.fill("#token", FULL_TOKEN).await;
    app.browser.click("form button[type=submit]").await;
    wait_for_path(&app, |p| p == at("/jobs/4100")).await;
    app.browser.wait_for_text("Latest run").await;

    // The header's links stay under the sub-path.
    app.browser.click(".app-nav a").await;
    wait_for_path(&app, |p| p.starts_with(&at("/jobs"))).await;
    app.browser.wait_for(".jobs-table").await;
    assert_eq!(app.browser.csp_violations().await, json!([]), "list");

    // The list's job link, the job's Edit and Duplicate links, all built by `routes`, stay
    // under the sub-path.
    app.browser
        .click(&format!(".jobs-table a[href='{}']", at("/jobs/4100")))
        .await;
    wait_for_path(&app, |p| p == at("/jobs/4100")).await;
    app.browser
        .click(&format!(".job-actions a[href='{}']", at("/jobs/4100/edit")))
        .await;
    wait_for_path(&app, |p| p == at("/jobs/4100/edit")).await;
    app.browser
        .wait_for("#job-release option[value='10']")
        .await;
    app.browser.click(".form-actions button[type=button]").await;
    wait_for_path(&app, |p| p == at("/jobs/4100")).await;
    app.browser
        .click(&format!(
            ".job-actions a[href='{}']",
            at("/jobs/new?from=4100")
        ))
        .await;
    wait_for_path(&app, |p| p == at("/jobs/new?from=4100")).await;
    app.browser
        .wait_for_text("Duplicate Nightly API regression")
        .await;
    assert_eq!(
        value_of(&app, "#job-name").await,
        "Copy of Nightly API regression"
    );
    assert_eq!(app.browser.csp_violations().await, json!([]), "duplicate");
    app.browser.click(".app-nav a").await;
    wait_for_path(&app, |p| p == at("/jobs") || p.starts_with(&at("/jobs?"))).await;
    app.browser.wait_for(".jobs-table").await;

    // Create a job.
    app.browser.click(".page-head a.button-primary").await;
    wait_for_path(&app, |p| p.starts_with(&at("/jobs/new"))).await;
    app.browser
        .wait_for("#job-release option[value='10']")
        .await;
    app.browser.fill("#job-name", "Through the proxy").await;
    choose(&app, "#job-framework", "option[value='Selenium']").await;
    app.browser.fill("#job-cycle", "Proxy cycle").await;
    app.browser.click("form button[type=submit]").await;
    let job_page = wait_for_path(&app, |p| {
        p.strip_prefix(&at("/jobs/"))
            .is_some_and(|id| !id.is_empty() && id.chars().all(|c| c.is_ascii_digit()))
    })
    .await;
    app.browser.wait_for_text("Through the proxy").await;

    // Run it and watch it to the end on its timeline.
    app.browser.click(".run-jobs-button").await;
    app.browser.wait_for(".run-results a").await;
    app.browser.click(".run-results a").await;
    wait_for_path(&app, |p| p == format!("{job_page}/run")).await;
    let finished = ".timeline-item.timeline-completed, .timeline-item.timeline-failed";
    eventually(
        Duration::from_secs(60),
        "the run did not finish",
        async || {
            let script = format!("return !!document.querySelector({finished:?})");
            match app.browser.eval(&script).await {
                serde_json::Value::Bool(true) => Ok(()),
                _ => Err(app.browser.page_text().await),
            }
        },
    )
    .await;

    // Every route survives a reload: the proxy hands index.html to each, the app routes.
    for (path, marker) in [
        ("/jobs?project=1&release=10", ".jobs-table"),
        ("/jobs/4100", ".property-list"),
        ("/jobs/4100/edit", "#job-name"),
        ("/jobs/4100/run", ".timeline-item"),
        ("/jobs/new?project=1&release=10", "#job-name"),
        ("/jobs/new?from=4100", "#job-name"),
        ("/jobs/new/execute?project=1&release=10", "#job-name"),
    ] {
        app.open(path).await;
        app.browser.wait_for(marker).await;
        app.reload().await;
        app.browser.wait_for(marker).await;
        assert_eq!(app.current_path().await, at(path), "reloaded {path}");
        assert_eq!(app.browser.csp_violations().await, json!([]), "{path}");
    }
    app.open("/no/such/page").await;
    app.browser.wait_for_text("Page not found").await;

    // Sign out: back to sign-in under the sub-path, the token gone.
    app.open("/jobs").await;
    app.browser.click(".user-menu button").await;
    app.browser.wait_for("form #token").await;
    assert!(app.current_path().await.starts_with(&at("/sign-in")));
    let session = app
        .browser
        .eval("return JSON.stringify(Object.assign({}, sessionStorage))")
        .await;
    assert!(!session.to_string().contains(FULL_TOKEN));
    assert_eq!(app.browser.csp_violations().await, json!([]), "sign-out");
    assert_eq!(app.browser.console_errors().await, Vec::<String>::new());
}

#[tokio::test]
async fn crafted_next_links_under_the_sub_path_stay_in_the_app() {
    let (app, nginx) = app_behind_nginx().await;
    let front = url::Url::parse(&nginx.url("/")).unwrap();
    for (next, lands_on) in [
        ("/automation/../evil", at_sub_path("/jobs")),
        ("//evil.example/automation/jobs", at_sub_path("/jobs")),
        ("/jobs/4100", at_sub_path("/jobs")),
        ("/automation/jobs/4100", at_sub_path("/jobs/4100")),
    ] {
        let encoded: String = url::form_urlencoded::byte_serialize(next.as_bytes()).collect();
        app.open("/sign-in").await;
        app.browser.eval("sessionStorage.clear(); return 0").await;
        app.open(&format!("/sign-in?next={encoded}")).await;
        app.browser.fill("#token", FULL_TOKEN).await;
        app.browser.click("form button[type=submit]").await;
        wait_for_path(&app, |p| p.split('?').next() == Some(lands_on.as_str())).await;
        let url = app.browser.client.current_url().await.unwrap();
        assert_eq!(url.origin(), front.origin(), "{next:?} led to {url}");
    }
    app.browser.wait_for(".property-list").await;
}

fn at_sub_path(path: &str) -> String {
    format!("{SUB_PATH}{path}")
}
