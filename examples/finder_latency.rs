//! The finder's keystroke latency: replays typed queries one key at a time, in process, through
//! the finder's own steps (the state's search for the input, the search thread's search and
//! count, the answers applied, a frame drawn on ratatui's TestBackend), and prints percentiles in ms next to
//! the 16 ms frame budget of a 60 Hz screen. A 10-hit `query` search of each whole phrase is
//! timed in the same run, as the reference.
//!
//! `cargo run --release --example finder_latency -- INDEX_DIR [--runs N] [--size WxH]`

use std::time::{Duration, Instant};

use backissues::finder::draw::draw;
use backissues::finder::state::{update, Effect, Event, Job, State};
use backissues::finder::worker;
use backissues::search::{Engine, QueryConfig};
use ratatui::backend::TestBackend;
use ratatui::Terminal;

/// What people type: words of the synthetic corpus's vocabulary and of real DevOps issues.
const PHRASES: [&str; 8] = [
    "async closures",
    "kubernetes security",
    "service mesh",
    "terraform modules",
    "observability",
    "postgres backup",
    "envoy control plane",
    "incident review",
];

/// A frame at 60 Hz.
const FRAME_BUDGET_MS: f64 = 16.0;

fn main() -> anyhow::Result<()> {
    let mut args = std::env::args().skip(1);
    let index = args.next().unwrap_or_else(|| "index".into());
    let (mut runs, mut size) = (3usize, (200u16, 50u16));
    while let Some(flag) = args.next() {
        let value = args.next().unwrap_or_default();
        match flag.as_str() {
            "--runs" => runs = value.parse()?,
            "--size" => {
                let (w, h) = value.split_once('x').unwrap_or(("200", "50"));
                size = (w.parse()?, h.parse()?);
            }
            other => anyhow::bail!("unknown flag {other}"),
        }
    }
    let engine = Engine::open(index.as_ref())?;
    let mut terminal = Terminal::new(TestBackend::new(size.0, size.1))?;
    let mut keystrokes = Vec::new();
    let mut reference = Vec::new();
    for _ in 0..runs {
        for phrase in PHRASES {
            let mut state = State::new("", QueryConfig::default(), size);
            for c in phrase.chars() {
                let started = Instant::now();
                let mut effects = update(&mut state, key(c));
                let search = effects.drain(..).find_map(|effect| match effect {
                    Effect::Job(Job::Search { generation, config }) => Some((generation, config)),
                    _ => None,
                });
                if let Some((generation, config)) = search {
                    let answer = worker::search(&engine, &config).map_err(|err| err.to_string());
                    let full = matches!(&answer, Ok(answer) if answer.total.is_none());
                    update(&mut state, Event::Answer { generation, answer });
                    if full {
                        let total = worker::count(&engine, &config)?;
                        update(&mut state, Event::Total { generation, total });
                    }
                }
                terminal.draw(|frame| draw(frame, &state))?;
                keystrokes.push(started.elapsed());
            }
            let started = Instant::now();
            let config = QueryConfig {
                words: phrase.to_string(),
                ..QueryConfig::default()
            };
            std::hint::black_box(engine.search(&config)?);
            reference.push(started.elapsed());
        }
    }
    let (p50, p95, p99, max) = percentiles(&mut keystrokes);
    let (ref50, ..) = percentiles(&mut reference);
    println!(
        "{} keystrokes at {}x{}: p50 {p50:.2} ms, p95 {p95:.2} ms, p99 {p99:.2} ms, max {max:.2} ms; \
p95/frame budget {:.2}; query -n 10 of the whole phrase p50 {ref50:.2} ms; p95/query {:.1}",
        keystrokes.len(),
        size.0,
        size.1,
        p95 / FRAME_BUDGET_MS,
        p95 / ref50
    );
    Ok(())
}

/// A typed character as the finder receives it.
fn key(c: char) -> Event {
    use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
    Event::Key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE))
}

/// The 50th, 95th and 99th percentiles and the maximum, in ms.
fn percentiles(times: &mut [Duration]) -> (f64, f64, f64, f64) {
    times.sort();
    let at = |q: f64| {
        let i = ((times.len() as f64 - 1.0) * q).round() as usize;
        times[i].as_secs_f64() * 1000.0
    };
    (at(0.50), at(0.95), at(0.99), at(1.0))
}
