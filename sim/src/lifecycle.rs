//! The run clock: a run's state is computed on each read from its schedule time, the clock speed,
//! its seeded plan and its cancel time. No background task ever touches a run, which keeps the
//! simulator deterministic, cheap with 10,000 jobs, and free of timers to shut down.

use crate::rng::Rng;

/// Step labels for a run of 3 to 6 steps, in the order a real import goes through them.
const STEPS: [&[&str]; 4] = [
    &[
        "Uploading results",
        "Parsing results",
        "Updating execution status",
    ],
    &[
        "Uploading results",
        "Parsing results",
        "Creating test cases",
        "Updating execution status",
    ],
    &[
        "Uploading results",
        "Parsing results",
        "Creating cycle",
        "Creating test cases",
        "Updating execution status",
    ],
    &[
        "Validating job",
        "Uploading results",
        "Parsing results",
        "Creating cycle",
        "Creating test cases",
        "Updating execution status",
    ],
];

/// A seeded run that never moves on by itself, like a real job stuck behind a busy agent. The demo
/// data uses these so an app test can rely on "job 4102 is in progress" however slowly it runs.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Hold {
    New,
    Waiting,
    /// In progress with this many steps completed.
    InProgress(usize),
}

/// Everything about a run that is decided when it is scheduled. Durations are in simulated ms.
#[derive(Debug, Clone)]
pub struct Plan {
    pub new_ms: u64,
    pub waiting_ms: u64,
    pub steps_ms: Vec<u64>,
    /// The step during which the run fails; `None` means it completes.
    pub fail_at: Option<usize>,
    pub test_cases: u32,
    pub passed: u32,
    pub hold: Option<Hold>,
}

impl Plan {
    /// The seeded plan of run `run_id`: about 20-40 s at speed 1, one run in four fails.
    pub fn seeded(seed: u64, run_id: u64) -> Plan {
        let mut rng = Rng::for_item(seed, 0x52554e, run_id);
        let steps = rng.range(3, 6) as usize;
        let budget = rng.range(14_000, 30_000);
        let steps_ms = (0..steps)
            .map(|_| budget / steps as u64 * rng.range(80, 120) / 100)
            .collect();
        let fail_at = rng
            .one_in(4)
            .then(|| rng.range(0, steps as u64 - 1) as usize);
        let test_cases = rng.range(12, 640) as u32;
        let passed = test_cases - rng.range(0, test_cases as u64 / 5) as u32;
        Plan {
            new_ms: rng.range(2_000, 3_000),
            waiting_ms: rng.range(4_000, 7_000),
            steps_ms,
            fail_at,
            test_cases,
            passed,
            hold: None,
        }
    }

    pub fn total_steps(&self) -> usize {
        self.steps_ms.len()
    }

    fn labels(&self) -> &'static [&'static str] {
        STEPS[self.total_steps().clamp(3, 6) - 3]
    }

    fn start_offset(&self) -> u64 {
        self.new_ms + self.waiting_ms
    }

    /// Offset at which the run ends by itself, and how many steps it completed by then.
    fn natural_end(&self) -> (u64, usize) {
        let steps = self.fail_at.map_or(self.total_steps(), |k| k + 1);
        let end = self.start_offset() + self.steps_ms[..steps].iter().sum::<u64>();
        (end, self.fail_at.unwrap_or(steps))
    }
}

/// When a run was scheduled and, if so, cancelled (real epoch ms), with the clock's speed.
#[derive(Debug, Clone, Copy)]
pub struct Clock {
    pub scheduled_at: i64,
    pub cancelled_at: Option<i64>,
    pub speed: f64,
}

impl Clock {
    fn sim_elapsed(&self, at: i64) -> u64 {
        ((at - self.scheduled_at).max(0) as f64 * self.speed) as u64
    }

    fn real_at(&self, offset: u64) -> i64 {
        self.scheduled_at + (offset as f64 / self.speed).round() as i64
    }
}

/// A run as seen at one instant: the fields `Progress` reports.
#[derive(Debug, Clone, PartialEq)]
pub struct Snapshot {
    pub status: &'static str,
    pub start_time: Option<i64>,
    pub end_time: Option<i64>,
    pub completed_steps: usize,
    pub step_label: Option<&'static str>,
    pub step_message: Option<String>,
    pub summary_message: Option<String>,
}

pub fn is_terminal(status: &str) -> bool {
    matches!(status, "completed" | "failed" | "cancelled")
}

/// Where the run stands at simulated offset `e`, ignoring cancellation:
/// (status, completed steps, fraction of the current step done).
fn position(plan: &Plan, e: u64) -> (&'static str, usize, f64) {
    match plan.hold {
        Some(Hold::New) => return ("new", 0, 0.0),
        Some(Hold::Waiting) => return ("Waiting", 0, 0.0),
        Some(Hold::InProgress(k)) => return ("in-progress", k.min(plan.total_steps() - 1), 0.5),
        None => {}
    }
    if e < plan.new_ms {
        return ("new", 0, 0.0);
    }
    if e < plan.start_offset() {
        return ("Waiting", 0, 0.0);
    }
    let (end, done) = plan.natural_end();
    if e >= end {
        return (
            if plan.fail_at.is_some() {
                "failed"
            } else {
                "completed"
            },
            done,
            0.0,
        );
    }
    let mut step_start = plan.start_offset();
    for (i, ms) in plan.steps_ms.iter().enumerate() {
        if e < step_start + ms {
            return ("in-progress", i, (e - step_start) as f64 / *ms as f64);
        }
        step_start += ms;
    }
    unreachable!("offset before the natural end lies inside a step")
}

