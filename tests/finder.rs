//! The finder end to end: the real binary in a pseudo-terminal (portable-pty), its screen read
//! back through a terminal emulator (vt100), its stdout captured to a file as `$(...)` would.
//! Each test types, waits for the screen to settle on what it expects, and checks what was
//! printed, the exit code and the terminal left behind.

mod common;
use common::fixture_index;

use std::io::{Read, Write};
use std::num::NonZeroU16;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, OnceLock};
use std::thread;
use std::time::{Duration, Instant};

use portable_pty::{native_pty_system, Child, CommandBuilder, MasterPty, PtySize};

/// How long a screen or an exit may take to come (a debug build on a loaded machine).
const PATIENCE: Duration = Duration::from_secs(20);

const ENVOY: &str =
    "https://mattklein123.dev/2020/03/15/on-the-state-of-envoy-proxy-control-planes/";

/// The index of the DevOps Weekly fixtures, built once for the suite.
fn index() -> &'static Path {
    static INDEX: OnceLock<PathBuf> = OnceLock::new();
    INDEX.get_or_init(|| fixture_index::build("finder", &[]))
}

/// A finder running in a pseudo-terminal.
struct Finder {
    screen: Arc<Mutex<vt100::Parser>>,
    raw: Arc<Mutex<Vec<u8>>>,
    keys: Arc<Mutex<Box<dyn Write + Send>>>,
    child: Box<dyn Child + Send + Sync>,
    master: Box<dyn MasterPty + Send>,
    out: PathBuf,
    /// Set when the terminal's output has been read to its end (the process has gone).
    drained: Arc<AtomicBool>,
    _dir: tempfile::TempDir,
}

impl Finder {
    /// Starts `backissues search ARGS` at `cols`x`rows`, with `env` set (and NO_COLOR unset
    /// unless given), stdout going to a file.
    fn start(args: &[&str], env: &[(&str, &str)], cols: u16, rows: u16) -> Self {
        let index = index().to_str().unwrap();
        Self::run(
            &[&["--index", index, "search"], args].concat(),
            env,
            cols,
            rows,
        )
    }

    /// Starts `backissues ARGS` as [`Self::start`] does.
    fn run(args: &[&str], env: &[(&str, &str)], cols: u16, rows: u16) -> Self {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("stdout");
        let size = PtySize {
            rows,
            cols,
            pixel_width: 0,
            pixel_height: 0,
        };
        let pair = native_pty_system().openpty(size).unwrap();
        let mut command = CommandBuilder::new("sh");
        command.arg("-c");
        command.arg("exec \"$0\" \"$@\" > \"$FINDER_OUT\"");
        command.arg(env!("CARGO_BIN_EXE_backissues"));
        command.args(args);
        command.cwd(dir.path());
        command.env("FINDER_OUT", &out);
        command.env("TERM", "xterm-256color");
        command.env_remove("NO_COLOR");
        command.env_remove("BROWSER");
        for (name, value) in env {
            command.env(name, value);
        }
        let child = pair.slave.spawn_command(command).unwrap();
        drop(pair.slave);
        let screen = Arc::new(Mutex::new(vt100::Parser::new(
            NonZeroU16::new(rows).unwrap(),
            NonZeroU16::new(cols).unwrap(),
            0,
        )));
        let raw = Arc::new(Mutex::new(Vec::new()));
        let keys = Arc::new(Mutex::new(pair.master.take_writer().unwrap()));
        let mut reader = pair.master.try_clone_reader().unwrap();
        let (screen_in, raw_in, answer) = (screen.clone(), raw.clone(), keys.clone());
        let drained = Arc::new(AtomicBool::new(false));
        let drained_in = drained.clone();
        thread::spawn(move || {
            let mut buf = [0u8; 8192];
            while let Ok(n) = reader.read(&mut buf) {
                if n == 0 {
                    break;
                }
                let bytes = &buf[..n];
                let mut parser = screen_in.lock().unwrap();
                parser.process(bytes);
                raw_in.lock().unwrap().extend_from_slice(bytes);
                // A terminal answers a cursor position request (ratatui's inline viewport asks).
                if bytes.windows(4).any(|w| w == b"\x1b[6n") {
                    let (row, col) = parser.screen().cursor_position();
                    let reply = format!("\x1b[{};{}R", row + 1, col + 1);
                    let _ = answer.lock().unwrap().write_all(reply.as_bytes());
                }
            }
            drained_in.store(true, Ordering::SeqCst);
        });
        Self {
            screen,
            raw,
            keys,
            child,
            master: pair.master,
            out,
            drained,
            _dir: dir,
        }
    }

