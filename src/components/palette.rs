//! The go-to palette (Ctrl/Cmd+K): one box that finds a job of the current release by name, id,
//! framework or creator, and the app's commands. An ARIA combobox over a listbox: arrows move
//! the active option, Enter chooses it, Escape closes and focus returns where it was.

use std::sync::Arc;

use leptos::prelude::*;
use leptos_router::hooks::{use_location, use_navigate};

use crate::components::modal::Modal;
use crate::components::shell::use_sign_out;
use crate::palette::rank::{narrows, Index, Tier};
use crate::palette::{commands, use_palette_data, Target};
use crate::public_path::{router_base, strip_base};
use crate::saved_views::use_views;
use crate::shortcuts::use_keyboard;

/// Jobs shown at most: enough to pick from, few enough to draw within a frame.
const MAX_JOBS: usize = 20;
const MAX_COMMANDS: usize = 8;
const LISTBOX_ID: &str = "palette-listbox";

#[derive(Clone, Debug, PartialEq)]
struct Item {
    label: String,
    detail: String,
    target: Target,
}

fn option_id(i: usize) -> String {
    format!("palette-option-{i}")
}

#[component]
pub fn Palette() -> impl IntoView {
    let keyboard = use_keyboard();
    let data = use_palette_data();
    let navigate = use_navigate();
    let sign_out = use_sign_out();
    let list = data.snapshot();
    let jobs = list.jobs.clone();
    let index = jobs.as_ref().map(|j| data.index_for(j));
    let commands = Arc::new(commands(&list, &use_views().untracked()));
    let command_index = Arc::new(Index::new(
        commands
            .iter()
            .map(|(label, _)| [label.as_str(), "", "", ""]),
    ));
    let have_jobs = list.jobs.is_some();
    let release_name = list
        .releases
        .iter()
        .find(|(id, _)| Some(*id) == list.query.release)
        .map(|(_, name)| name.clone());

    let text = RwSignal::new(String::new());
    let active = RwSignal::new(0usize);
    let last_matches = StoredValue::new(None::<(String, Vec<usize>)>);
    let results = Memo::new({
        let commands = commands.clone();
        move |_| {
            text.with(|typed| {
                let command = |i: usize| Item {
                    label: commands[i].0.clone(),
                    detail: "Command".to_string(),
                    target: commands[i].1.clone(),
                };
                if typed.trim().is_empty() {
                    return commands
                        .iter()
                        .enumerate()
                        .map(|(i, _)| command(i))
                        .collect::<Vec<_>>();
                }
                let found = command_index.rank(typed, MAX_COMMANDS);
                let job_hits = match (&index, &jobs) {
                    (Some(index), Some(_)) => {
                        // Each keystroke that extends the text searches the last matches only.
                        let previous = last_matches.get_value();
                        let within = previous
                            .as_ref()
                            .filter(|(old, _)| narrows(old, typed))
                            .map(|(_, m)| m.as_slice());
                        let all = index.matches(typed, within);
                        let positions = all.iter().map(|h| h.position).collect();
                        last_matches.set_value(Some((typed.clone(), positions)));
                        index.best(all, MAX_JOBS)
                    }
                    _ => Vec::new(),
                };
                // Merged by how well they match; a command wins a tie with a job.
                let mut merged: Vec<(Tier, bool, usize)> = found
                    .iter()
                    .map(|h| (h.tier, false, h.position))
                    .chain(job_hits.iter().map(|h| (h.tier, true, h.position)))
                    .collect();
                merged.sort_by_key(|(tier, is_job, _)| (*tier, *is_job));
                merged
                    .into_iter()
                    .map(|(_, is_job, i)| match (is_job, &jobs) {
                        (true, Some(jobs)) => {
                            let job = &jobs[i].job;
                            let creator = job.created_by.as_deref().unwrap_or_default();
                            Item {
                                label: job.display_name(),
                                detail: format!(
                                    "Job #{} \u{b7} {}{}{creator}",
                                    job.id,
                                    job.framework,
                                    if creator.is_empty() { "" } else { " \u{b7} " }
                                ),
                                target: Target::Go(crate::routes::Link::Job(job.id)),
                            }
                        }
                        _ => command(i),
                    })
                    .collect()
            })
        }
    });
    let count = move || results.with(Vec::len);

    let close = Callback::new(move |_| keyboard.palette_open.set(false));
    let pathname = use_location().pathname;
    let moving_on = RwSignal::new(false);
    let choose = move |i: usize| {
        let Some(item) = results.with_untracked(|r| r.get(i).cloned()) else {
            return;
        };
        // Another page takes focus to its heading; the same page (another release) gives it
        // back to where it was.
        if let Target::Go(link) = &item.target {
            let path = link.path();
            let to = path.split('?').next().unwrap_or_default();
            moving_on.set(strip_base(router_base(), &pathname.get_untracked()) != to);
        }
        keyboard.palette_open.set(false);
        match item.target {
            Target::Go(link) => navigate(&link.path(), Default::default()),
            Target::Shortcuts => keyboard.sheet_open.set(true),
            Target::SignOut => sign_out(),
        }
    };
    let choose = StoredValue::new_local(choose);
    let show_active = move |i: usize| {
        active.set(i);
        if let Some(el) = document().get_element_by_id(&option_id(i)) {
            crate::shortcuts::scroll_near(&el);
        }
    };
    let on_keydown = move |ev: leptos::ev::KeyboardEvent| {
        let n = count();
        match ev.key().as_str() {
            "ArrowDown" if n > 0 => show_active((active.get_untracked() + 1) % n),
            "ArrowUp" if n > 0 => show_active((active.get_untracked() + n - 1) % n),
            "Home" if n > 0 && ev.ctrl_key() => show_active(0),
            "End" if n > 0 && ev.ctrl_key() => show_active(n - 1),
            "Enter" => choose.with_value(|c| c(active.get_untracked())),
            _ => return,
        }
        ev.prevent_default();
    };
    let status = move || {
        let n = count();
        let typed = text.with(|t| !t.trim().is_empty());
        match (typed, n) {
            (false, _) => match (&release_name, have_jobs) {
                (Some(r), true) => format!("Type to find a job of {r}, or a command."),
                _ => {
                    "Type a command. Jobs can be found once a job list has been opened.".to_string()
                }
            },
            (true, 0) => "No job or command matches.".to_string(),
            (true, 1) => "1 result".to_string(),
            (true, n) => format!("{n} results"),
        }
    };

    view! {
        <Modal label="Go to" class="palette" on_close=close moving_on=moving_on>
            <div class="palette-box">
                <input
                    type="text"
                    class="palette-input"
                    role="combobox"
                    aria-label="Go to a job or command"
                    aria-autocomplete="list"
                    aria-controls=LISTBOX_ID
                    aria-expanded=move || (count() > 0).to_string()
                    aria-activedescendant=move || (count() > 0).then(|| option_id(active.get()))
                    placeholder="Job name, id, framework, creator or a command"
                    autocomplete="off"
                    spellcheck="false"
                    autofocus
                    prop:value=move || text.get()
                    on:input=move |ev| {
                        text.set(event_target_value(&ev));
                        active.set(0);
                    }
                    on:keydown=on_keydown
                />
                <p class="palette-status muted" role="status">{status}</p>
                <ul id=LISTBOX_ID class="palette-list" role="listbox" aria-label="Results" hidden=move || count() == 0>
                    {move || results.with(|items| items.iter().enumerate().map(|(i, item)| {
                        let Item { label, detail, .. } = item.clone();
                        view! {
                            <li
                                id=option_id(i)
                                role="option"
                                class="palette-option"
                                aria-selected=move || (active.get() == i).to_string()
                                on:click=move |_| choose.with_value(|c| c(i))
                            >
                                <span class="palette-label wrap-anywhere">{label}</span>
                                <span class="palette-detail">{detail}</span>
                            </li>
                        }
                    }).collect_view())}
                </ul>
            </div>
        </Modal>
    }
}
