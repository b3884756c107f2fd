//! Which key does what, as pure rules: a key press (with where focus is and whether a dialog is
//! open) becomes a command or nothing. Single keys never fire while typing or in a dialog, and
//! never with Ctrl, Alt or Meta, except Ctrl/Cmd+K, the palette, which works everywhere.

/// The pages with keys of their own; everything else has the global keys only.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Scope {
    #[default]
    Other,
    List,
    Job,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Command {
    Palette,
    Sheet,
    GoActivity,
    GoJobs,
    FocusSearch,
    CursorDown,
    CursorUp,
    ToggleSelect,
    ExtendSelect,
    Open,
    Edit,
    Run,
    NewJob,
    Duplicate,
    BackToList,
    /// Escape in the list's search (or another field there): back to the rows, search kept.
    LeaveField,
}

/// Where focus is when the key is pressed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Focus {
    /// A text field, a select or editable content: keys are typing.
    TextEntry,
    /// A button, link or checkbox: Enter (and Space) already operate it.
    Control,
    Other,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct KeyPress<'a> {
    /// `KeyboardEvent.key`: "j", "J", "?", "Enter", "Backspace"...
    pub key: &'a str,
    pub ctrl: bool,
    pub alt: bool,
    pub meta: bool,
    pub shift: bool,
    pub focus: Focus,
    pub dialog_open: bool,
}

/// What the app-wide listener does with a key.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Global {
    /// Not a global key: the page's listener may have it.
    Pass,
    /// Taken, and nothing to do (the key after `g` that names no place; Ctrl+K in a dialog).
    Swallow,
    /// `g` was pressed: the next key says where to go.
    StartG,
    Run(Command),
}

/// The app-wide keys: Ctrl/Cmd+K, `?`, and `g` then a letter. `g_pending` says that `g` was the
/// last key, a moment ago.
pub fn global(press: &KeyPress, g_pending: bool) -> Global {
    let k_key = press.key.eq_ignore_ascii_case("k");
    if k_key && (press.ctrl || press.meta) && !press.alt {
        return if press.dialog_open {
            Global::Swallow
        } else {
            Global::Run(Command::Palette)
        };
    }
    if press.ctrl || press.alt || press.meta || press.dialog_open {
        return Global::Pass;
    }
    if press.focus == Focus::TextEntry {
        return Global::Pass;
    }
    if g_pending {
        return match press.key {
            "a" => Global::Run(Command::GoActivity),
            "j" => Global::Run(Command::GoJobs),
            // Shift alone is part of typing the next key, not an answer.
            "Shift" => Global::Pass,
            _ => Global::Swallow,
        };
    }
    match press.key {
        "g" => Global::StartG,
        "?" => Global::Run(Command::Sheet),
        _ => Global::Pass,
    }
}

/// The keys of a page, once the app-wide listener has passed on the key.
pub fn page(press: &KeyPress, scope: Scope) -> Option<Command> {
    if press.ctrl || press.alt || press.meta || press.dialog_open {
        return None;
    }
    if press.focus == Focus::TextEntry {
        let leave = scope == Scope::List && press.key == "Escape";
        return leave.then_some(Command::LeaveField);
    }
    let on_control = press.focus == Focus::Control;
    let command = match (scope, press.key) {
        (Scope::List, "/") => Command::FocusSearch,
        (Scope::List, "j") => Command::CursorDown,
        (Scope::List, "k") => Command::CursorUp,
        (Scope::List, "x") => Command::ToggleSelect,
        (Scope::List, "X") => Command::ExtendSelect,
        // Enter on a focused control is that control's own: a link opens, a button presses.
        (Scope::List, "Enter") if !on_control => Command::Open,
        (Scope::List, "o") => Command::Open,
        (Scope::List, "e") => Command::Edit,
        (Scope::List, "r") => Command::Run,
        (Scope::List, "n") => Command::NewJob,
        (Scope::Job, "e") => Command::Edit,
        (Scope::Job, "r") => Command::Run,
        (Scope::Job, "d") => Command::Duplicate,
        (Scope::Job, "u" | "Backspace") => Command::BackToList,
        _ => return None,
    };
    Some(command)
}

/// One line of the shortcut sheet: the keys, and what they do.
pub type SheetLine = (&'static [&'static str], &'static str);