    /// Sends raw bytes as typed keys.
    fn keys(&self, bytes: &str) {
        let mut keys = self.keys.lock().unwrap();
        keys.write_all(bytes.as_bytes()).unwrap();
        keys.flush().unwrap();
    }

    /// Types `text` one key at a time, as a person would.
    fn type_text(&self, text: &str) {
        for c in text.chars() {
            self.keys(&c.to_string());
            thread::sleep(Duration::from_millis(15));
        }
    }

    /// The screen's text.
    fn text(&self) -> String {
        self.screen.lock().unwrap().screen().contents()
    }

    /// Waits until the screen shows what `ready` looks for; panics with the screen if it never
    /// does.
    fn wait_for(&self, what: &str, ready: impl Fn(&str) -> bool) -> String {
        let start = Instant::now();
        loop {
            let text = self.text();
            if ready(&text) {
                return text;
            }
            assert!(
                start.elapsed() < PATIENCE,
                "the screen never showed {what}:\n{text}"
            );
            thread::sleep(Duration::from_millis(20));
        }
    }

    /// Waits for the screen to contain `needle`.
    fn wait_for_text(&self, needle: &str) -> String {
        self.wait_for(needle, |text| text.contains(needle))
    }

    /// Waits for the process to end and for the screen to show all it wrote; its exit code.
    fn exit_code(&mut self) -> u32 {
        let start = Instant::now();
        loop {
            if let Some(status) = self.child.try_wait().unwrap() {
                while !self.drained.load(Ordering::SeqCst) && start.elapsed() < PATIENCE {
                    thread::sleep(Duration::from_millis(10));
                }
                return status.exit_code();
            }
            assert!(
                start.elapsed() < PATIENCE,
                "the finder did not exit:\n{}",
                self.text()
            );
            thread::sleep(Duration::from_millis(20));
        }
    }

    /// What the finder printed on stdout.
    fn stdout(&self) -> String {
        std::fs::read_to_string(&self.out).unwrap_or_default()
    }

    /// True while the emulated terminal shows the alternate screen.
    fn on_alternate_screen(&self) -> bool {
        self.screen.lock().unwrap().screen().alternate_screen()
    }
}

impl Drop for Finder {
    fn drop(&mut self) {
        let _ = self.child.kill();
    }
}

#[test]
fn typing_a_prefix_finds_the_link_and_enter_prints_its_url() {
    let mut finder = Finder::start(&[], &[], 100, 30);
    finder.wait_for_text("links");
    finder.type_text("env");
    let screen = finder.wait_for_text("mattklein123.dev");
    assert!(screen.contains("> env"), "{screen}");
    finder.wait_for_text("Featured in 1 issue");
    finder.keys("\r");
    assert_eq!(finder.exit_code(), 0);
    assert_eq!(finder.stdout(), format!("{ENVOY}\n"));
    assert!(!finder.on_alternate_screen(), "the main screen is back");
}

#[test]
fn escape_exits_130_and_prints_nothing() {
    let mut finder = Finder::start(&["kubernetes"], &[], 80, 24);
    finder.wait_for_text("links");
    finder.keys("\x1b");
    assert_eq!(finder.exit_code(), 130);
    assert_eq!(finder.stdout(), "");
    assert!(!finder.on_alternate_screen());
    assert!(!finder.screen.lock().unwrap().screen().hide_cursor());
}

#[test]
fn enter_on_no_link_exits_1_and_says_what_to_try() {
    let mut finder = Finder::start(&[], &[], 80, 24);
    finder.wait_for_text("links");
    finder.type_text("zzqqxx ");
    finder.wait_for_text("no links match");
    finder.keys("\r");
    assert_eq!(finder.exit_code(), 1);
    assert_eq!(finder.stdout(), "");
}

