//! The keys table agrees with what the finder shows and the README says.

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use super::*;

/// The names of `binding.keys`, without the parenthesised remarks: `F1, ? (empty query)` names
/// `F1` and `?`.
fn named_keys(binding: &Binding) -> Vec<String> {
    let mut plain = String::new();
    let mut depth = 0;
    for c in binding.keys.chars() {
        match c {
            '(' => depth += 1,
            ')' => depth -= 1,
            _ if depth == 0 => plain.push(c),
            _ => {}
        }
    }
    plain
        .split([' ', '/', ','])
        .filter(|name| !name.is_empty())
        .map(str::to_string)
        .collect()
}

#[test]
fn each_help_line_names_exactly_its_keys() {
    for binding in &BINDINGS {
        if binding.presses.is_empty() {
            continue;
        }
        let names: Vec<String> = binding.presses.iter().map(name).collect();
        assert_eq!(named_keys(binding), names, "{}", binding.keys);
    }
}

#[test]
fn every_press_finds_its_own_action() {
    for binding in &BINDINGS {
        for press in binding.presses.iter().chain(binding.aliases) {
            let key = KeyEvent::new(press.code, press.modifiers);
            assert_eq!(action(&key), Some(press.action), "{}", name(press));
        }
    }
}

#[test]
fn no_key_is_bound_twice() {
    let presses: Vec<&Press> = BINDINGS
        .iter()
        .flat_map(|binding| binding.presses.iter().chain(binding.aliases))
        .collect();
    for (at, press) in presses.iter().enumerate() {
        let again = presses[at + 1..]
            .iter()
            .any(|other| other.code == press.code && other.modifiers == press.modifiers);
        assert!(!again, "{} is bound twice", name(press));
    }
}

#[test]
fn letters_need_ctrl_exactly_as_bound_and_other_keys_take_any_modifier() {
    let shift_up = KeyEvent::new(KeyCode::Up, KeyModifiers::SHIFT);
    assert_eq!(action(&shift_up), Some(Action::Up));
    let plain_o = KeyEvent::new(KeyCode::Char('o'), KeyModifiers::NONE);
    assert_eq!(action(&plain_o), None);
    let ctrl_question = KeyEvent::new(KeyCode::Char('?'), KeyModifiers::CONTROL);
    assert_eq!(action(&ctrl_question), None);
    let alt_ctrl_c = KeyEvent::new(
        KeyCode::Char('c'),
        KeyModifiers::CONTROL | KeyModifiers::ALT,
    );
    assert_eq!(action(&alt_ctrl_c), Some(Action::Cancel));
}

#[test]
fn the_hint_row_is_made_of_bound_keys() {
    assert_eq!(
        hint_row(),
        "Enter pick  Tab mark  ^O open  ^Y copy  ^S ^T ^L filter  F1 keys  Esc quit"
    );
    let first_keys: Vec<String> = BINDINGS
        .iter()
        .filter_map(|binding| binding.presses.first())
        .map(name)
        .collect();
    for hint in hint_row().split("  ") {
        let (keys, _word) = hint.rsplit_once(' ').unwrap();
        for key in keys.split(' ') {
            assert!(first_keys.iter().any(|k| k == key), "{key} in the hint row");
        }
    }
}

#[test]
fn the_help_lists_every_binding() {
    let help = help_text();
    assert_eq!(help.lines().count(), BINDINGS.len() + 1);
    for (line, binding) in help.lines().skip(1).zip(&BINDINGS) {
        assert!(line.trim_start().starts_with(binding.keys), "{line}");
        assert!(line.ends_with(binding.help), "{line}");
    }
}

#[test]
fn the_readme_keys_table_is_the_bindings_table() {
    let readme = include_str!("../../../README.md");
    let table = readme_table();
    assert!(
        readme.contains(&table),
        "README.md's keys table (under `backissues search`) should read:\n{table}"
    );
}
