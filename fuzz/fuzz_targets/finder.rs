//! Fuzz target: the finder's state machine and drawing must never panic, whatever the keys,
//! answers, facet values, resizes and issue text (wide, combining, control characters), at any
//! screen size.

#![no_main]

use backissues::finder::draw::draw;
use backissues::finder::state::{update, Answer, Event, FilterKind, State};
use backissues::model::LinkDoc;
use backissues::search::{FacetCount, Hit, QueryConfig};
use libfuzzer_sys::fuzz_target;
use ratatui::backend::TestBackend;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::Terminal;

/// A link whose title and description are `text`.
fn hit(n: usize, text: &str) -> Hit {
    let doc: LinkDoc = serde_json::from_value(serde_json::json!({
        "url": format!("https://x.example/{n}/{}", text.len()),
        "domain": "x.example",
        "section": text,
        "section_title": text,
        "date": null,
        "year": null,
        "date_precision": null,
        "issue": n,
        "issue_title": text,
        "title": text,
        "description": text.repeat(3),
        "source": "fuzz.md",
        "position": 1,
        "newsletter": text,
    }))
    .expect("a link document");
    Hit {
        doc,
        score: None,
        snippet: String::new(),
        highlights: Vec::new(),
        appearances: None,
        recurring: false,
    }
}

fuzz_target!(|data: &[u8]| {
    let mut state = State::new("", QueryConfig::default(), (80, 24));
    state.start();
    let mut chunks = data.chunks(4);
    while let Some(chunk) = chunks.next() {
        let [op, a, b, c] = [0, 1, 2, 3].map(|i| chunk.get(i).copied().unwrap_or(0));
        let text = String::from_utf8_lossy(chunks.clone().next().unwrap_or_default()).into_owned();
        let key = |code| Event::Key(KeyEvent::new(code, KeyModifiers::NONE));
        let ctrl = |c| Event::Key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::CONTROL));
        let event = match op % 12 {
            0 => key(KeyCode::Char(char::from(a))),
            1 => key([KeyCode::Up, KeyCode::Down, KeyCode::PageUp, KeyCode::PageDown][usize::from(a % 4)]),
            2 => key([KeyCode::Home, KeyCode::End, KeyCode::Tab, KeyCode::Backspace][usize::from(a % 4)]),
            3 => key([KeyCode::Left, KeyCode::Right, KeyCode::Delete, KeyCode::F(1)][usize::from(a % 4)]),
            4 => ctrl(char::from(b'a' + a % 26)),
            5 => Event::Resize(u16::from(a % 200), u16::from(b % 80)),
            6 => Event::Answer {
                generation: state.generation.saturating_sub(u64::from(a % 2)),
                answer: Ok(Answer {
                    hits: (0..usize::from(b % 40)).map(|n| hit(n, &text)).collect(),
                    total: (c % 2 == 0).then_some(u64::from(c)),
                    advice: Some(text.clone()),
                }),
            },
            7 => Event::Answer {
                generation: state.generation,
                answer: Err(text.clone()),
            },
            8 => Event::Facet {
                generation: state.generation,
                kind: [FilterKind::Section, FilterKind::Year, FilterKind::Newsletter][usize::from(a % 3)],
                values: (0..usize::from(b % 5))
                    .map(|n| FacetCount { value: format!("{text}{n}"), count: u64::from(c), tracked: None })
                    .collect(),
            },
            9 => Event::Total { generation: state.generation, total: u64::from(a) },
            10 => Event::Appearances {
                url: state.selected_hit().map(|h| h.doc.url.clone()).unwrap_or_default(),
                hits: (0..usize::from(a % 5)).map(|n| hit(n, &text)).collect(),
            },
            _ => Event::Notice(text.clone()),
        };
        let _ = update(&mut state, event);
        let (width, lines) = state.size;
        if width > 0 && lines > 0 {
            let mut terminal = Terminal::new(TestBackend::new(width, lines)).expect("a test terminal");
            terminal.draw(|frame| draw(frame, &state)).expect("a drawn frame");
        }
    }
});
