//! The finder's terminal session on `/dev/tty`: raw mode, the alternate screen (or an inline
//! area with `--height`), mouse capture when asked for, and the promise to put all of it back
//! however the run ends: on return, on drop, on a panic (the hook restores before it reports),
//! and on SIGTERM, SIGHUP or SIGINT (turned into a cancel, so the normal exit path restores).

use std::fs::{File, OpenOptions};
use std::io::{self, BufWriter, Write};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{mpsc, Once};
use std::thread;
use std::time::{Duration, Instant};

use anyhow::Context;
use crossterm::cursor::Show;
use crossterm::event::{DisableMouseCapture, EnableMouseCapture};
use crossterm::execute;
use crossterm::terminal::{
    disable_raw_mode, enable_raw_mode, EnterAlternateScreen, LeaveAlternateScreen,
};
use ratatui::backend::{Backend, ClearType, CrosstermBackend, WindowSize};
use ratatui::buffer::Cell;
use ratatui::layout::{Position, Rect, Size};
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

/// How long the terminal may take to answer where its cursor is.
const CURSOR_REPLY: Duration = Duration::from_millis(1000);

/// A terminal set up for the finder.
pub struct Session {
    terminal: Terminal<TtyBackend>,
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
        let backend = TtyBackend {
            inner: CrosstermBackend::new(out),
            cursor: None,
        };
        let terminal = Terminal::with_options(backend, TerminalOptions { viewport })
            .context("setting up the terminal")?;
        Ok(Self {
            terminal,
            inline: inline.is_some(),
        })
    }

    /// Draws `state`; returns the size of the area drawn (columns, lines), which the state
    /// lays its list out by.
    pub fn draw(&mut self, state: &State) -> anyhow::Result<(u16, u16)> {
        let mut drawn = Rect::default();
        self.terminal
            .draw(|frame| {
                drawn = frame.area();
                draw(frame, state);
            })
            .context("drawing on the terminal")?;
        Ok((drawn.width, drawn.height))
    }

    /// Writes `bytes` straight to the terminal (an OSC 52 copy).
    pub fn write_raw(&mut self, bytes: &[u8]) -> io::Result<()> {
        let out = self.terminal.backend_mut();
        out.write_all(bytes)?;
        Write::flush(out)
    }

    /// Ends the session: an inline area is cleared, then the terminal is restored.
    pub fn finish(mut self) -> anyhow::Result<()> {
        if self.inline {
            let top = self.terminal.get_frame().area().as_position();
            let backend = self.terminal.backend_mut();
            backend.set_cursor_position(top)?;
            backend.clear_region(ClearType::AfterCursor)?;
            Backend::flush(backend)?;
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

/// Crossterm's backend writing to the terminal device, but for one call: crossterm asks where
/// the cursor is by writing to stdout, which is a pipe under `$(backissues search --height 8)`;
/// here the question goes to the terminal device, once: after that the cursor is where this
/// backend last put it (once the finder reads keys, an answer would go to its key reader).
struct TtyBackend {
    inner: CrosstermBackend<BufWriter<File>>,
    cursor: Option<Position>,
}

impl Backend for TtyBackend {
    type Error = io::Error;

    fn draw<'a, I>(&mut self, content: I) -> io::Result<()>
    where
        I: Iterator<Item = (u16, u16, &'a Cell)>,
    {
        self.inner.draw(content)
    }

    fn append_lines(&mut self, n: u16) -> io::Result<()> {
        self.inner.append_lines(n)
    }

    fn hide_cursor(&mut self) -> io::Result<()> {
        self.inner.hide_cursor()
    }

    fn show_cursor(&mut self) -> io::Result<()> {
        self.inner.show_cursor()
    }

    fn get_cursor_position(&mut self) -> io::Result<Position> {
        if let Some(position) = self.cursor {
            return Ok(position);
        }
        self.inner.write_all(b"\x1b[6n")?;
        Backend::flush(&mut self.inner)?;
        let (column, row) = read_cursor_reply()?;
        let position = Position::new(column, row);
        self.cursor = Some(position);
        Ok(position)
    }

    fn set_cursor_position<P: Into<Position>>(&mut self, position: P) -> io::Result<()> {
        let position = position.into();
        self.cursor = Some(position);
        self.inner.set_cursor_position(position)
    }

    fn clear(&mut self) -> io::Result<()> {
        self.inner.clear()
    }

    fn clear_region(&mut self, clear_type: ClearType) -> io::Result<()> {
        self.inner.clear_region(clear_type)
    }

    fn size(&self) -> io::Result<Size> {
        self.inner.size()
    }

    fn window_size(&mut self) -> io::Result<WindowSize> {
        self.inner.window_size()
    }

    fn flush(&mut self) -> io::Result<()> {
        Backend::flush(&mut self.inner)
    }
}

impl Write for TtyBackend {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.inner.write(buf)
    }

    fn flush(&mut self) -> io::Result<()> {
        Write::flush(&mut self.inner)
    }
}

/// Reads the terminal's answer to a cursor position request (`ESC [ row ; column R`) from the
/// terminal device: 0-based (column, row). Fails when no answer comes in [`CURSOR_REPLY`].
fn read_cursor_reply() -> io::Result<(u16, u16)> {
    use std::os::fd::AsRawFd;
    let mut tty = File::open(TTY)?;
    let deadline = Instant::now() + CURSOR_REPLY;
    let mut reply = Vec::new();
    while !reply.ends_with(b"R") {
        let left = deadline.saturating_duration_since(Instant::now());
        let mut poll = libc::pollfd {
            fd: tty.as_raw_fd(),
            events: libc::POLLIN,
            revents: 0,
        };
        let millis = libc::c_int::try_from(left.as_millis()).unwrap_or(0);
        // SAFETY: one valid pollfd for the duration of the call.
        let ready = unsafe { libc::poll(&mut poll, 1, millis) };
        if ready <= 0 {
            return Err(io::Error::new(
                io::ErrorKind::TimedOut,
                "the terminal did not say where its cursor is",
            ));
        }
        let mut byte = [0u8; 1];
        if std::io::Read::read(&mut tty, &mut byte)? == 0 {
            return Err(io::ErrorKind::UnexpectedEof.into());
        }
        reply.push(byte[0]);
    }
    parse_cursor_reply(&reply).ok_or_else(|| io::Error::other("an unreadable cursor position"))
}

/// `ESC [ row ; column R` (1-based, possibly after other input) as 0-based (column, row).
fn parse_cursor_reply(reply: &[u8]) -> Option<(u16, u16)> {
    let start = reply.iter().rposition(|&b| b == 0x1b)?;
    let text = std::str::from_utf8(&reply[start..]).ok()?;
    let (row, column) = text
        .strip_prefix("\x1b[")?
        .strip_suffix('R')?
        .split_once(';')?;
    let row: u16 = row.parse().ok()?;
    let column: u16 = column.parse().ok()?;
    Some((column.checked_sub(1)?, row.checked_sub(1)?))
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

/// Turns SIGTERM, SIGHUP and SIGINT (Ctrl-C is a key in raw mode, but `kill -INT` still
/// comes) into a [`Event::Stop`] for the loop, which restores the terminal on its way out; and
/// SIGWINCH into a [`Event::Resize`] (crossterm reports resizes too, but only once its reader
/// thread has started, which a resize right at start-up can beat).
pub fn on_signals(events: mpsc::Sender<Event>) -> anyhow::Result<()> {
    use signal_hook::consts::{SIGHUP, SIGINT, SIGTERM, SIGWINCH};
    let mut signals = signal_hook::iterator::Signals::new([SIGTERM, SIGHUP, SIGINT, SIGWINCH])
        .context("listening for signals")?;
    thread::spawn(move || {
        for signal in signals.forever() {
            let event = if signal == SIGWINCH {
                match crossterm::terminal::size() {
                    Ok((columns, lines)) => Event::Resize(columns, lines),
                    Err(_) => continue,
                }
            } else {
                Event::Stop
            };
            if events.send(event).is_err() {
                return;
            }
        }
    });
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::parse_cursor_reply;

    #[test]
    fn cursor_replies_parse_to_zero_based_positions() {
        assert_eq!(parse_cursor_reply(b"\x1b[12;40R"), Some((39, 11)));
        assert_eq!(parse_cursor_reply(b"x\x1b[1;1R"), Some((0, 0)));
        assert_eq!(parse_cursor_reply(b"\x1b[0;1R"), None);
        assert_eq!(parse_cursor_reply(b"\x1b[;R"), None);
    }
}
