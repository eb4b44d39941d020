//! Every command shown in README.md and GUIDE.md, run as written against the fixtures, with the
//! output the text shows checked: the documentation cannot drift from the program. The rules
//! (sandbox, markers, which programs run) are in CONTRIBUTING.md, "The documentation's examples".

use std::fs;
use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

#[allow(dead_code)]
mod crawl_server;

/// The site the examples name; `<!-- test: network -->` commands fetch it from a server on
/// 127.0.0.1 serving fixtures/sites/newsletter, into an index of their own.
const EXAMPLE_SITE: &str = "https://newsletter.example";

const CRATE_DIR: &str = env!("CARGO_MANIFEST_DIR");

/// Programs a documented pipeline may use beside `backissues`: run when installed.
const EVERYDAY: &[&str] = &[
    "jq", "cut", "head", "sort", "wc", "tail", "grep", "xargs", "echo",
];

/// Programs the documents show that a test cannot run (a build, interactive, or an account or a
/// server): never run; the `backissues` commands of their lines run alone.
const NEVER_RUN: &[&str] = &[
    "cargo",
    "fzf",
    "open",
    "xdg-open",
    "quickwit",
    "mbsync",
    "offlineimap",
    "notmuch",
    "mu",
];

/// Shell words that are not programs.
const SHELL_WORDS: &[&str] = &["if", "then", "else", "fi", "!", "do", "done"];

/// How a block's commands are checked (its `<!-- test: ... -->` markers).
#[derive(Debug, Default)]
struct Marks {
    /// Start from a new sandbox.
    fresh: bool,
    /// The exit code of the block's last line.
    exit: i32,
    /// The finder: each command must stop for want of a terminal.
    terminal: bool,
    /// Reads the web: the arguments must parse.
    network: bool,
    /// (repository path, sandbox path) links made before the block.
    place: Vec<(String, String)>,
    /// The insta snapshot the output block must be.
    snapshot: Option<String>,
}

/// One command line of a `sh` block, with the stderr lines the text shows under it.
#[derive(Debug)]
struct Line {
    text: String,
    stderr: Vec<String>,
}

/// A `sh` block, its markers and the output block after it.
#[derive(Debug)]
struct Block {
    /// 1-based line of the opening fence, for messages.
    at: usize,
    marks: Marks,
    lines: Vec<Line>,
    /// The language (`text`, `json`) and text of the output block right after it.
    output: Option<(String, String)>,
}

/// What was checked, for the summary and the final assertions.
#[derive(Debug, Default)]
struct Tally {
    whole_lines: usize,
    parts_alone: usize,
    terminal: usize,
    network: usize,
    outputs: usize,
    stderr_lines: usize,
    not_run: Vec<String>,
}

/// Reads the `<!-- test: ... -->` marker `body` into `marks`.
fn add_mark(marks: &mut Marks, body: &str, at: usize) {
    if let Some(rest) = body.strip_prefix("place ") {
        let (from, to) = rest
            .split_once(" -> ")
            .unwrap_or_else(|| panic!("line {at}: `place SOURCE -> PATH`"));
        marks.place.push((from.trim().into(), to.trim().into()));
    } else if let Some(path) = body.strip_prefix("snapshot ") {
        marks.snapshot = Some(path.trim().into());
    } else {
        for word in body.split_whitespace() {
            match word {
                "fresh" => marks.fresh = true,
                "terminal" => marks.terminal = true,
                "network" => marks.network = true,
                _ => match word.strip_prefix("exit=") {
                    Some(code) => marks.exit = code.parse().unwrap(),
                    None => panic!("line {at}: unknown marker `{word}`"),
                },
            }
        }
    }
}

/// The fenced block starting at `lines[start]` (a fence line): its language, body and the index
/// after its closing fence.
fn fenced(lines: &[&str], start: usize) -> (String, Vec<String>, usize) {
    let language = lines[start].trim_start_matches('`').trim().to_string();
    let mut body = Vec::new();
    let mut i = start + 1;
    while !lines[i].starts_with("```") {
        body.push(lines[i].to_string());
        i += 1;
    }
    (language, body, i + 1)
}