#[test]
fn tab_marks_several_and_print_json_prints_each_as_a_json_line() {
    let mut finder = Finder::start(&["--print", "json", "kubernetes"], &[], 120, 30);
    finder.wait_for_text("10 links");
    finder.keys("\t");
    finder.keys("\t");
    finder.wait_for_text("2 marked");
    finder.keys("\r");
    assert_eq!(finder.exit_code(), 0);
    let lines: Vec<serde_json::Value> = finder
        .stdout()
        .lines()
        .map(|line| serde_json::from_str(line).unwrap())
        .collect();
    assert_eq!(lines.len(), 2, "{lines:?}");
    assert_ne!(lines[0]["url"], lines[1]["url"]);
    for line in &lines {
        assert!(line["url"].as_str().unwrap().starts_with("http"));
        assert!(line["description"].as_str().unwrap().contains("Kubernetes"));
    }
}

#[test]
fn open_runs_the_browser_and_copy_sends_osc_52() {
    let dir = tempfile::tempdir().unwrap();
    let opened = dir.path().join("opened");
    let browser = dir.path().join("browser.sh");
    std::fs::write(
        &browser,
        format!("#!/bin/sh\nprintf '%s\\n' \"$1\" > {}\n", opened.display()),
    )
    .unwrap();
    std::fs::set_permissions(
        &browser,
        std::os::unix::fs::PermissionsExt::from_mode(0o755),
    )
    .unwrap();
    let mut finder = Finder::start(
        &["envoy"],
        &[("BROWSER", browser.to_str().unwrap())],
        100,
        30,
    );
    finder.wait_for_text("mattklein123.dev");
    finder.keys("\x0f"); // Ctrl-O
    finder.wait_for_text("opened with");
    let start = Instant::now();
    while !opened.exists() && start.elapsed() < PATIENCE {
        thread::sleep(Duration::from_millis(20));
    }
    assert_eq!(
        std::fs::read_to_string(&opened).unwrap(),
        format!("{ENVOY}\n")
    );
    finder.keys("\x19"); // Ctrl-Y
    finder.wait_for_text("copied the URL");
    let encoded = base64::Engine::encode(&base64::engine::general_purpose::STANDARD, ENVOY);
    let osc = format!("\x1b]52;c;{encoded}\x07");
    let raw = finder.raw.lock().unwrap().clone();
    assert!(
        raw.windows(osc.len()).any(|w| w == osc.as_bytes()),
        "no OSC 52 sequence with the URL"
    );
    finder.keys("\x1b");
    assert_eq!(finder.exit_code(), 130);
}

#[test]
fn without_a_display_or_browser_open_says_so() {
    let mut finder = Finder::start(
        &["envoy"],
        &[("DISPLAY", ""), ("WAYLAND_DISPLAY", "")],
        100,
        30,
    );
    finder.wait_for_text("mattklein123.dev");
    finder.keys("\x0f");
    finder.wait_for_text("no display to open a browser on");
    finder.keys("\x03"); // Ctrl-C
    assert_eq!(finder.exit_code(), 130);
}

#[test]
fn no_color_still_shows_the_selection_in_reverse_video() {
    let mut finder = Finder::start(&["kubernetes"], &[("NO_COLOR", "1")], 80, 24);
    finder.wait_for_text("10 links");
    {
        let parser = finder.screen.lock().unwrap();
        let screen = parser.screen();
        assert!(screen.cell(2, 4).unwrap().inverse(), "the selected row");
        assert!(!screen.cell(3, 4).unwrap().inverse(), "the next row");
        for row in 0..24 {
            for col in 0..80 {
                let cell = screen.cell(row, col).unwrap();
                assert_eq!(
                    cell.fgcolor(),
                    vt100::Color::Default,
                    "colour at {row},{col}"
                );
            }
        }
    }
    finder.keys("\x1b");
    assert_eq!(finder.exit_code(), 130);
}

#[test]
fn the_filter_keys_cycle_sections_and_years() {
    let mut finder = Finder::start(&[], &[], 100, 30);
    finder.wait_for_text("links");
    finder.keys("\x14"); // Ctrl-T: the newest year first
    finder.wait_for_text("year:2020");
    finder.keys("\x13"); // Ctrl-S: the section with the most links
    finder.wait_for("a section filter", |text| {
        text.lines()
            .nth(1)
            .is_some_and(|l| !l.contains("section:any"))
    });
    finder.keys("\x18"); // Ctrl-X
    finder.wait_for_text("section:any  year:any");
    finder.keys("\x1b");
    assert_eq!(finder.exit_code(), 130);
}

