//! Snapshots of the finder's screen (ratatui's TestBackend, insta), and the styles that carry
//! meaning: the selection in reverse video with and without colour.

use ratatui::backend::TestBackend;
use ratatui::style::{Color, Modifier};
use ratatui::Terminal;

use super::super::state::tests::hit;
use super::super::state::{update, Answer, Event, State};
use super::draw;
use crate::search::{Appearance, QueryConfig};

/// The screen of `state` at its size.
fn screen(state: &State) -> Terminal<TestBackend> {
    let (width, lines) = state.size;
    let mut terminal = Terminal::new(TestBackend::new(width, lines)).unwrap();
    terminal.draw(|frame| draw(frame, state)).unwrap();
    terminal
}

/// A state of `size` with `input` typed and answered by three links.
fn with_links(input: &str, size: (u16, u16)) -> State {
    let mut state = State::new(input, QueryConfig::default(), size);
    state.start();
    let mut hits = vec![
        hit("https://a.example/closures", "Async closures are stable"),
        hit(
            "https://blog.b.example/envoy",
            "Envoy control planes, a survey",
        ),
        hit("https://c.example/k8s", "Kubernetes operators in Rust"),
    ];
    hits[1].appearances = Some(vec![
        Appearance {
            date: Some("2019-04-28".into()),
            issue: Some(435),
        },
        Appearance {
            date: Some("2020-03-22".into()),
            issue: Some(482),
        },
    ]);
    update(
        &mut state,
        Event::Answer {
            generation: 1,
            answer: Ok(Answer {
                total: Some(42),
                hits,
                advice: None,
            }),
        },
    );
    state
}

#[test]
fn wide_screen_with_the_preview_beside_the_list() {
    let mut state = with_links("async clos", (120, 16));
    let selected = state.hits()[0].clone();
    update(
        &mut state,
        Event::Appearances {
            url: selected.doc.url.clone(),
            hits: vec![selected],
        },
    );
    insta::assert_snapshot!(screen(&state).backend());
}

#[test]
fn narrow_screen_with_the_preview_under_the_list() {
    let state = with_links("envoy", (80, 24));
    insta::assert_snapshot!(screen(&state).backend());
}

#[test]
fn without_the_preview_marked_rows_and_filters() {
    let mut state = with_links("rust", (80, 10));
    state.preview = false;
    state.filters.sections = vec!["tools".into()];
    state.filters.years = Some("2020".parse().unwrap());
    state.marked.push(state.hits()[2].clone());
    state.several_newsletters = true;
    insta::assert_snapshot!(screen(&state).backend());
}

#[test]
fn nothing_found_shows_the_advice() {
    let mut state = State::new("asyn", QueryConfig::default(), (80, 8));
    state.start();
    update(
        &mut state,
        Event::Answer {
            generation: 1,
            answer: Ok(Answer {
                hits: Vec::new(),
                total: Some(0),
                advice: Some(
                    "no links match; to allow typos, run the query again with --fuzzy".into(),
                ),
            }),
        },
    );
    insta::assert_snapshot!(screen(&state).backend());
}

#[test]
fn a_query_error_shows_in_the_status_line() {
    let mut state = State::new("title:(", QueryConfig::default(), (80, 6));
    state.start();
    update(
        &mut state,
        Event::Answer {
            generation: 1,
            answer: Err("cannot read the query: unexpected end at character 8".into()),
        },
    );
    insta::assert_snapshot!(screen(&state).backend());
}

#[test]
fn the_key_help_overlays_the_list() {
    let mut state = with_links("", (80, 24));
    state.help = true;
    insta::assert_snapshot!(screen(&state).backend());
}

#[test]
fn escape_sequences_in_issue_text_never_reach_the_screen() {
    let mut state = State::new("", QueryConfig::default(), (80, 6));
    state.start();
    let mut evil = hit(
        "https://evil.example/",
        "Title\u{1b}[2J\u{1b}]0;pwned\u{7} text",
    );
    evil.doc.description = "line\u{1b}[31m red\r\nnext".into();
    update(
        &mut state,
        Event::Answer {
            generation: 1,
            answer: Ok(Answer {
                hits: vec![evil],
                total: Some(1),
                advice: None,
            }),
        },
    );
    let terminal = screen(&state);
    let shown = terminal.backend().to_string();
    assert!(
        !shown.contains('\u{1b}') && !shown.contains('\u{7}'),
        "{shown}"
    );
    assert!(shown.contains("Title text"), "{shown}");
}

#[test]
fn the_selection_is_reverse_video_with_and_without_colour() {
    for color in [true, false] {
        let mut state = with_links("async", (80, 12));
        state.color = color;
        state.preview = false;
        let terminal = screen(&state);
        let buffer = terminal.backend().buffer();
        // Row 2 is the first link, selected.
        let selected = &buffer[(5, 2)];
        assert!(
            selected.modifier.contains(Modifier::REVERSED),
            "color={color}"
        );
        let other = &buffer[(5, 3)];
        assert!(
            !other.modifier.contains(Modifier::REVERSED),
            "color={color}"
        );
        // The matched word "Async" in the first title.
        let title_at = (0..80)
            .find(|&x| buffer[(x, 2)].symbol() == "A" && buffer[(x + 1, 2)].symbol() == "s")
            .expect("the title is on the row");
        let matched = &buffer[(title_at, 2)];
        assert!(matched.modifier.contains(Modifier::BOLD));
        let colours = (0..80)
            .flat_map(|x| (0..12).map(move |y| (x, y)))
            .any(|(x, y)| buffer[(x, y)].fg != Color::Reset);
        assert_eq!(colours, color, "colour only when asked for");
    }
}

mod any_screen {
    //! Any state at any size draws without a panic: tiny terminals, long and hostile text, the
    //! help over a one-line screen.

    use proptest::prelude::*;

    use super::*;

    fn text() -> impl Strategy<Value = String> {
        prop_oneof![
            "[a-zA-Z ]{0,40}",
            "\\PC{0,80}",
            Just("\u{1b}[2J\u{7}\u{202e}x\u{0}".to_string()),
            Just("宽字符的标题 ".repeat(30)),
        ]
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(200))]

        #[test]
        fn draws_at_any_size(
            width in 1u16..160,
            lines in 1u16..60,
            titles in proptest::collection::vec(text(), 0..8),
            input in text(),
            help in any::<bool>(),
            preview in any::<bool>(),
            selected in 0usize..10,
            several in any::<bool>(),
        ) {
            let mut state = State::new(&input, QueryConfig::default(), (width, lines));
            state.start();
            let hits: Vec<_> = titles
                .iter()
                .enumerate()
                .map(|(n, title)| {
                    let mut h = hit(&format!("https://x.example/{n}"), title);
                    h.doc.description = title.repeat(3);
                    h
                })
                .collect();
            update(
                &mut state,
                Event::Answer {
                    generation: 1,
                    answer: Ok(Answer { total: None, hits, advice: Some(input.clone()) }),
                },
            );
            state.help = help;
            state.preview = preview;
            state.several_newsletters = several;
            state.selected = selected.min(titles.len().saturating_sub(1));
            let terminal = screen(&state);
            let shown = terminal.backend().to_string();
            prop_assert!(!shown.contains(char::from(0x1b)), "an escape reached the screen");
        }
    }
}