/// The `<!-- test: ... -->` body of a line, when it is one.
fn marker(line: &str) -> Option<&str> {
    line.trim()
        .strip_prefix("<!-- test:")?
        .strip_suffix("-->")
        .map(str::trim)
}

/// The command lines of a `sh` block: continued lines joined, comments under a command kept as
/// its stderr when they are `# backissues: ...`.
fn command_lines(body: &[String]) -> Vec<Line> {
    let mut lines: Vec<Line> = Vec::new();
    let mut pending = String::new();
    for raw in body {
        let trimmed = raw.trim();
        if pending.is_empty() && trimmed.starts_with('#') {
            if let (Some(message), Some(last)) = (trimmed.strip_prefix("# "), lines.last_mut()) {
                if message.starts_with("backissues: ") {
                    last.stderr.push(message.to_string());
                }
            }
            continue;
        }
        if trimmed.is_empty() {
            continue;
        }
        match trimmed.strip_suffix('\\') {
            Some(head) => pending.push_str(head),
            None => {
                pending.push_str(trimmed);
                lines.push(Line {
                    text: std::mem::take(&mut pending),
                    stderr: Vec::new(),
                });
            }
        }
    }
    lines
}

/// Every `sh` block of a markdown text, with its markers and output block.
fn blocks(markdown: &str) -> Vec<Block> {
    let lines: Vec<&str> = markdown.lines().collect();
    let mut blocks = Vec::new();
    let mut marks = Marks::default();
    let mut i = 0;
    while i < lines.len() {
        let line = lines[i];
        if let Some(body) = marker(line) {
            add_mark(&mut marks, body, i + 1);
            i += 1;
        } else if line.starts_with("```") {
            let (language, body, next) = fenced(&lines, i);
            if language != "sh" {
                marks = Marks::default();
                i = next;
                continue;
            }
            let at = i + 1;
            let mut block_marks = std::mem::take(&mut marks);
            // An output block may follow, after blank lines and its own markers (a snapshot);
            // markers followed by anything else belong to the next block.
            let mut j = next;
            while j < lines.len() && (lines[j].trim().is_empty() || marker(lines[j]).is_some()) {
                j += 1;
            }
            let mut output = None;
            if j < lines.len() && (lines[j] == "```text" || lines[j] == "```json") {
                for (k, line) in lines.iter().enumerate().take(j).skip(next) {
                    if let Some(body) = marker(line) {
                        add_mark(&mut block_marks, body, k + 1);
                    }
                }
                let (language, body, after) = fenced(&lines, j);
                output = Some((language, body.join("\n")));
                j = after;
            } else {
                j = next;
            }
            blocks.push(Block {
                at,
                marks: block_marks,
                lines: command_lines(&body),
                output,
            });
            i = j;
        } else {
            if !line.trim().is_empty() {
                marks = Marks::default();
            }
            i += 1;
        }
    }
    blocks
}

/// A command line cut into its simple commands (pipeline parts, `&&` / `||` / `;` lists, `$(...)`),
/// quotes respected, a trailing comment left out.
fn simple_commands(line: &str) -> Vec<String> {
    let mut parts = vec![String::new()];
    let mut quote: Option<char> = None;
    let mut chars = line.chars().peekable();
    while let Some(c) = chars.next() {
        let current = parts.last_mut().unwrap();
        match (quote, c) {
            (Some(q), c) if c == q => {
                quote = None;
                current.push(c);
            }
            (Some(_), c) => current.push(c),
            (None, '\'' | '"') => {
                quote = Some(c);
                current.push(c);
            }
            (None, '#') if current.is_empty() || current.ends_with(' ') => break,
            (None, '$') if chars.peek() == Some(&'(') => {
                chars.next();
                parts.push(String::new());
            }
            (None, '|' | '&' | ';' | ')') => {
                if c == '&' && chars.peek() != Some(&'&') && current.ends_with('>') {
                    current.push(c);
                    continue;
                }
                while chars.peek().is_some_and(|&n| n == c) {
                    chars.next();
                }
                parts.push(String::new());
            }
            (None, c) => current.push(c),
        }
    }
    parts
        .into_iter()
        .map(|part| part.trim().to_string())
        .filter(|part| !part.is_empty())
        .collect()
}

