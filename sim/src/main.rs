//! `zephyr-sim`: runs the Zephyr automation-job API simulator until Ctrl-C.

use std::path::PathBuf;
use std::time::Instant;

use clap::builder::BoolishValueParser;
use clap::Parser;
use zephyr_sim::{AnswerShapes, FaultRule, SimConfig, DEFAULT_FULL_TOKEN, DEFAULT_READONLY_TOKEN};

/// A Zephyr Enterprise automation-job API simulator for developing and testing the browser app.
///
/// Serves /flex/services/rest/{v3,v4,latest}/... on 127.0.0.1 with seeded demo data, runs that
/// progress on a clock, fault injection (also at run time: POST/GET/DELETE /__sim/faults) and a
/// request log (GET/DELETE /__sim/requests). POST /__sim/reset restores the seeded data.
#[derive(Debug, Parser)]
#[command(name = "zephyr-sim", version)]
struct Args {
    /// TCP port on 127.0.0.1; 0 picks a free one.
    #[arg(long, env = "ZEPHYR_SIM_PORT", default_value_t = 8787)]
    port: u16,

    /// Clock speed: 1 is realistic (a run takes 20-40 s), 30 runs a whole lifecycle in about 1 s.
    #[arg(long, env = "ZEPHYR_SIM_SPEED", default_value_t = 1.0, value_parser = positive)]
    speed: f64,

    /// Seed for everything invented: which runs fail, step counts, generated jobs.
    #[arg(long, env = "ZEPHYR_SIM_SEED", default_value_t = 42)]
    seed: u64,

    /// Number of extra generated jobs (project 1, release 10, ids from 5000).
    #[arg(long, env = "ZEPHYR_SIM_JOBS", default_value_t = 0, value_name = "N")]
    jobs: usize,

    /// Serve the built app from DIR at / (SPA fallback to index.html, strict CSP).
    #[arg(long = "static", env = "ZEPHYR_SIM_STATIC", value_name = "DIR")]
    static_dir: Option<PathBuf>,

    /// API token with full rights.
    #[arg(long, env = "ZEPHYR_SIM_FULL_TOKEN", default_value = DEFAULT_FULL_TOKEN, hide_env_values = true)]
    full_token: String,

    /// API token that may read but gets 403 on every write.
    #[arg(long, env = "ZEPHYR_SIM_READONLY_TOKEN", default_value = DEFAULT_READONLY_TOKEN, hide_env_values = true)]
    readonly_token: String,

    /// Fault rule, repeatable (comma-separated in the env var): PATH:KIND[:PARAM][:COUNT].
    /// PATH is a substring of the request path (empty = all). KIND: status (PARAM = CODE or
    /// CODE/RETRY_AFTER_SECS), latency (PARAM = ms), malformed, html, empty, drop. COUNT = how many
    /// matching requests it affects (default: all). E.g. execute-job:status:429/2:1, :latency:800
    #[arg(
        long = "fault",
        env = "ZEPHYR_SIM_FAULT",
        value_name = "SPEC",
        value_delimiter = ','
    )]
    faults: Vec<FaultRule>,

    /// Add jobs, cycles, phases, folders and users with hostile names (script tags, 10,000 characters, RTL override).
    #[arg(long, env = "ZEPHYR_SIM_HOSTILE_NAMES", value_parser = BoolishValueParser::new())]
    hostile_names: bool,

    /// Add jobs 4160-4164 with odd values: dates past year 9999 and before 1970, empty and
    /// 10,000-character names, unknown statuses, step counts that make no sense.
    #[arg(long, env = "ZEPHYR_SIM_ODD_VALUES", value_parser = BoolishValueParser::new())]
    odd_values: bool,
    /// Answer the writes in other shapes the contract allows: alternate (a bare run, wrapped
    /// runs, `true`, an empty body), minimal (only ids), garbled (unreadable JSON), or contract.
    #[arg(
        long,
        env = "ZEPHYR_SIM_ANSWER_SHAPES",
        default_value = "contract",
        value_name = "MODE"
    )]
    answer_shapes: AnswerShapes,

    /// Do not log a line per request to stderr.
    #[arg(long, env = "ZEPHYR_SIM_QUIET", value_parser = BoolishValueParser::new())]
    quiet: bool,
}

fn positive(text: &str) -> Result<f64, String> {
    match text.parse::<f64>() {
        Ok(v) if v > 0.0 && v.is_finite() => Ok(v),
        _ => Err(format!("'{text}' is not a positive number")),
    }
}

#[tokio::main]
async fn main() -> std::io::Result<()> {
    let began = Instant::now();
    let args = Args::parse();
    let config = SimConfig {
        port: args.port,
        speed: args.speed,
        seed: args.seed,
        extra_jobs: args.jobs,
        static_dir: args.static_dir,
        full_token: args.full_token,
        readonly_token: args.readonly_token,
        faults: args.faults,
        hostile_names: args.hostile_names,
        odd_values: args.odd_values,
        answer_shapes: args.answer_shapes,
        quiet: args.quiet,
    };
    let sim = zephyr_sim::start(config.clone()).await?;
    println!("Zephyr simulator listening on {}", sim.url());
    println!("  API base:          {}/flex/services/rest/v4", sim.url());
    println!("  full rights token: {}", config.full_token);
    println!("  read-only token:   {}", config.readonly_token);
    println!(
        "  ready in {} ms: seed {}, clock speed {}x, {} generated jobs{}",
        began.elapsed().as_millis(),
        config.seed,
        config.speed,
        config.extra_jobs,
        if config.hostile_names {
            ", hostile names"
        } else {
            ""
        }
    );
    if config.odd_values {
        println!("  odd values: jobs 4160-4164");
    }
    if config.answer_shapes != AnswerShapes::Contract {
        println!("  write answers: {:?}", config.answer_shapes);
    }
    if let Some(dir) = &config.static_dir {
        println!("  serving the app from {}", dir.display());
    }
    for rule in &config.faults {
        let rule = serde_json::to_string(rule).unwrap_or_default();
        println!("  fault: {rule}");
    }
    println!("Press Ctrl-C to stop.");
    tokio::signal::ctrl_c().await?;
    drop(sim);
    Ok(())
}
