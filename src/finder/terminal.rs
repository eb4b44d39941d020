//! The finder's terminal session on `/dev/tty`: raw mode, the alternate screen (or an inline
//! area with `--height`), mouse capture when asked for, and the promise to put all of it back
//! however the run ends: on return, on drop, on a panic (the hook restores before it reports),
//! and on SIGTERM or SIGHUP (turned into a cancel, so the normal exit path restores).

use std::fs::{File, OpenOptions};
use std::io::{self, BufWriter, Write};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{mpsc, Once};
use std::thread;

use anyhow::Context;
use crossterm::cursor::Show;
use crossterm::event::{DisableMouseCapture, EnableMouseCapture};
use crossterm::execute;
use crossterm::terminal::{
    disable_raw_mode, enable_raw_mode, EnterAlternateScreen, LeaveAlternateScreen,
};
use ratatui::backend::CrosstermBackend;
use ratatui::{Terminal, TerminalOptions, Viewport};

use super::draw::draw;
use super::state::{Event, State};

/// The terminal device: the finder draws here, never on stdout.
const TTY: &str = "/dev/tty";

/// True while raw mode is on (what [`restore`] has to undo).
static RAW: AtomicBool = AtomicBool::new(false);
/// True while the alternate screen is in use.
static ALTERNATE: AtomicBool = AtomicBool::new(false);
/// True while mouse capture is on.
static MOUSE: AtomicBool = AtomicBool::new(false);

/// A terminal set up for the finder.
pub struct Session {
    terminal: Terminal<CrosstermBackend<BufWriter<File>>>,
    inline: bool,
}

impl Session {
    /// Opens the terminal device and sets it up: full screen, or `height` lines under the
    /// prompt when it fits; mouse capture when `mouse`.
    pub fn start(height: Option<u16>, mouse: bool) -> anyhow::Result<Self> {
        let tty = OpenOptions::new()
            .read(true)
            .write(true)
            .open(TTY)
            .map_err(|err| {
                anyhow::anyhow!(
                    "the finder needs a terminal and cannot open {TTY} ({err}); to search without one, use `backissues query WORDS`"
                )
            })?;
        let (_, lines) = crossterm::terminal::size().context("reading the terminal's size")?;
        let inline = height.filter(|&height| height < lines);
        install_panic_restore();
        enable_raw_mode().context("switching the terminal to raw mode")?;
        RAW.store(true, Ordering::SeqCst);
        let mut out = BufWriter::new(tty);
        if inline.is_none() {
            execute!(out, EnterAlternateScreen)?;
            ALTERNATE.store(true, Ordering::SeqCst);
        }
        if mouse {
            execute!(out, EnableMouseCapture)?;
            MOUSE.store(true, Ordering::SeqCst);
        }
        let viewport = match inline {
            Some(height) => Viewport::Inline(height),
            None => Viewport::Fullscreen,
        };
        let terminal =
            Terminal::with_options(CrosstermBackend::new(out), TerminalOptions { viewport })
                .context("setting up the terminal")?;
        Ok(Self {
            terminal,
            inline: inline.is_some(),
        })
    }

    /// Draws `state`; returns the size of the area drawn (columns, lines), which the state
    /// lays its list out by.
    pub fn draw(&mut self, state: &State) -> anyhow::Result<(u16, u16)> {
        let frame = self
            .terminal
            .draw(|frame| draw(frame, state))
            .context("drawing on the terminal")?;
        Ok((frame.area.width, frame.area.height))
    }

    /// Writes `bytes` straight to the terminal (an OSC 52 copy).
    pub fn write_raw(&mut self, bytes: &[u8]) -> io::Result<()> {
        let out = self.terminal.backend_mut();
        out.write_all(bytes)?;
        out.flush()
    }

    /// Ends the session: an inline area is cleared, then the terminal is restored.
    pub fn finish(mut self) -> anyhow::Result<()> {
        if self.inline {
            self.terminal.clear()?;
        }
        restore();
        Ok(())
    }
}

impl Drop for Session {
    fn drop(&mut self) {
        restore();
    }
}

/// Puts the terminal back as the finder found it (idempotent): mouse capture off, the main
/// screen back, the cursor shown, raw mode off.
pub fn restore() {
    if !RAW.swap(false, Ordering::SeqCst) {
        return;
    }
    let Ok(mut tty) = OpenOptions::new().write(true).open(TTY) else {
        let _ = disable_raw_mode();
        return;
    };
    if MOUSE.swap(false, Ordering::SeqCst) {
        let _ = execute!(tty, DisableMouseCapture);
    }
    if ALTERNATE.swap(false, Ordering::SeqCst) {
        let _ = execute!(tty, LeaveAlternateScreen);
    }
    let _ = execute!(tty, Show);
    let _ = disable_raw_mode();
}

/// Wraps the process's panic hook once, so that a panic restores the terminal before its
/// message is printed (the message would be lost on the alternate screen otherwise).
fn install_panic_restore() {
    static ONCE: Once = Once::new();
    ONCE.call_once(|| {
        let report = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            restore();
            report(info);
        }));
    });
}

/// Turns SIGTERM and SIGHUP into a [`Event::Stop`] for the loop, which restores the terminal
/// on its way out.
pub fn on_signals(events: mpsc::Sender<Event>) -> anyhow::Result<()> {
    use signal_hook::consts::{SIGHUP, SIGTERM};
    let mut signals =
        signal_hook::iterator::Signals::new([SIGTERM, SIGHUP]).context("listening for SIGTERM")?;
    thread::spawn(move || {
        if signals.forever().next().is_some() {
            let _ = events.send(Event::Stop);
        }
    });
    Ok(())
}