/// The program a simple command runs (after variable assignments and shell words), if any.
fn program(command: &str) -> Option<String> {
    command
        .split_whitespace()
        .find(|word| !SHELL_WORDS.contains(word) && !is_assignment(word))
        .map(|word| word.rsplit('/').next().unwrap_or(word).to_string())
}

/// True for `NAME=value`.
fn is_assignment(word: &str) -> bool {
    word.split_once('=').is_some_and(|(name, _)| {
        !name.is_empty() && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
    })
}

/// True when `program` is on the PATH.
fn installed(program: &str) -> bool {
    std::env::var_os("PATH")
        .is_some_and(|path| std::env::split_paths(&path).any(|dir| dir.join(program).is_file()))
}

/// A sandbox: the fixtures, a home, the binary on the PATH and at `./target/release/`.
struct Sandbox {
    dir: PathBuf,
    /// The site the examples' `https://newsletter.example` stands for, served on 127.0.0.1.
    site: crawl_server::Server,
}

impl Sandbox {
    fn new(name: &str) -> Sandbox {
        let dir = tempfile::Builder::new()
            .prefix(&format!("doc-{name}-"))
            .tempdir_in(env!("CARGO_TARGET_TMPDIR"))
            .unwrap()
            .keep();
        let binary = Path::new(env!("CARGO_BIN_EXE_backissues"));
        for folder in ["fixtures", "docs"] {
            std::os::unix::fs::symlink(Path::new(CRATE_DIR).join(folder), dir.join(folder))
                .unwrap();
        }
        for place in ["bin", "target/release"] {
            fs::create_dir_all(dir.join(place)).unwrap();
            std::os::unix::fs::symlink(binary, dir.join(place).join("backissues")).unwrap();
        }
        fs::create_dir(dir.join("home")).unwrap();
        let site = crawl_server::Server::start("newsletter");
        Sandbox { dir, site }
    }

    /// `path` in the sandbox, `~/` being its home.
    fn resolve(&self, path: &str) -> PathBuf {
        match path.strip_prefix("~/") {
            Some(rest) => self.dir.join("home").join(rest),
            None => self.dir.join(path),
        }
    }

    /// Links `to` (a sandbox path) to `from` (a repository path).
    fn place(&self, from: &str, to: &str) {
        let target = self.resolve(to);
        fs::create_dir_all(target.parent().unwrap()).unwrap();
        if !target.exists() {
            std::os::unix::fs::symlink(Path::new(CRATE_DIR).join(from), target).unwrap();
        }
    }

    /// Makes the folder of every `> FILE` redirection of `line`, as a user's would exist.
    fn make_redirect_folders(&self, line: &str) {
        let words: Vec<&str> = line.split_whitespace().collect();
        for pair in words.windows(2) {
            if pair[0] == ">" || pair[0] == ">>" {
                if let Some(parent) = self.resolve(pair[1]).parent() {
                    fs::create_dir_all(parent).unwrap();
                }
            }
        }
    }

    /// Runs `script` with `bash -o pipefail -c` in the sandbox (so a failing `backissues` is not
    /// hidden by the pipe after it), in a session of its own (no terminal).
    fn run(&self, script: &str) -> Output {
        self.make_redirect_folders(script);
        let path = std::env::join_paths(
            std::iter::once(self.dir.join("bin"))
                .chain(std::env::split_paths(&std::env::var_os("PATH").unwrap())),
        )
        .unwrap();
        let mut command = Command::new("bash");
        command
            .args(["-o", "pipefail", "-c"])
            .arg(script)
            .current_dir(&self.dir)
            .env_clear()
            .env("PATH", path)
            .env("HOME", self.dir.join("home"))
            .env("COLUMNS", "80")
            .env("LANG", "C.UTF-8")
            .stdin(Stdio::null());
        // SAFETY: setsid is async-signal-safe; it only detaches the child from the terminal.
        unsafe {
            command.pre_exec(|| {
                libc::setsid();
                Ok(())
            });
        }
        command.output().unwrap()
    }
}