/// What the sheet lists for a page: its own keys, then the keys that work everywhere.
pub fn sheet(scope: Scope) -> (Vec<SheetLine>, Vec<SheetLine>) {
    let here: Vec<SheetLine> = match scope {
        Scope::List => vec![
            (&["/"], "Search the list"),
            (&["Escape"], "Leave the search, back to the rows"),
            (&["j", "k"], "Move the row cursor down, up"),
            (&["x"], "Select or unselect the row"),
            (&["Shift", "x"], "Extend the selection to the row"),
            (&["Enter", "o"], "Open the job"),
            (&["e"], "Edit the job"),
            (&["r"], "Run the selected jobs, or the row\u{2019}s job"),
            (&["n"], "New job"),
        ],
        Scope::Job => vec![
            (&["e"], "Edit this job"),
            (&["r"], "Run this job"),
            (&["d"], "Duplicate this job"),
            (&["u", "Backspace"], "Back to the job list"),
        ],
        Scope::Other => Vec::new(),
    };
    let everywhere: Vec<SheetLine> = vec![
        (
            &["Ctrl", "K"],
            "Go to a job or a command (\u{2318} K on a Mac)",
        ),
        (&["g", "j"], "Go to the job list"),
        (&["g", "a"], "Go to Activity"),
        (&["?"], "Show these shortcuts"),
    ];
    (here, everywhere)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(key: &str) -> KeyPress<'_> {
        KeyPress {
            key,
            ctrl: false,
            alt: false,
            meta: false,
            shift: false,
            focus: Focus::Other,
            dialog_open: false,
        }
    }

    #[test]
    fn ctrl_or_cmd_k_opens_the_palette_even_while_typing_but_not_over_a_dialog() {
        for (ctrl, meta) in [(true, false), (false, true)] {
            let typing = KeyPress {
                ctrl,
                meta,
                focus: Focus::TextEntry,
                ..key("k")
            };
            assert_eq!(global(&typing, false), Global::Run(Command::Palette));
            let shifted = KeyPress { key: "K", ..typing };
            assert_eq!(global(&shifted, false), Global::Run(Command::Palette));
            let over_dialog = KeyPress {
                dialog_open: true,
                ..typing
            };
            assert_eq!(global(&over_dialog, false), Global::Swallow);
        }
        let alt = KeyPress {
            ctrl: true,
            alt: true,
            ..key("k")
        };
        assert_eq!(global(&alt, false), Global::Pass);
    }

    #[test]
    fn g_then_a_letter_goes_somewhere_and_anything_else_ends_the_sequence() {
        assert_eq!(global(&key("g"), false), Global::StartG);
        assert_eq!(global(&key("a"), true), Global::Run(Command::GoActivity));
        assert_eq!(global(&key("j"), true), Global::Run(Command::GoJobs));
        assert_eq!(global(&key("Shift"), true), Global::Pass);
        assert_eq!(global(&key("z"), true), Global::Swallow);
        assert_eq!(
            global(&key("j"), false),
            Global::Pass,
            "j alone is the page's"
        );
        assert_eq!(global(&key("?"), false), Global::Run(Command::Sheet));
    }

    #[test]
    fn single_keys_never_fire_while_typing_in_a_dialog_or_with_modifiers() {
        let typing = KeyPress {
            focus: Focus::TextEntry,
            ..key("j")
        };
        assert_eq!(page(&typing, Scope::List), None);
        let escape = KeyPress {
            key: "Escape",
            ..typing
        };
        assert_eq!(page(&escape, Scope::List), Some(Command::LeaveField));
        assert_eq!(page(&escape, Scope::Job), None);
        assert_eq!(
            global(&KeyPress { key: "g", ..typing }, false),
            Global::Pass
        );
        assert_eq!(
            global(&KeyPress { key: "?", ..typing }, false),
            Global::Pass
        );
        let dialog = KeyPress {
            dialog_open: true,
            ..key("j")
        };
        assert_eq!(page(&dialog, Scope::List), None);
        assert_eq!(
            global(&KeyPress { key: "?", ..dialog }, false),
            Global::Pass
        );
        for modified in [
            KeyPress {
                ctrl: true,
                ..key("r")
            },
            KeyPress {
                alt: true,
                ..key("r")
            },
            KeyPress {
                meta: true,
                ..key("r")
            },
        ] {
            assert_eq!(page(&modified, Scope::List), None, "{modified:?}");
        }
    }

    #[test]
    fn each_page_has_its_own_keys() {
        assert_eq!(page(&key("j"), Scope::List), Some(Command::CursorDown));
        assert_eq!(page(&key("k"), Scope::List), Some(Command::CursorUp));
        assert_eq!(page(&key("/"), Scope::List), Some(Command::FocusSearch));
        assert_eq!(page(&key("x"), Scope::List), Some(Command::ToggleSelect));
        let shift_x = KeyPress {
            shift: true,
            ..key("X")
        };
        assert_eq!(page(&shift_x, Scope::List), Some(Command::ExtendSelect));
        assert_eq!(page(&key("o"), Scope::List), Some(Command::Open));
        assert_eq!(page(&key("Enter"), Scope::List), Some(Command::Open));
        let on_link = KeyPress {
            focus: Focus::Control,
            ..key("Enter")
        };
        assert_eq!(page(&on_link, Scope::List), None, "Enter follows the link");
        assert_eq!(page(&key("e"), Scope::List), Some(Command::Edit));
        assert_eq!(page(&key("r"), Scope::List), Some(Command::Run));
        assert_eq!(page(&key("n"), Scope::List), Some(Command::NewJob));
        assert_eq!(page(&key("d"), Scope::List), None);
        assert_eq!(page(&key("d"), Scope::Job), Some(Command::Duplicate));
        assert_eq!(
            page(&key("Backspace"), Scope::Job),
            Some(Command::BackToList)
        );
        assert_eq!(page(&key("j"), Scope::Job), None);
        assert_eq!(page(&key("j"), Scope::Other), None);
    }

    #[test]
    fn the_sheet_lists_exactly_the_keys_that_work() {
        let single = |k: &'static str| KeyPress {
            shift: k == "X",
            ..key(k)
        };
        for scope in [Scope::List, Scope::Job] {
            let (here, everywhere) = sheet(scope);
            assert!(!here.is_empty() && everywhere.len() == 4);
            for (keys, what) in here {
                for k in keys.iter().filter(|k| **k != "Shift") {
                    let k = if keys.contains(&"Shift") { "X" } else { k };
                    let press = KeyPress {
                        focus: if k == "Escape" {
                            Focus::TextEntry
                        } else {
                            Focus::Other
                        },
                        ..single(k)
                    };
                    assert!(page(&press, scope).is_some(), "{scope:?} {k}: {what}");
                }
            }
        }
        assert!(sheet(Scope::Other).0.is_empty());
    }
}
