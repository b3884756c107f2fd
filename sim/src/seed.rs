//! Seeded reference data that looks like a real Zephyr: projects, releases (with each project's
//! hidden pseudo-release), cycles with phases, repository folder trees and users whose names
//! exercise the UI's text handling (accents, right-to-left scripts, emoji).

use crate::dates::{format_mdy, DAY_MS};
use crate::model::{Cycle, Folder, Phase, Project, Release, User};
use crate::store::Store;

/// The user behind the full-rights token.
pub const FULL_USER_ID: u64 = 1;
/// The user behind the read-only token.
pub const READONLY_USER_ID: u64 = 2;

/// Strings that break a UI which builds HTML or URLs from server data.
pub fn hostile_names() -> Vec<String> {
    let long: String = "Long name that never ends "
        .chars()
        .cycle()
        .take(10_000)
        .collect();
    vec![
        "<img src=x onerror=alert(1)>".into(),
        "\"><script>alert(2)</script>".into(),
        "javascript:alert(3)".into(),
        long,
        "Invoice \u{202E}fdp.exe".into(),
    ]
}

/// Fills projects, releases, cycles, folders, users and memberships.
pub fn reference(store: &mut Store, now: i64, hostile: bool) {
    let today = now - now.rem_euclid(DAY_MS);
    store.projects = [
        (1, "Payments Platform"),
        (2, "Mobile Banking"),
        (3, "Data Lake & ETL"),
    ]
    .into_iter()
    .map(|(id, name)| Project {
        id,
        name: name.into(),
    })
    .collect();
    // (id, name, project, start offset days, length days, pseudo-release)
    let releases = [
        (10, "Release 3.2", 1, -45, 90, false),
        (11, "Release 3.3", 1, 46, 90, false),
        (12, "Payments Platform", 1, -400, 800, true),
        (20, "Mobile 5.0", 2, -30, 60, false),
        (21, "Mobile 5.1", 2, 31, 60, false),
        (22, "Mobile Banking", 2, -400, 800, true),
        (30, "Ingestion Wave 7", 3, -20, 40, false),
        (31, "Data Lake & ETL", 3, -400, 800, true),
    ];
    store.releases = releases
        .into_iter()
        .map(|(id, name, project_id, from, days, pseudo)| {
            let (start, end) = (today + from * DAY_MS, today + (from + days) * DAY_MS);
            Release {
                id,
                name: name.into(),
                project_id,
                start_date: start,
                end_date: end,
                release_start_date: format_mdy(start),
                release_end_date: format_mdy(end),
                project_release: pseudo,
            }
        })
        .collect();
    folders(store, hostile);
    cycles(store, today, hostile);
    users(store, hostile);
}

fn folders(store: &mut Store, hostile: bool) {
    // Per release, folders in depth-first order with their depth.
    let trees: [(u64, &[(&str, usize)]); 5] = [
        (
            10,
            &[
                ("Release 3.2", 0),
                ("Automation_Scripts", 1),
                ("Checkout", 2),
                ("Refunds & Chargebacks", 2),
                ("Partial refunds", 3),
                ("Manual Regression", 1),
                ("API Contracts", 0),
                ("v2 Endpoints", 1),
            ],
        ),
        (11, &[("Release 3.3", 0), ("Automation_Scripts", 1)]),
        (
            20,
            &[
                ("Mobile 5.0", 0),
                ("iOS", 1),
                ("Android", 1),
                ("Espresso", 2),
            ],
        ),
        (21, &[("Mobile 5.1", 0), ("Automation_Scripts", 1)]),
        (
            30,
            &[
                ("Ingestion Wave 7", 0),
                ("Data Quality", 1),
                ("Null checks", 2),
                ("Schema drift", 2),
            ],
        ),
    ];
    let mut next_id = 800;
    store.folders.clear();
    for (release, flat) in trees {
        let flat: Vec<(String, usize)> = flat.iter().map(|(n, d)| (n.to_string(), *d)).collect();
        store
            .folders
            .extend(build_tree(release, &flat, &mut next_id));
    }
    if hostile {
        let flat: Vec<(String, usize)> = hostile_names().into_iter().map(|n| (n, 1)).collect();
        let root = vec![("Hostile <b>folders</b>".to_string(), 0)];
        let all: Vec<_> = root.into_iter().chain(flat).collect();
        next_id = 900;
        store.folders.extend(build_tree(10, &all, &mut next_id));
    }
}

