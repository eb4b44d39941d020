//! Key → effect: every transition of the finder, as plain function calls.

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use super::super::layout::LIST_TOP;
use super::*;
use crate::model::LinkDoc;
use crate::search::{Appearance, Hit};

/// A hit for `url` titled `title`.
pub(crate) fn hit(url: &str, title: &str) -> Hit {
    Hit {
        doc: LinkDoc {
            url: url.to_string(),
            domain: crate::urls::host(url),
            section: "tools".to_string(),
            section_title: "Tools".to_string(),
            date: Some(time::macros::date!(2020 - 03 - 22)),
            year: Some(2020),
            date_precision: Some(crate::model::DatePrecision::Day),
            issue: Some(482),
            issue_title: "Issue 482".to_string(),
            title: Some(title.to_string()),
            description: format!("All about {title}."),
            source: "fixtures/482.md".to_string(),
            position: 1,
            newsletter: "devopsweekly".to_string(),
            written_url: None,
            tracked: crate::model::Tracked::No,
            issue_url: None,
        },
        score: Some(1.0),
        snippet: String::new(),
        highlights: Vec::new(),
        appearances: Some(vec![Appearance {
            date: Some("2020-03-22".to_string()),
            issue: Some(482),
        }]),
        recurring: false,
    }
}

fn key(code: KeyCode) -> Event {
    Event::Key(KeyEvent::new(code, KeyModifiers::NONE))
}

fn ctrl(c: char) -> Event {
    Event::Key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::CONTROL))
}

fn typed(state: &mut State, text: &str) -> Vec<Effect> {
    text.chars()
        .flat_map(|c| update(state, key(KeyCode::Char(c))))
        .collect()
}

/// A state at 100x30 whose first search answered with `hits`.
fn answered(hits: Vec<Hit>) -> State {
    let mut state = State::new("", QueryConfig::default(), (100, 30));
    state.start();
    let total = hits.len() as u64;
    let effects = update(
        &mut state,
        Event::Answer {
            generation: 1,
            answer: Ok(Answer {
                hits,
                total: Some(total),
                advice: None,
            }),
        },
    );
    assert!(matches!(
        effects[..],
        [Effect::Job(Job::Appearances { .. })] | []
    ));
    state
}

fn three() -> Vec<Hit> {
    vec![
        hit("https://a.example/1", "Async closures"),
        hit("https://b.example/2", "Envoy control planes"),
        hit("https://c.example/3", "Kubernetes operators"),
    ]
}

fn searched_words(effects: &[Effect]) -> Vec<String> {
    effects
        .iter()
        .filter_map(|effect| match effect {
            Effect::Job(Job::Search { config, .. }) => Some(config.words.clone()),
            _ => None,
        })
        .collect()
}

#[test]
fn the_first_search_runs_the_command_line_words() {
    let mut state = State::new("envoy", QueryConfig::default(), (80, 24));
    let effects = state.start();
    assert_eq!(searched_words(&effects), ["envoy*"]);
}

#[test]
fn every_keystroke_searches_with_the_last_word_as_a_prefix() {
    let mut state = answered(three());
    let effects = typed(&mut state, "asyn");
    // One or two letters are searched as words: a short prefix would match most of a large
    // archive.
    assert_eq!(searched_words(&effects), ["a", "as", "asy*", "asyn*"]);
    assert_eq!(state.generation, 5);
    let effects = update(&mut state, key(KeyCode::Char(' ')));
    assert_eq!(searched_words(&effects), ["asyn"]);
}

#[test]
fn an_overtaken_answer_is_dropped() {
    let mut state = answered(three());
    typed(&mut state, "en");
    let stale = Event::Answer {
        generation: 2,
        answer: Ok(Answer {
            hits: vec![hit("https://stale.example/", "stale")],
            total: Some(1),
            advice: None,
        }),
    };
    assert!(update(&mut state, stale).is_empty());
    assert_eq!(state.hits().len(), 3, "the stale answer must not show");
    assert!(state.searching());
    let fresh = Event::Answer {
        generation: 3,
        answer: Ok(Answer {
            hits: vec![hit("https://b.example/2", "Envoy control planes")],
            total: Some(1),
            advice: None,
        }),
    };
    update(&mut state, fresh);
    assert!(!state.searching());
    assert_eq!(state.hits()[0].doc.url, "https://b.example/2");
}