/// Text of `bytes`, for comparisons and messages.
fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// `took 0.05s` with any time, so that a shown summary line matches a real one.
fn without_timing(line: &str) -> String {
    let timing = regex::Regex::new(r"took [0-9.]+m?s").unwrap();
    timing.replace_all(line, "took Ns").into_owned()
}

/// Lines with their ends trimmed and trailing blank lines dropped.
fn trimmed_lines(text: &str) -> Vec<String> {
    let mut lines: Vec<String> = text.lines().map(|l| l.trim_end().to_string()).collect();
    while lines.last().is_some_and(String::is_empty) {
        lines.pop();
    }
    lines
}

/// The screen an insta snapshot of the finder holds: its quoted rows, ends trimmed.
fn snapshot_screen(path: &str) -> String {
    let snap = fs::read_to_string(Path::new(CRATE_DIR).join(path)).unwrap();
    let body = snap.splitn(3, "---\n").nth(2).unwrap();
    body.lines()
        .map(|row| row.trim_matches('"').trim_end().to_string())
        .collect::<Vec<_>>()
        .join("\n")
}

/// Checks that `stdout` is what the text shows (`language` `json` compares JSON values).
fn check_output(doc: &str, at: usize, language: &str, shown: &str, stdout: &str) {
    if language == "json" {
        let parse_all = |s: &str| -> Vec<serde_json::Value> {
            match serde_json::from_str(s) {
                Ok(value) => vec![value],
                Err(_) => s
                    .lines()
                    .filter(|l| !l.trim().is_empty())
                    .map(|l| serde_json::from_str(l).unwrap())
                    .collect(),
            }
        };
        assert_eq!(
            parse_all(stdout),
            parse_all(shown),
            "{doc}:{at}: the JSON shown is not what the command prints:\n{stdout}"
        );
    } else {
        assert_eq!(
            trimmed_lines(stdout),
            trimmed_lines(shown),
            "{doc}:{at}: the output shown is not what the command prints:\n{stdout}"
        );
    }
}

/// Checks one command's outcome: exit code and the stderr lines the text shows.
fn check_run(doc: &str, at: usize, what: &str, out: &Output, exit: i32, stderr: &[String]) {
    let err = text(&out.stderr);
    assert_eq!(
        out.status.code(),
        Some(exit),
        "{doc}:{at}: `{what}` exited {:?}, the text expects {exit}\nstdout:\n{}\nstderr:\n{err}",
        out.status.code(),
        text(&out.stdout)
    );
    let printed: Vec<String> = err.lines().map(without_timing).collect();
    for line in stderr {
        assert!(
            printed.contains(&without_timing(line)),
            "{doc}:{at}: `{what}` does not print the line the text shows:\n  {line}\nstderr:\n{err}"
        );
    }
}

/// Runs one command line as the block's marks and its programs say; returns its stdout when it
/// ran whole.
fn run_line(
    sandbox: &Sandbox,
    (doc, at): (&str, usize),
    marks: &Marks,
    line: &Line,
    exit: i32,
    tally: &mut Tally,
) -> Option<String> {
    let commands = simple_commands(&line.text);
    let programs: Vec<String> = commands.iter().filter_map(|c| program(c)).collect();
    for program in &programs {
        assert!(
            program == "backissues" || EVERYDAY.contains(&program.as_str()) || NEVER_RUN.contains(&program.as_str()),
            "{doc}:{at}: `{program}` is in neither list of tests/doc_examples.rs; add it to EVERYDAY (run) or NEVER_RUN"
        );
    }
    let ours: Vec<&String> = commands
        .iter()
        .filter(|c| program(c).as_deref() == Some("backissues"))
        .collect();
    if marks.terminal || marks.network {
        for command in ours {
            if marks.terminal {
                let out = sandbox.run(command);
                assert_eq!(out.status.code(), Some(2), "{doc}:{at}: `{command}`");
                assert!(
                    text(&out.stderr).contains("the finder needs a terminal"),
                    "{doc}:{at}: `{command}` did not stop for want of a terminal:\n{}",
                    text(&out.stderr)
                );
                tally.terminal += 1;
            } else {
                let local = command.replace(EXAMPLE_SITE, &sandbox.site.url(""));
                let out = sandbox.run(&format!("BACKISSUES_INDEX=web-index {local}"));
                check_run(doc, at, &local, &out, 0, &[]);
                tally.network += 1;
            }
        }
        return None;
    }
    let whole = programs
        .iter()
        .all(|p| p == "backissues" || (EVERYDAY.contains(&p.as_str()) && installed(p)));
    if whole {
        let out = sandbox.run(&line.text);
        check_run(doc, at, &line.text, &out, exit, &line.stderr);
        tally.whole_lines += 1;
        tally.stderr_lines += line.stderr.len();
        return Some(text(&out.stdout));
    }
    if ours.is_empty() {
        tally.not_run.push(format!("{doc}:{at}: {}", line.text));
    } else {
        eprintln!(
            "{doc}:{at}: ran only the backissues part of `{}` (a program of it is not run here)",
            line.text
        );
    }
    for command in ours {
        let out = sandbox.run(command);
        check_run(doc, at, command, &out, exit, &line.stderr);
        tally.parts_alone += 1;
    }
    None
}