/// The status alone: what job lists need, without building any strings.
pub fn status(plan: &Plan, clock: &Clock, now: i64) -> &'static str {
    let (status, _, _) = position(plan, clock.sim_elapsed(now));
    match clock.cancelled_at {
        Some(c) if c <= now && !is_terminal(position(plan, clock.sim_elapsed(c)).0) => "cancelled",
        _ => status,
    }
}

pub fn snapshot(plan: &Plan, clock: &Clock, now: i64) -> Snapshot {
    let cancelled = clock
        .cancelled_at
        .filter(|&c| c <= now && !is_terminal(position(plan, clock.sim_elapsed(c)).0));
    let at = cancelled.unwrap_or(now);
    let (status, done, frac) = position(plan, clock.sim_elapsed(at));
    let labels = plan.labels();
    let started = !matches!(status, "new" | "Waiting");
    let start_time = started.then(|| clock.real_at(plan.start_offset()));
    let n = plan.test_cases;
    let mut snap = Snapshot {
        status,
        start_time,
        end_time: None,
        completed_steps: done,
        step_label: None,
        step_message: None,
        summary_message: None,
    };
    if let Some(c) = cancelled {
        snap.status = "cancelled";
        snap.end_time = Some(c);
        snap.step_label = started.then(|| labels[done]);
        snap.summary_message = Some(format!(
            "Cancelled by user after {done} of {} steps",
            plan.total_steps()
        ));
        return snap;
    }
    match status {
        "in-progress" => {
            let x = (frac * f64::from(n)) as u32;
            snap.step_label = Some(labels[done]);
            snap.step_message = Some(format!("{x} of {n} test cases"));
        }
        "completed" | "failed" => {
            snap.end_time = Some(clock.real_at(plan.natural_end().0));
            snap.summary_message = Some(summary(plan, status, labels.get(done).copied()));
            if status == "failed" {
                snap.step_label = labels.get(done).copied();
            }
        }
        _ => {}
    }
    snap
}

fn summary(plan: &Plan, status: &str, failed_step: Option<&str>) -> String {
    let (n, passed) = (plan.test_cases, plan.passed);
    if status == "completed" {
        return format!(
            "{n} test cases processed: {passed} passed, {} failed",
            n - passed
        );
    }
    match failed_step.unwrap_or("") {
        "Uploading results" => "Upload interrupted: the result file could not be stored".into(),
        "Parsing results" => format!(
            "Result file could not be parsed: unexpected end of file at line {}",
            n * 7 + 3
        ),
        "Creating cycle" | "Creating test cases" => {
            "Test case creation failed: the repository folder is locked by another job".into()
        }
        "Updating execution status" => format!(
            "Execution status update failed for {} of {n} test cases: the cycle phase is frozen",
            n - passed / 2
        ),
        _ => "Job validation failed: the release is locked".into(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn plan(fail_at: Option<usize>) -> Plan {
        Plan {
            new_ms: 1000,
            waiting_ms: 1000,
            steps_ms: vec![1000, 1000, 1000],
            fail_at,
            test_cases: 100,
            passed: 90,
            hold: None,
        }
    }

    #[test]
    fn walks_every_phase_then_ends() {
        let p = plan(None);
        let c = Clock {
            scheduled_at: 0,
            cancelled_at: None,
            speed: 1.0,
        };
        assert_eq!(status(&p, &c, 500), "new");
        assert_eq!(status(&p, &c, 1500), "Waiting");
        let s = snapshot(&p, &c, 3500);
        assert_eq!(
            (s.status, s.completed_steps, s.step_label),
            ("in-progress", 1, Some("Parsing results"))
        );
        assert_eq!(s.step_message.as_deref(), Some("50 of 100 test cases"));
        let s = snapshot(&p, &c, 9000);
        assert_eq!(
            (s.status, s.end_time, s.start_time),
            ("completed", Some(5000), Some(2000))
        );
        assert_eq!(snapshot(&plan(Some(1)), &c, 9000).status, "failed");
        let fast = Clock { speed: 10.0, ..c };
        assert_eq!(status(&p, &fast, 500), "completed");
    }

    #[test]
    fn cancel_counts_only_before_the_end() {
        let p = plan(None);
        let c = Clock {
            scheduled_at: 0,
            cancelled_at: Some(2500),
            speed: 1.0,
        };
        assert_eq!(status(&p, &c, 1500), "Waiting");
        let s = snapshot(&p, &c, 9000);
        assert_eq!((s.status, s.end_time), ("cancelled", Some(2500)));
        let late = Clock {
            cancelled_at: Some(8000),
            ..c
        };
        assert_eq!(status(&p, &late, 9000), "completed");
        let held = Plan {
            hold: Some(Hold::Waiting),
            ..p
        };
        assert_eq!(
            status(
                &held,
                &Clock {
                    cancelled_at: None,
                    ..c
                },
                1_000_000
            ),
            "Waiting"
        );
    }

    #[test]
    fn about_one_run_in_four_fails_and_runs_take_20_to_40_seconds() {
        let plans: Vec<Plan> = (1000..3000).map(|id| Plan::seeded(42, id)).collect();
        let failed =
            plans.iter().filter(|p| p.fail_at.is_some()).count() as f64 / plans.len() as f64;
        assert!((0.2..0.3).contains(&failed), "{failed}");
        for p in plans.iter().filter(|p| p.fail_at.is_none()) {
            let secs = p.natural_end().0 as f64 / 1000.0;
            assert!((16.0..=45.0).contains(&secs), "{secs}");
            assert!((3..=6).contains(&p.total_steps()));
        }
    }
}