#[test]
fn enter_picks_the_selected_link() {
    let mut state = answered(three());
    update(&mut state, key(KeyCode::Down));
    let effects = update(&mut state, key(KeyCode::Enter));
    assert_eq!(
        effects,
        [Effect::Exit(Choice::Picked(vec![three()[1].clone()]))]
    );
}

#[test]
fn enter_while_searching_picks_from_the_answer() {
    let mut state = answered(three());
    typed(&mut state, "kub");
    assert!(update(&mut state, key(KeyCode::Enter)).is_empty());
    let generation = state.generation;
    let effects = update(
        &mut state,
        Event::Answer {
            generation,
            answer: Ok(Answer {
                hits: vec![three()[2].clone()],
                total: Some(1),
                advice: None,
            }),
        },
    );
    assert_eq!(
        effects,
        [Effect::Exit(Choice::Picked(vec![three()[2].clone()]))]
    );
}

#[test]
fn enter_on_no_link_chooses_nothing_and_escape_cancels() {
    let mut state = answered(Vec::new());
    assert_eq!(
        update(&mut state, key(KeyCode::Enter)),
        [Effect::Exit(Choice::Nothing)]
    );
    assert_eq!(
        update(&mut state, key(KeyCode::Esc)),
        [Effect::Exit(Choice::Cancelled)]
    );
    assert_eq!(
        update(&mut state, ctrl('c')),
        [Effect::Exit(Choice::Cancelled)]
    );
    assert_eq!(
        update(&mut state, Event::Stop),
        [Effect::Exit(Choice::Cancelled)]
    );
}

#[test]
fn tab_marks_several_and_enter_picks_them_in_order() {
    let mut state = answered(three());
    update(&mut state, key(KeyCode::Down));
    update(&mut state, key(KeyCode::Down));
    update(&mut state, key(KeyCode::Tab));
    assert_eq!(state.selected, 2, "the last row stays selected");
    update(&mut state, key(KeyCode::Home));
    update(&mut state, key(KeyCode::Tab));
    assert_eq!(state.selected, 1);
    let effects = update(&mut state, key(KeyCode::Enter));
    let picked = [three()[2].clone(), three()[0].clone()].to_vec();
    assert_eq!(effects, [Effect::Exit(Choice::Picked(picked))]);
    // Tab again unmarks.
    update(&mut state, key(KeyCode::Up));
    update(&mut state, key(KeyCode::Tab));
    assert_eq!(state.marked.len(), 1);
}

#[test]
fn moving_stays_within_the_list() {
    let mut state = answered(three());
    update(&mut state, key(KeyCode::Up));
    assert_eq!(state.selected, 0);
    update(&mut state, ctrl('n'));
    update(&mut state, ctrl('j'));
    assert_eq!(state.selected, 2);
    update(&mut state, key(KeyCode::Down));
    assert_eq!(state.selected, 2);
    update(&mut state, ctrl('k'));
    assert_eq!(state.selected, 1);
    update(&mut state, key(KeyCode::PageDown));
    assert_eq!(state.selected, 2);
    update(&mut state, key(KeyCode::PageUp));
    assert_eq!(state.selected, 0);
    update(&mut state, key(KeyCode::End));
    assert_eq!(state.selected, 2);
}

#[test]
fn the_selected_row_stays_on_screen() {
    let many: Vec<Hit> = (0..60)
        .map(|n| hit(&format!("https://x.example/{n}"), "x"))
        .collect();
    let mut state = answered(many);
    state.preview = false;
    update(&mut state, key(KeyCode::End));
    // 30 lines less the query, status and hint lines.
    assert_eq!(state.list_height(), 27);
    assert_eq!(state.first_row(), 59 - 26);
    update(&mut state, key(KeyCode::Home));
    assert_eq!(state.first_row(), 0);
}

#[test]
fn editing_keys_change_the_query() {
    let mut state = answered(three());
    typed(&mut state, "rust async");
    update(&mut state, ctrl('w'));
    assert_eq!(state.input, "rust ");
    update(&mut state, key(KeyCode::Backspace));
    assert_eq!(state.input, "rust");
    update(&mut state, key(KeyCode::Left));
    update(&mut state, key(KeyCode::Left));
    typed(&mut state, "é");
    assert_eq!(state.input, "ruést");
    update(&mut state, ctrl('e'));
    assert_eq!(state.cursor, state.input.len());
    let effects = update(&mut state, ctrl('u'));
    assert_eq!(state.input, "");
    assert_eq!(searched_words(&effects), [""]);
    // Nothing to delete: no new search.
    assert!(update(&mut state, key(KeyCode::Backspace)).is_empty());
}