/// Runs every block of the document `doc` (a file of the repository) and returns the tally.
fn run_document(doc: &str) -> Tally {
    let markdown = fs::read_to_string(Path::new(CRATE_DIR).join(doc)).unwrap();
    let name = doc.trim_end_matches(".md").to_lowercase();
    let mut sandbox = Sandbox::new(&name);
    let mut tally = Tally::default();
    for block in blocks(&markdown) {
        let at = block.at;
        if block.marks.fresh {
            sandbox = Sandbox::new(&name);
        }
        for (from, to) in &block.marks.place {
            sandbox.place(from, to);
        }
        let mut last_stdout = None;
        for (i, line) in block.lines.iter().enumerate() {
            let exit = if i + 1 == block.lines.len() {
                block.marks.exit
            } else {
                0
            };
            last_stdout = run_line(&sandbox, (doc, at), &block.marks, line, exit, &mut tally);
        }
        let Some((language, shown)) = &block.output else {
            continue;
        };
        match (&block.marks.snapshot, last_stdout) {
            (Some(path), _) => check_output(doc, at, "text", shown, &snapshot_screen(path)),
            (None, Some(stdout)) => check_output(doc, at, language, shown, &stdout),
            (None, None) => {
                eprintln!("{doc}:{at}: output not compared: the command did not run whole here");
                continue;
            }
        }
        tally.outputs += 1;
    }
    eprintln!("{doc}: {tally:?}");
    tally
}

#[test]
fn readme_examples_run_as_shown() {
    let tally = run_document("README.md");
    assert!(tally.whole_lines >= 10, "{tally:?}");
    assert!(tally.outputs >= 4, "{tally:?}");
    assert_eq!((tally.terminal, tally.network), (1, 1), "{tally:?}");
}

#[test]
fn guide_examples_run_as_shown() {
    let tally = run_document("GUIDE.md");
    assert!(tally.whole_lines >= 40, "{tally:?}");
    assert!(tally.outputs >= 12, "{tally:?}");
    assert_eq!((tally.terminal, tally.network), (4, 5), "{tally:?}");
}

#[test]
fn a_command_line_is_cut_into_its_programs() {
    let programs = |line: &str| -> Vec<String> {
        simple_commands(line)
            .iter()
            .filter_map(|c| program(c))
            .collect()
    };
    assert_eq!(
        programs("url=$(backissues search --section tools) && open \"$url\""),
        ["backissues", "open"]
    );
    assert_eq!(
        programs("COLUMNS=72 backissues trend a '\"b | c\"' # a comment | not a program"),
        ["backissues"]
    );
    assert_eq!(
        programs("if backissues seen x.md; then echo \"seen\" >&2; fi"),
        ["backissues", "echo"]
    );
    assert_eq!(
        programs("cargo build --release && ./target/release/backissues query x"),
        ["cargo", "backissues"]
    );
}
