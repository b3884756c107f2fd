//! P1: what the browser downloads before the app can run: every wasm, JS and CSS file of the
//! dist but the lazily loaded pages' chunks (`chunk-<hash>.wasm`, scripts/split_wasm.py), fetched
//! from the simulator as it serves them, then compressed as a production server would (gzip -9,
//! brotli quality 11), and as served: the bytes the simulator sends for `Accept-Encoding: br`
//! and for `gzip` (the release build's precompressed files, which the shipped nginx config
//! serves the same way). The chunks are measured alike and told apart, with the sum of all.

use std::io::Write;
use std::path::Path;

use serde::Serialize;

#[derive(Clone, Debug, Default, Serialize)]
pub struct Sizes {
    pub raw: u64,
    pub gzip: u64,
    pub brotli: u64,
    /// Body bytes sent for `Accept-Encoding: br` (raw if the server does not compress).
    pub served_br: u64,
    /// Body bytes sent for `Accept-Encoding: gzip`.
    pub served_gzip: u64,
}

impl Sizes {
    fn add(&mut self, other: &Sizes) {
        self.raw += other.raw;
        self.gzip += other.gzip;
        self.brotli += other.brotli;
        self.served_br += other.served_br;
        self.served_gzip += other.served_gzip;
    }
}

#[derive(Debug, Serialize)]
pub struct Asset {
    pub file: String,
    pub kind: &'static str,
    #[serde(flatten)]
    pub sizes: Sizes,
}

#[derive(Debug, Serialize)]
pub struct Transfer {
    pub assets: Vec<Asset>,
    pub wasm: Sizes,
    pub js: Sizes,
    pub css: Sizes,
    /// What a first load downloads: wasm (the main module), JS and CSS.
    pub total: Sizes,
    /// The lazily loaded pages' wasm chunks, fetched when a page first needs one.
    pub chunks: Sizes,
    /// Everything: `total` and `chunks`.
    pub all: Sizes,
}

fn gzip(data: &[u8]) -> u64 {
    let mut enc = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    enc.write_all(data).expect("gzip in memory");
    enc.finish().expect("gzip in memory").len() as u64
}

fn brotli(data: &[u8]) -> u64 {
    let mut enc = brotli::CompressorWriter::new(Vec::new(), 4096, 11, 22);
    enc.write_all(data).expect("brotli in memory");
    enc.into_inner().len() as u64
}

/// The body length of `url` as sent for `accept_encoding` (reqwest here does not decompress).
async fn served(http: &reqwest::Client, url: &str, accept_encoding: &str) -> u64 {
    let res = http
        .get(url)
        .header("accept-encoding", accept_encoding)
        .send()
        .await
        .expect("the simulator serves the dist");
    assert!(res.status().is_success(), "{url}: {}", res.status());
    res.bytes().await.expect("asset body").len() as u64
}

/// Fetches each asset of `dist` from `base_url` (the running simulator).
pub async fn measure(base_url: &str, dist: &Path) -> Transfer {
    let mut names: Vec<String> = std::fs::read_dir(dist)
        .expect("dist is readable")
        .filter_map(|e| e.ok())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".wasm") || n.ends_with(".js") || n.ends_with(".css"))
        .collect();
    names.sort();
    let http = reqwest::Client::new();
    let mut transfer = Transfer {
        assets: Vec::new(),
        wasm: Sizes::default(),
        js: Sizes::default(),
        css: Sizes::default(),
        total: Sizes::default(),
        chunks: Sizes::default(),
        all: Sizes::default(),
    };
    for file in names {
        let res = http
            .get(format!("{base_url}/{file}"))
            .send()
            .await
            .expect("the simulator serves the dist");
        assert!(res.status().is_success(), "{file}: {}", res.status());
        // Asked without Accept-Encoding, the simulator sends the file as it is.
        assert!(
            res.headers().get("content-encoding").is_none(),
            "{file} is served compressed: raw bytes would be wrong"
        );
        let body = res.bytes().await.expect("asset body");
        let url = format!("{base_url}/{file}");
        let sizes = Sizes {
            raw: body.len() as u64,
            gzip: gzip(&body),
            brotli: brotli(&body),
            served_br: served(&http, &url, "br").await,
            served_gzip: served(&http, &url, "gzip").await,
        };
        let kind = match file.rsplit('.').next() {
            Some("wasm") if file.starts_with("chunk-") => "chunk",
            Some("wasm") => "wasm",
            Some("js") => "js",
            _ => "css",
        };
        match kind {
            "chunk" => transfer.chunks.add(&sizes),
            "wasm" => transfer.wasm.add(&sizes),
            "js" => transfer.js.add(&sizes),
            _ => transfer.css.add(&sizes),
        }
        if kind != "chunk" {
            transfer.total.add(&sizes);
        }
        transfer.all.add(&sizes);
        transfer.assets.push(Asset { file, kind, sizes });
    }
    transfer
}