#[test]
fn a_resize_redraws_at_the_new_size() {
    let mut finder = Finder::start(&["kubernetes"], &[], 80, 24);
    finder.wait_for_text("10 links");
    let size = PtySize {
        rows: 40,
        cols: 200,
        pixel_width: 0,
        pixel_height: 0,
    };
    finder
        .screen
        .lock()
        .unwrap()
        .set_size(NonZeroU16::new(40).unwrap(), NonZeroU16::new(200).unwrap());
    finder.master.resize(size).unwrap();
    finder.wait_for("the hint row on line 40", |text| {
        text.lines().count() >= 40 && text.lines().nth(39).unwrap_or("").contains("Esc quit")
    });
    finder.keys("\x1b");
    assert_eq!(finder.exit_code(), 130);
}

#[test]
fn sigterm_restores_the_terminal() {
    let mut finder = Finder::start(&["kubernetes"], &[], 80, 24);
    finder.wait_for_text("10 links");
    assert!(finder.on_alternate_screen());
    let pid = finder.child.process_id().unwrap();
    let killed = std::process::Command::new("kill")
        .args(["-TERM", &pid.to_string()])
        .status()
        .unwrap();
    assert!(killed.success());
    assert_eq!(finder.exit_code(), 130);
    assert!(!finder.on_alternate_screen());
    assert!(!finder.screen.lock().unwrap().screen().hide_cursor());
}

#[test]
fn height_draws_inline_under_the_prompt() {
    let mut finder = Finder::start(&["--height", "8", "kubernetes"], &[], 80, 24);
    let screen = finder.wait_for_text("10 links");
    assert!(!finder.on_alternate_screen(), "inline, not full screen");
    assert!(screen.contains("Esc quit"), "{screen}");
    finder.keys("\x1b");
    let code = finder.exit_code();
    assert_eq!(code, 130, "{}", finder.text());
    let after = finder.text();
    assert!(
        !after.contains("10 links"),
        "the inline area is cleared:\n{after}"
    );
}

#[test]
fn without_a_terminal_it_says_to_use_query() {
    // setsid: a new session with no controlling terminal, so /dev/tty cannot be opened.
    let output = std::process::Command::new("setsid")
        .arg("-w")
        .arg(env!("CARGO_BIN_EXE_backissues"))
        .arg("--index")
        .arg(index())
        .arg("search")
        .stdin(std::process::Stdio::null())
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("the finder needs a terminal") && stderr.contains("backissues query"),
        "{stderr}"
    );
    assert!(output.stdout.is_empty());
}

#[test]
fn backissues_alone_on_a_terminal_opens_the_finder() {
    // Stdout on the terminal too, as when a person types `backissues`.
    let index = index().to_str().unwrap();
    let mut finder = Finder::run(&["--index", index], &[("FINDER_OUT", "/dev/tty")], 80, 24);
    finder.wait_for_text("Esc quit");
    finder.keys("\x1b");
    assert_eq!(finder.exit_code(), 130);
}

#[test]
fn backissues_alone_without_a_terminal_prints_the_help() {
    let output = std::process::Command::new(env!("CARGO_BIN_EXE_backissues"))
        .arg("--index")
        .arg(index())
        .stdin(std::process::Stdio::null())
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("Usage: backissues"), "{stderr}");
    assert!(output.stdout.is_empty());
}

#[test]
fn a_missing_index_is_an_error_before_the_screen_changes() {
    let dir = tempfile::tempdir().unwrap();
    let mut finder = Finder::run(
        &[
            "--index",
            dir.path().join("none").to_str().unwrap(),
            "search",
        ],
        &[],
        80,
        24,
    );
    let screen = finder.wait_for_text("no index at");
    assert!(
        screen.contains("run `backissues ingest PATH` first"),
        "{screen}"
    );
    assert_eq!(finder.exit_code(), 2);
    assert!(!finder.on_alternate_screen());
}
