//! The finder's keys as data: one table, [`BINDINGS`], says which key does what and how the
//! help names it. The state looks keys up in it ([`action`]); the help overlay, `search
//! --help`, the hint row and the README's keys table are all made from it, so they cannot
//! disagree with what the keys do.

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

/// What a key does to the finder.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    /// End the run, printing nothing.
    Cancel,
    /// Print the marked links, or the selected one.
    Pick,
    /// Mark or unmark the selected link, then move down.
    ToggleMark,
    /// The row above.
    Up,
    /// The row below.
    Down,
    /// A page up.
    PageUp,
    /// A page down.
    PageDown,
    /// The first row.
    First,
    /// The last row.
    Last,
    /// Show the key help.
    Help,
    /// Show the key help on an empty query; otherwise the key is typed.
    HelpWhenEmpty,
    /// Open the selected link in the browser.
    Open,
    /// Copy the selected link's URL.
    Copy,
    /// The section filter's next value.
    NextSection,
    /// The year filter's next value.
    NextYear,
    /// The newsletter filter's next value.
    NextNewsletter,
    /// Every cycled filter back to every value.
    ClearFilters,
    /// Show or hide the preview.
    TogglePreview,
    /// Edit the query line.
    Edit(Edit),
}

/// An editing key on the query line.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Edit {
    /// Delete the character before the cursor.
    DeleteBack,
    /// Delete the character under the cursor.
    DeleteForward,
    /// Delete the query up to the cursor.
    ClearToCursor,
    /// Delete the word before the cursor.
    DeleteWord,
    /// The cursor one character left.
    Left,
    /// The cursor one character right.
    Right,
    /// The cursor to the start of the query.
    StartOfQuery,
    /// The cursor to the end of the query.
    EndOfQuery,
}

/// One key press and its action.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Press {
    /// The key.
    pub code: KeyCode,
    /// `CONTROL` for a Ctrl key, else `NONE` (see [`action`] for how they match).
    pub modifiers: KeyModifiers,
    /// What the press does.
    pub action: Action,
}

/// One line of the key help and the presses behind it.
#[derive(Debug, Clone, Copy)]
pub struct Binding {
    /// The keys as the help names them: the names of `presses` (a test checks they agree).
    pub keys: &'static str,
    /// What they do, as the help says it.
    pub help: &'static str,
    /// The word on the hint row, after the first key's name; neighbouring lines with the same
    /// word share it (`^S ^T ^L filter`). `None`: only in the help.
    pub hint: Option<&'static str>,
    /// The presses the help names.
    pub presses: &'static [Press],
    /// Presses with the same effect the help leaves out (`^M` for Enter, Backspace).
    pub aliases: &'static [Press],
}

/// A press of `code` without Ctrl.
const fn key(code: KeyCode, action: Action) -> Press {
    Press {
        code,
        modifiers: KeyModifiers::NONE,
        action,
    }
}

/// A press of Ctrl and the letter `c`.
const fn ctrl(c: char, action: Action) -> Press {
    Press {
        code: KeyCode::Char(c),
        modifiers: KeyModifiers::CONTROL,
        action,
    }
}