/// Nests a depth-annotated, depth-first list into `categories` trees.
fn build_tree(release_id: u64, flat: &[(String, usize)], next_id: &mut u64) -> Vec<Folder> {
    fn take(
        flat: &[(String, usize)],
        pos: &mut usize,
        depth: usize,
        parent: Option<u64>,
        release_id: u64,
        next_id: &mut u64,
    ) -> Vec<Folder> {
        let mut out = Vec::new();
        while *pos < flat.len() && flat[*pos].1 == depth {
            let id = *next_id;
            *next_id += 1;
            let name = flat[*pos].0.clone();
            *pos += 1;
            let categories = take(flat, pos, depth + 1, Some(id), release_id, next_id);
            let kind = if parent.is_none() { "Phase" } else { "Module" };
            out.push(Folder {
                id,
                name,
                kind,
                release_id,
                parent_id: parent,
                categories,
            });
        }
        out
    }
    take(flat, &mut 0, 0, None, release_id, next_id)
}

fn root_folder(store: &Store, release_id: u64) -> u64 {
    store
        .folders
        .iter()
        .find(|f| f.release_id == release_id)
        .map_or(0, |f| f.id)
}

/// (id, release, name, start offset days, length days, [(phase id, phase name)])
type CycleRow = (u64, u64, String, i64, i64, Vec<(u64, String)>);
type CycleSeed = (
    u64,
    u64,
    &'static str,
    i64,
    i64,
    &'static [(u64, &'static str)],
);

#[rustfmt::skip]
const CYCLES: [CycleSeed; 6] = [
    (100, 10, "Sprint 14 Regression", -14, 14, &[(500, "Smoke"), (501, "Regression")]),
    (101, 10, "Nightly Automation", -45, 90, &[(502, "API"), (503, "UI")]),
    (110, 11, "Sprint 15 Regression", 46, 14, &[(510, "Smoke")]),
    (200, 20, "Device Lab", -30, 60, &[(520, "iOS"), (521, "Android")]),
    (210, 21, "Beta Cycle", 31, 30, &[(530, "Exploratory")]),
    (300, 30, "Pipeline Validation", -20, 40, &[(540, "Batch"), (541, "Streaming")]),
];

fn cycles(store: &mut Store, today: i64, hostile: bool) {
    let mut table: Vec<CycleRow> = CYCLES
        .iter()
        .map(|&(id, release, name, from, days, phases)| {
            let phases = phases
                .iter()
                .map(|&(pid, pname)| (pid, pname.to_string()))
                .collect();
            (id, release, name.to_string(), from, days, phases)
        })
        .collect();
    if hostile {
        let names = hostile_names();
        for (i, name) in names.iter().enumerate() {
            let phase = names[(i + 1) % names.len()].clone();
            let i = i as u64;
            table.push((190 + i, 10, name.clone(), -7, 7, vec![(590 + i, phase)]));
        }
    }
    store.cycles = table
        .into_iter()
        .map(|(id, release_id, name, from, days, phases)| {
            let (start, end) = (today + from * DAY_MS, today + (from + days) * DAY_MS);
            let tree = root_folder(store, release_id);
            Cycle {
                id,
                name,
                release_id,
                start_date: start,
                end_date: end,
                cycle_start_date: format_mdy(start),
                cycle_end_date: format_mdy(end),
                cycle_phases: phases
                    .into_iter()
                    .map(|(pid, pname)| Phase {
                        id: pid,
                        name: pname,
                        cycle_id: id,
                        tcr_catalog_tree_id: tree,
                    })
                    .collect(),
            }
        })
        .collect();
}

fn users(store: &mut Store, hostile: bool) {
    let people = [
        (1, "dana.whitfield", "Dana", "Whitfield"),
        (2, "priya.raman", "Priya", "Raman"),
        (3, "lars.oberg", "Lars", "Øberg"),
        (4, "layla.haddad", "ليلى", "حداد"),
        (5, "mateo.garcia", "Mateo 🚀", "García"),
        (6, "yael.cohen", "יעל", "כהן"),
        (7, "wei.chen", "Wei", "Chen"),
        (8, "ingrid.bauer", "Ingrid", "Bauer"),
    ];
    store.users = people
        .into_iter()
        .map(|(id, username, first, last)| User {
            id,
            username: username.into(),
            first_name: first.into(),
            last_name: last.into(),
            email: format!("{username}@example.com"),
        })
        .collect();
    store.members = [
        (1, [1, 2, 3, 4, 5, 6]),
        (2, [1, 2, 5, 7, 4, 3]),
        (3, [1, 2, 3, 8, 7, 6]),
    ]
    .into_iter()
    .flat_map(|(p, us)| us.into_iter().map(move |u| (p, u)))
    .collect();
    if hostile {
        for (i, name) in hostile_names().into_iter().enumerate() {
            let id = 90 + i as u64;
            store.users.push(User {
                id,
                username: name.clone(),
                first_name: name.clone(),
                last_name: name,
                email: format!("hostile{i}@example.com"),
            });
            store.members.push((1, id));
        }
    }
}