#[test]
fn open_and_copy_act_on_the_selected_link() {
    let mut state = answered(three());
    update(&mut state, key(KeyCode::Down));
    assert_eq!(
        update(&mut state, ctrl('o')),
        [Effect::Open("https://b.example/2".to_string())]
    );
    assert_eq!(
        update(&mut state, ctrl('y')),
        [Effect::Copy("https://b.example/2".to_string())]
    );
    let mut empty = answered(Vec::new());
    assert!(update(&mut empty, ctrl('o')).is_empty());
    assert_eq!(empty.notice.as_deref(), Some("no link selected"));
}

#[test]
fn a_filter_key_asks_for_the_values_then_cycles_through_them() {
    let mut state = answered(three());
    let effects = update(&mut state, ctrl('s'));
    let [Effect::Job(Job::Facet {
        generation,
        kind: FilterKind::Section,
        config,
    })] = &effects[..]
    else {
        panic!("a facet request expected, got {effects:?}");
    };
    assert_eq!(config.mode, Mode::Facet(FacetField::Section));
    let values = vec![
        FacetCount {
            value: "news".into(),
            count: 30,
            tracked: None,
        },
        FacetCount {
            value: "tools".into(),
            count: 12,
            tracked: None,
        },
    ];
    let effects = update(
        &mut state,
        Event::Facet {
            generation: *generation,
            kind: FilterKind::Section,
            values,
        },
    );
    assert_eq!(state.filters.sections, ["news"]);
    let [Effect::Job(Job::Search { config, .. })] = &effects[..] else {
        panic!("a search expected, got {effects:?}");
    };
    assert_eq!(config.sections, ["news"]);
    // The values stay known: the next presses need no new count.
    update(&mut state, ctrl('s'));
    assert_eq!(state.filters.sections, ["tools"]);
    update(&mut state, ctrl('s'));
    assert!(
        state.filters.sections.is_empty(),
        "after the last, every section"
    );
    update(&mut state, ctrl('s'));
    assert_eq!(state.filters.sections, ["news"]);
    // Ctrl-X clears.
    let effects = update(&mut state, ctrl('x'));
    assert_eq!(searched_words(&effects).len(), 1);
    assert_eq!(state.filters, Filters::default());
}

#[test]
fn years_cycle_as_ranges_and_command_line_filters_start_them() {
    let base = QueryConfig {
        years: Some("2020".parse().unwrap()),
        ..QueryConfig::default()
    };
    let mut state = State::new("", base, (80, 24));
    let effects = state.start();
    let [Effect::Job(Job::Search { config, .. })] = &effects[..] else {
        panic!("{effects:?}");
    };
    assert_eq!(config.years, Some("2020".parse().unwrap()));
    state.facets.insert(
        FilterKind::Year,
        ["2021", "2020", "2019"]
            .iter()
            .map(|y| FacetCount {
                value: (*y).into(),
                count: 1,
                tracked: None,
            })
            .collect(),
    );
    update(&mut state, ctrl('t'));
    assert_eq!(
        state.filters.shown(FilterKind::Year).as_deref(),
        Some("2019")
    );
}

#[test]
fn facet_values_of_an_older_search_are_dropped() {
    let mut state = answered(three());
    update(&mut state, ctrl('l'));
    typed(&mut state, "x");
    let effects = update(
        &mut state,
        Event::Facet {
            generation: 1,
            kind: FilterKind::Newsletter,
            values: vec![FacetCount {
                value: "a".into(),
                count: 1,
                tracked: None,
            }],
        },
    );
    assert!(effects.is_empty());
    assert!(state.filters.newsletters.is_empty());
}

#[test]
fn help_opens_on_f1_or_question_mark_and_any_key_closes_it() {
    let mut state = answered(three());
    update(&mut state, key(KeyCode::F(1)));
    assert!(state.help);
    assert!(update(&mut state, key(KeyCode::Enter)).is_empty());
    assert!(!state.help);
    update(&mut state, key(KeyCode::Char('?')));
    assert!(state.help);
    update(&mut state, key(KeyCode::Esc));
    typed(&mut state, "c");
    update(&mut state, key(KeyCode::Char('?')));
    assert!(!state.help, "? in a query is a character");
    assert_eq!(state.input, "c?");
}