/// Every key of the finder, in the order the help lists them.
pub const BINDINGS: [Binding; 17] = [
    Binding {
        keys: "typing",
        help: "search; the last word is a prefix",
        hint: None,
        presses: &[],
        aliases: &[
            key(KeyCode::Backspace, Action::Edit(Edit::DeleteBack)),
            ctrl('h', Action::Edit(Edit::DeleteBack)),
            key(KeyCode::Delete, Action::Edit(Edit::DeleteForward)),
            ctrl('d', Action::Edit(Edit::DeleteForward)),
        ],
    },
    Binding {
        keys: "Up/Down ^P/^N ^K/^J",
        help: "move",
        hint: None,
        presses: &[
            key(KeyCode::Up, Action::Up),
            key(KeyCode::Down, Action::Down),
            ctrl('p', Action::Up),
            ctrl('n', Action::Down),
            ctrl('k', Action::Up),
            ctrl('j', Action::Down),
        ],
        aliases: &[],
    },
    Binding {
        keys: "PgUp/PgDn Home/End",
        help: "a page, the first, the last",
        hint: None,
        presses: &[
            key(KeyCode::PageUp, Action::PageUp),
            key(KeyCode::PageDown, Action::PageDown),
            key(KeyCode::Home, Action::First),
            key(KeyCode::End, Action::Last),
        ],
        aliases: &[],
    },
    Binding {
        keys: "Enter",
        help: "print the URL (or the marked ones)",
        hint: Some("pick"),
        presses: &[key(KeyCode::Enter, Action::Pick)],
        aliases: &[ctrl('m', Action::Pick)],
    },
    Binding {
        keys: "Tab",
        help: "mark or unmark, for several URLs",
        hint: Some("mark"),
        presses: &[key(KeyCode::Tab, Action::ToggleMark)],
        aliases: &[],
    },
    Binding {
        keys: "^O",
        help: "open in the browser",
        hint: Some("open"),
        presses: &[ctrl('o', Action::Open)],
        aliases: &[],
    },
    Binding {
        keys: "^Y",
        help: "copy the URL (OSC 52, works over SSH)",
        hint: Some("copy"),
        presses: &[ctrl('y', Action::Copy)],
        aliases: &[],
    },
    Binding {
        keys: "^S",
        help: "next section",
        hint: Some("filter"),
        presses: &[ctrl('s', Action::NextSection)],
        aliases: &[],
    },
    Binding {
        keys: "^T",
        help: "next year",
        hint: Some("filter"),
        presses: &[ctrl('t', Action::NextYear)],
        aliases: &[],
    },
    Binding {
        keys: "^L",
        help: "next newsletter",
        hint: Some("filter"),
        presses: &[ctrl('l', Action::NextNewsletter)],
        aliases: &[],
    },
    Binding {
        keys: "^X",
        help: "clear the filters",
        hint: None,
        presses: &[ctrl('x', Action::ClearFilters)],
        aliases: &[],
    },
    Binding {
        keys: "^V",
        help: "show or hide the preview",
        hint: None,
        presses: &[ctrl('v', Action::TogglePreview)],
        aliases: &[],
    },
    Binding {
        keys: "^U ^W",
        help: "clear the query, delete a word",
        hint: None,
        presses: &[
            ctrl('u', Action::Edit(Edit::ClearToCursor)),
            ctrl('w', Action::Edit(Edit::DeleteWord)),
        ],
        aliases: &[],
    },
    Binding {
        keys: "Left/Right ^A/^E",
        help: "move in the query",
        hint: None,
        presses: &[
            key(KeyCode::Left, Action::Edit(Edit::Left)),
            key(KeyCode::Right, Action::Edit(Edit::Right)),
            ctrl('a', Action::Edit(Edit::StartOfQuery)),
            ctrl('e', Action::Edit(Edit::EndOfQuery)),
        ],
        aliases: &[
            ctrl('b', Action::Edit(Edit::Left)),
            ctrl('f', Action::Edit(Edit::Right)),
        ],
    },
    Binding {
        keys: "F1, ? (empty query)",
        help: "these keys",
        hint: Some("keys"),
        presses: &[
            key(KeyCode::F(1), Action::Help),
            key(KeyCode::Char('?'), Action::HelpWhenEmpty),
        ],
        aliases: &[],
    },
    Binding {
        keys: "Esc ^C",
        help: "quit, print nothing (exit 130)",
        hint: Some("quit"),
        presses: &[key(KeyCode::Esc, Action::Cancel), ctrl('c', Action::Cancel)],
        aliases: &[ctrl('g', Action::Cancel)],
    },
    Binding {
        keys: "mouse (--mouse)",
        help: "wheel moves, click selects",
        hint: None,
        presses: &[],
        aliases: &[],
    },
];

/// The action of `key`, if it has one. A character matches with Ctrl held exactly when it is
/// bound with Ctrl (Shift and Alt do not count); any other key matches whatever the modifiers
/// (Shift-Up moves as Up does). A key with no action is typed, or ignored.
pub fn action(key: &KeyEvent) -> Option<Action> {
    let control = key.modifiers.contains(KeyModifiers::CONTROL);
    BINDINGS
        .iter()
        .flat_map(|binding| binding.presses.iter().chain(binding.aliases))
        .find(|press| {
            press.code == key.code
                && (!matches!(key.code, KeyCode::Char(_))
                    || press.modifiers.contains(KeyModifiers::CONTROL) == control)
        })
        .map(|press| press.action)
}

/// The help's name of `press`: `^O` for Ctrl-O, `PgUp`, `F1`.
pub fn name(press: &Press) -> String {
    let key = match press.code {
        KeyCode::Char(c) => c.to_ascii_uppercase().to_string(),
        KeyCode::F(n) => format!("F{n}"),
        KeyCode::PageUp => "PgUp".to_string(),
        KeyCode::PageDown => "PgDn".to_string(),
        code => format!("{code:?}"),
    };
    if press.modifiers.contains(KeyModifiers::CONTROL) {
        format!("^{key}")
    } else {
        key
    }
}

/// The short hint row under the list: the first key of each binding with a hint word, the
/// neighbours with the same word together.
pub fn hint_row() -> String {
    let mut hints: Vec<(Vec<String>, &str)> = Vec::new();
    for binding in &BINDINGS {
        let (Some(word), Some(press)) = (binding.hint, binding.presses.first()) else {
            continue;
        };
        match hints.last_mut() {
            Some((keys, last)) if *last == word => keys.push(name(press)),
            _ => hints.push((vec![name(press)], word)),
        }
    }
    hints
        .iter()
        .map(|(keys, word)| format!("{} {word}", keys.join(" ")))
        .collect::<Vec<_>>()
        .join("  ")
}

/// The key list as text, for `backissues search --help`.
pub fn help_text() -> String {
    let key_width = BINDINGS.iter().map(|b| b.keys.len()).max().unwrap_or(0);
    let mut help = String::from("Keys:\n");
    for binding in &BINDINGS {
        help.push_str(&format!(
            "  {:<key_width$}  {}\n",
            binding.keys, binding.help
        ));
    }
    help
}

/// The README's keys table (Markdown).
pub fn readme_table() -> String {
    let mut table = String::from("| key | does |\n|---|---|\n");
    for binding in &BINDINGS {
        table.push_str(&format!("| {} | {} |\n", binding.keys, binding.help));
    }
    table
}

#[cfg(test)]
mod tests;
