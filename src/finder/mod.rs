//! The interactive finder (`backissues search`): search as you type, on the terminal device.
//!
//! Kept as atuin and gitui keep theirs: [`state`] holds what is shown and changes only through
//! `update(state, event) -> effects`, looking keys up in the one table of [`keys`]; [`layout`]
//! places the parts on the screen for both; [`draw`] paints a state; [`worker`] is the thread
//! that owns the searcher and takes only search jobs; this module runs the loop and carries out
//! the effects (a search job, the browser, the clipboard). It draws on `/dev/tty`, never on
//! stdout, so `url=$(backissues search)` works as with fzf; what was chosen goes back to the
//! caller to print.

pub mod draw;
pub mod keys;
pub mod layout;
mod query_line;
pub mod state;
mod terminal;
pub mod worker;

use std::sync::mpsc;
use std::thread;

use anyhow::Context;
use base64::Engine as _;
use crossterm::event::{self, Event as TermEvent};

use crate::search::{Engine, QueryConfig};
use state::{update, Effect, Event};
pub use state::{Choice, State};
use terminal::Session;

/// How the finder is set up from the command line.
#[derive(Debug, Clone)]
pub struct Options {
    /// The words to start with.
    pub words: String,
    /// Fixed filters and settings; its sections, years and newsletters start the cycled ones.
    pub base: QueryConfig,
    /// Draw in this many lines under the prompt instead of the full screen.
    pub height: Option<u16>,
    /// Take mouse events.
    pub mouse: bool,
    /// Colour (false: NO_COLOR or `--color never`).
    pub color: bool,
}

/// Runs the finder on the terminal until the user picks or cancels.
pub fn run(engine: Engine, options: Options) -> anyhow::Result<Choice> {
    let several_newsletters = engine.newsletters()?.len() > 1;
    let (sender, events) = mpsc::channel();
    let jobs = worker::spawn(engine, sender.clone());
    let mut state = State::new(&options.words, options.base, (0, 0));
    state.color = options.color;
    state.several_newsletters = several_newsletters;
    // The first search starts before the terminal is set up; anything else waits for the loop.
    let mut effects = Vec::new();
    for effect in state.start() {
        match effect {
            Effect::Job(job) => jobs.send(job).context("the search thread stopped")?,
            other => effects.push(other),
        }
    }
    let mut session = Session::start(options.height, options.mouse)?;
    read_terminal(sender.clone());
    terminal::on_signals(sender)?;
    // The first frame (the prompt, ready for typing) is drawn at once; the links follow when
    // the first search answers.
    loop {
        for effect in effects.drain(..) {
            match effect {
                Effect::Exit(choice) => return session.finish().map(|()| choice),
                Effect::Open(url) => state.notice = Some(open_in_browser(&url)),
                Effect::Copy(url) => state.notice = Some(copy(&mut session, &url)),
                Effect::Job(job) => jobs.send(job).context("the search thread stopped")?,
            }
        }
        let drawn = session.draw(&state)?;
        if drawn != state.size {
            update(&mut state, Event::Resize(drawn.0, drawn.1));
            session.draw(&state)?;
        }
        let first = events
            .recv()
            .context("the finder's event sources stopped")?;
        for event in std::iter::once(first).chain(events.try_iter()) {
            effects.extend(update(&mut state, event));
        }
    }
}

/// Forwards the terminal's keys, mouse events and resizes to the loop, from a thread of its
/// own (it blocks on the terminal).
fn read_terminal(events: mpsc::Sender<Event>) {
    thread::spawn(move || loop {
        let event = match event::read() {
            Ok(TermEvent::Key(key)) => Event::Key(key),
            Ok(TermEvent::Mouse(mouse)) => Event::Mouse(mouse),
            Ok(TermEvent::Resize(width, lines)) => Event::Resize(width, lines),
            Ok(_) => continue,
            Err(_) => Event::Stop,
        };
        let stop = event == Event::Stop;
        if events.send(event).is_err() || stop {
            return;
        }
    });
}

/// Opens `url` in the browser: `$BROWSER` when set, else the desktop's opener (the `open`
/// crate). Without a display on Linux and no `$BROWSER`, says so rather than starting a text
/// browser over the finder. Returns the line to show.
fn open_in_browser(url: &str) -> String {
    if let Some(browser) = std::env::var_os("BROWSER").filter(|b| !b.is_empty()) {
        let browser = browser.to_string_lossy().into_owned();
        return match spawn_browser(&browser, url) {
            Ok(()) => format!("opened with {browser}"),
            Err(err) => format!("cannot run $BROWSER ({browser}): {err}"),
        };
    }
    let display = ["DISPLAY", "WAYLAND_DISPLAY"]
        .iter()
        .any(|name| std::env::var_os(name).is_some_and(|v| !v.is_empty()));
    if cfg!(target_os = "linux") && !display {
        return "no display to open a browser on (set $BROWSER); ^Y copies the URL".to_string();
    }
    match open::that_detached(url) {
        Ok(()) => "opened in the browser".to_string(),
        Err(err) => format!("cannot open a browser: {err}"),
    }
}

/// Runs `$BROWSER` (its first command; `%s` stands for the URL, else the URL is the last
/// argument) detached, with no terminal to draw on.
fn spawn_browser(browser: &str, url: &str) -> std::io::Result<()> {
    let command = browser.split(':').next().unwrap_or(browser);
    let mut words = command.split_whitespace();
    let program = words
        .next()
        .ok_or_else(|| std::io::Error::other("empty command"))?;
    let mut args: Vec<String> = words.map(|w| w.replace("%s", url)).collect();
    if !command.contains("%s") {
        args.push(url.to_string());
    }
    let mut child = std::process::Command::new(program)
        .args(args)
        .stdin(std::process::Stdio::null())
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()?;
    thread::spawn(move || child.wait());
    Ok(())
}

/// Copies `url` to the clipboard with OSC 52 (the terminal, tmux or the SSH client's terminal
/// does the copying). Returns the line to show.
fn copy(session: &mut Session, url: &str) -> String {
    let encoded = base64::engine::general_purpose::STANDARD.encode(url);
    let sequence = format!("\u{1b}]52;c;{encoded}\u{7}");
    match session.write_raw(sequence.as_bytes()) {
        Ok(()) => "copied the URL (OSC 52)".to_string(),
        Err(err) => format!("cannot copy: {err}"),
    }
}