#[test]
fn the_preview_asks_for_the_selected_links_appearances() {
    let mut state = answered(three());
    let effects = update(&mut state, key(KeyCode::Down));
    assert_eq!(
        effects,
        [Effect::Job(Job::Appearances {
            url: "https://b.example/2".to_string()
        })]
    );
    update(
        &mut state,
        Event::Appearances {
            url: "https://b.example/2".to_string(),
            hits: vec![three()[1].clone()],
        },
    );
    update(&mut state, key(KeyCode::Down));
    let effects = update(&mut state, key(KeyCode::Up));
    assert!(effects.is_empty(), "known appearances are not asked again");
    assert!(update(&mut state, ctrl('v')).is_empty());
    assert!(!state.preview);
    assert!(update(&mut state, key(KeyCode::Down)).is_empty());
}

#[test]
fn mouse_clicks_select_rows_and_the_wheel_moves() {
    use crossterm::event::{MouseButton, MouseEvent, MouseEventKind};
    let mut state = answered(three());
    let click = |row| {
        Event::Mouse(MouseEvent {
            kind: MouseEventKind::Down(MouseButton::Left),
            column: 5,
            row,
            modifiers: KeyModifiers::NONE,
        })
    };
    update(&mut state, click(LIST_TOP + 2));
    assert_eq!(state.selected, 2);
    update(&mut state, click(0));
    assert_eq!(
        state.selected, 2,
        "a click on the query line selects nothing"
    );
    update(
        &mut state,
        Event::Mouse(MouseEvent {
            kind: MouseEventKind::ScrollUp,
            column: 5,
            row: 5,
            modifiers: KeyModifiers::NONE,
        }),
    );
    assert_eq!(state.selected, 0);
}

#[test]
fn the_total_arrives_after_a_full_page_and_only_for_the_newest_search() {
    let mut state = answered(three());
    typed(&mut state, "k");
    let generation = state.generation;
    let full = Answer {
        hits: three(),
        total: None,
        advice: None,
    };
    update(
        &mut state,
        Event::Answer {
            generation,
            answer: Ok(full),
        },
    );
    update(
        &mut state,
        Event::Total {
            generation: generation - 1,
            total: 7,
        },
    );
    assert_eq!(state.answer.as_ref().unwrap().total, None);
    update(
        &mut state,
        Event::Total {
            generation,
            total: 420,
        },
    );
    assert_eq!(state.answer.as_ref().unwrap().total, Some(420));
}

#[test]
fn scrolling_near_the_end_of_a_full_page_asks_for_more_and_keeps_the_selection() {
    let page: Vec<Hit> = (0..PAGE)
        .map(|n| hit(&format!("https://x.example/{n}"), "x"))
        .collect();
    let mut state = State::new("x", QueryConfig::default(), (80, 24));
    state.start();
    update(
        &mut state,
        Event::Answer {
            generation: 1,
            answer: Ok(Answer {
                hits: page,
                total: None,
                advice: None,
            }),
        },
    );
    state.preview = false;
    assert!(
        update(&mut state, key(KeyCode::Down)).is_empty(),
        "far from the end"
    );
    let effects = update(&mut state, key(KeyCode::End));
    let [Effect::Job(Job::Search { generation, config })] = &effects[..] else {
        panic!("a longer search expected, got {effects:?}");
    };
    assert_eq!(config.limit, 2 * PAGE);
    assert_eq!(config.words, "x");
    let longer: Vec<Hit> = (0..2 * PAGE)
        .map(|n| hit(&format!("https://x.example/{n}"), "x"))
        .collect();
    update(
        &mut state,
        Event::Answer {
            generation: *generation,
            answer: Ok(Answer {
                hits: longer,
                total: Some(130),
                advice: None,
            }),
        },
    );
    assert_eq!(state.selected, PAGE - 1, "the selection stays");
    // A new word starts from the first page again.
    let effects = typed(&mut state, "y");
    let [Effect::Job(Job::Search { config, .. })] = &effects[..] else {
        panic!("{effects:?}");
    };
    assert_eq!(config.limit, PAGE);
}

#[test]
fn a_short_last_word_waits_for_its_third_letter() {
    let typed: Vec<String> = [
        "async c",
        "async cl",
        "async clo",
        "async clo ",
        "c",
        "rust OR g",
        "rust -c",
        "title:c",
    ]
    .iter()
    .map(|input| words_as_typed(input))
    .collect();
    assert_eq!(
        typed,
        [
            "async",
            "async",
            "async clo*",
            "async clo",
            "c",
            "rust",
            "rust -c",
            "title:c"
        ]
    );
}
