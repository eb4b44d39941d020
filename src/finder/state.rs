//! The finder's state and its one transition, [`update`]: an event in (a key, a resize, an
//! answer of the search thread), the state changed, and the effects to carry out returned
//! (a search to start, a link to open or copy, the end of the run). Nothing here touches the
//! terminal, the index or the clock, so every key can be tested as a plain function call.

use std::collections::HashMap;

use crossterm::event::{KeyCode, KeyEvent, KeyEventKind, KeyModifiers, MouseEvent, MouseEventKind};
use ratatui::layout::Rect;

use super::keys::{self, Action, Edit};
use super::layout::Screen;
use super::query_line;
use crate::search::{with_prefix, FacetCount, FacetField, Hit, Mode, QueryConfig, YearRange};

/// How many links a new search brings back: a tall screen's worth. Scrolling near the end asks
/// for more ([`MORE_AT`]), doubling the page up to [`LONGEST_PAGE`].
pub const PAGE: usize = 50;

/// The most links one search brings back.
pub const LONGEST_PAGE: usize = 1600;

/// How close to the end of the page the selection comes before more links are asked for.
const MORE_AT: usize = 10;

/// The shortest last word the finder searches as a prefix while it is typed: a two-letter
/// prefix expands to thousands of terms on a large archive (the query language still takes
/// `as*`).
pub const TYPED_PREFIX: usize = 3;

/// A filter the finder cycles through the values of.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum FilterKind {
    /// The section (most specific part shown).
    Section,
    /// The year.
    Year,
    /// The newsletter.
    Newsletter,
}

impl FilterKind {
    /// The facet whose values the filter cycles through.
    fn facet(self) -> FacetField {
        match self {
            FilterKind::Section => FacetField::Section,
            FilterKind::Year => FacetField::Year,
            FilterKind::Newsletter => FacetField::Newsletter,
        }
    }
}

/// The cycled filters' values: empty or `None` keeps every value.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Filters {
    /// Section slugs (from `--section`, or the one cycled to).
    pub sections: Vec<String>,
    /// Years (from `--year`, or the one cycled to).
    pub years: Option<YearRange>,
    /// Newsletters (from `--newsletter`, or the one cycled to).
    pub newsletters: Vec<String>,
}

impl Filters {
    /// The value of `kind` as one string, `None` when it keeps everything.
    pub fn shown(&self, kind: FilterKind) -> Option<String> {
        match kind {
            FilterKind::Section => (!self.sections.is_empty()).then(|| self.sections.join(",")),
            FilterKind::Year => self.years.map(|years| years.to_string()),
            FilterKind::Newsletter => {
                (!self.newsletters.is_empty()).then(|| self.newsletters.join(","))
            }
        }
    }

    /// Drops the value of `kind`.
    fn clear(&mut self, kind: FilterKind) {
        match kind {
            FilterKind::Section => self.sections.clear(),
            FilterKind::Year => self.years = None,
            FilterKind::Newsletter => self.newsletters.clear(),
        }
    }

    /// Sets `kind` to the one facet `value`.
    fn set(&mut self, kind: FilterKind, value: &str) {
        match kind {
            FilterKind::Section => self.sections = vec![value.to_string()],
            FilterKind::Year => self.years = value.parse().ok(),
            FilterKind::Newsletter => self.newsletters = vec![value.to_string()],
        }
    }
}

/// What a search of the finder brought back.
#[derive(Debug, Clone, PartialEq)]
pub struct Answer {
    /// The first links (a page of [`PAGE`] or more), best first.
    pub hits: Vec<Hit>,
    /// How many links match in all; `None` while they are being counted (a full page).
    pub total: Option<u64>,
    /// When nothing matched: what to try (the same words `query` prints).
    pub advice: Option<String>,
}

/// Something the finder reacts to.
#[derive(Debug, Clone, PartialEq)]
pub enum Event {
    /// A key press.
    Key(KeyEvent),
    /// A mouse event (only with `--mouse`).
    Mouse(MouseEvent),
    /// The terminal's new size, columns and lines.
    Resize(u16, u16),
    /// The answer to the search of `generation`: the links, or why the query cannot run.
    Answer {
        /// The search it answers.
        generation: u64,
        /// The links, or the query's error.
        answer: Result<Answer, String>,
    },
    /// How many links the search of `generation` matches in all (after its full page).
    Total {
        /// The search counted.
        generation: u64,
        /// The number of matching links.
        total: u64,
    },
    /// A facet's values for the search of `generation`, to cycle a filter through.
    Facet {
        /// The search whose words and other filters they were counted for.
        generation: u64,
        /// The filter they are the values of.
        kind: FilterKind,
        /// The values, most links first (years newest first).
        values: Vec<FacetCount>,
    },
    /// Every appearance of the link at `url` (for the preview), oldest first.
    Appearances {
        /// The link.
        url: String,
        /// One hit per appearance.
        hits: Vec<Hit>,
    },
    /// A line to show in the status line (what opening or copying did).
    Notice(String),
    /// A signal asked the finder to stop (SIGTERM, SIGHUP, SIGINT).
    Stop,
}

/// How the finder ends.
#[derive(Debug, Clone, PartialEq)]
pub enum Choice {
    /// Enter: these links, in the order marked (or the selected one).
    Picked(Vec<Hit>),
    /// Enter with no link to pick.
    Nothing,
    /// Esc, Ctrl-C or a signal.
    Cancelled,
}

/// What [`update`] asks the finder's loop to do.
#[derive(Debug, Clone, PartialEq)]
pub enum Effect {
    /// Hand this job to the search thread.
    Job(Job),
    /// Open `url` in the browser.
    Open(String),
    /// Copy `url` to the clipboard (OSC 52).
    Copy(String),
    /// End the run.
    Exit(Choice),
}

/// Work for the search thread: only what needs the index, so the thread never sees the loop's
/// own effects.
#[derive(Debug, Clone, PartialEq)]
pub enum Job {
    /// Run the search `config`, answering with `generation`.
    Search {
        /// Tags the answer, so an overtaken search is never shown.
        generation: u64,
        /// The search.
        config: QueryConfig,
    },
    /// Count the values of `kind` for `config` (the search with that filter left out).
    Facet {
        /// The search these values belong to.
        generation: u64,
        /// The filter to cycle.
        kind: FilterKind,
        /// The search, without the filter of `kind`.
        config: QueryConfig,
    },
    /// Find every appearance of the link at `url`.
    Appearances {
        /// The link.
        url: String,
    },
}

/// Everything the finder shows and remembers.
#[derive(Debug, Clone)]
pub struct State {
    /// The query as typed.
    pub input: String,
    /// The cursor's byte offset in `input`.
    pub cursor: usize,
    /// The command line's settings (fixed filters, sponsors, recurring links).
    pub base: QueryConfig,
    /// The filters the keys cycle.
    pub filters: Filters,
    /// The newest search started.
    pub generation: u64,
    /// How many links the searches ask for (more after scrolling near the end).
    pub limit: usize,
    /// The newest search only asks for more of the same links: keep the selection.
    pub more: bool,
    /// The search `answer` answers (behind `generation` while one runs).
    pub answered: u64,
    /// The links shown, or the query's error.
    pub answer: Result<Answer, String>,
    /// The selected row.
    pub selected: usize,
    /// Links marked with Tab, in the order marked.
    pub marked: Vec<Hit>,
    /// Whether the preview pane shows.
    pub preview: bool,
    /// Whether the key help shows.
    pub help: bool,
    /// A line about the last action (opened, copied, could not).
    pub notice: Option<String>,
    /// Enter was pressed while a search ran: pick when it answers.
    pub enter_pending: bool,
    /// Facet values for each filter, for the current words and other filters.
    pub facets: HashMap<FilterKind, Vec<FacetCount>>,
    /// A filter key pressed before its values were known.
    pub cycle_pending: Option<FilterKind>,
    /// The appearances of the link the preview shows.
    pub appearances: Option<(String, Vec<Hit>)>,
    /// True when the index holds several newsletters (rows then name theirs).
    pub several_newsletters: bool,
    /// True for colour, false for NO_COLOR or `--color never`.
    pub color: bool,
    /// The terminal's size: columns, lines.
    pub size: (u16, u16),
}

impl State {
    /// The state before the first search: `words` typed, the command line's `base` filters.
    pub fn new(words: &str, base: QueryConfig, size: (u16, u16)) -> Self {
        let filters = Filters {
            sections: base.sections.clone(),
            years: base.years,
            newsletters: base.newsletters.clone(),
        };
        Self {
            input: words.to_string(),
            cursor: words.len(),
            base,
            filters,
            generation: 0,
            limit: PAGE,
            more: false,
            answered: 0,
            answer: Ok(Answer {
                hits: Vec::new(),
                total: Some(0),
                advice: None,
            }),
            selected: 0,
            marked: Vec::new(),
            preview: true,
            help: false,
            notice: None,
            enter_pending: false,
            facets: HashMap::new(),
            cycle_pending: None,
            appearances: None,
            several_newsletters: false,
            color: true,
            size,
        }
    }

    /// The links shown (none while the query has an error).
    pub fn hits(&self) -> &[Hit] {
        self.answer.as_ref().map_or(&[], |answer| &answer.hits)
    }

    /// The selected link, if any.
    pub fn selected_hit(&self) -> Option<&Hit> {
        self.hits().get(self.selected)
    }

    /// True while the newest search has not answered.
    pub fn searching(&self) -> bool {
        self.answered != self.generation
    }

    /// True when the link at `url` is marked.
    pub fn is_marked(&self, url: &str) -> bool {
        self.marked.iter().any(|hit| hit.doc.url == url)
    }

    /// The search the input and filters describe ([`words_as_typed`]).
    pub fn config(&self) -> QueryConfig {
        QueryConfig {
            words: words_as_typed(&self.input),
            sections: self.filters.sections.clone(),
            years: self.filters.years,
            newsletters: self.filters.newsletters.clone(),
            limit: self.limit,
            offset: 0,
            all: false,
            mode: Mode::Hits,
            ..self.base.clone()
        }
    }

    /// Where the parts of the finder sit on a screen of the state's size.
    pub fn screen(&self) -> Screen {
        let (width, lines) = self.size;
        Screen::new(Rect::new(0, 0, width, lines), self.preview)
    }

    /// Lines the list has (at least one): the screen less the query, status and hint lines,
    /// and the preview when it sits under the list.
    pub fn list_height(&self) -> usize {
        usize::from(self.screen().list.height.max(1))
    }

    /// The first row shown, so that the selected row is on screen.
    pub fn first_row(&self) -> usize {
        (self.selected + 1).saturating_sub(self.list_height())
    }

    /// The effects that start the finder: the first search.
    pub fn start(&mut self) -> Vec<Effect> {
        self.search()
    }

    /// Starts a new search for the current input and filters, from the first page.
    fn search(&mut self) -> Vec<Effect> {
        self.limit = PAGE;
        self.more = false;
        self.next_search()
    }

    /// The search for the state as it is, under a new generation.
    fn next_search(&mut self) -> Vec<Effect> {
        self.generation += 1;
        vec![Effect::Job(Job::Search {
            generation: self.generation,
            config: self.config(),
        })]
    }

    /// Asks for a longer page of the same search when the selection nears the end of the links
    /// shown and more match.
    fn more_if_near_the_end(&mut self) -> Vec<Effect> {
        let shown = self.hits().len();
        let more_match =
            matches!(&self.answer, Ok(answer) if answer.total.is_none_or(|t| t > shown as u64));
        let near_the_end = self.selected + MORE_AT >= shown;
        if self.searching() || !more_match || !near_the_end || shown < self.limit {
            return Vec::new();
        }
        if self.limit >= LONGEST_PAGE {
            return Vec::new();
        }
        self.limit = (self.limit * 2).min(LONGEST_PAGE);
        self.more = true;
        self.next_search()
    }

    /// The input changed: every facet count is stale, and a new search starts.
    fn input_changed(&mut self) -> Vec<Effect> {
        self.facets.clear();
        self.search()
    }
}

/// The query for `input` while it is typed: a last word still being typed (no space after it)
/// is a prefix from its [`TYPED_PREFIX`]th letter; shorter, it is left out when other words
/// come before it (`async c` searches `async` until `async clo` searches `async clo*`), and
/// searched as the word itself when it is the only one. Anything but a plain word is taken as
/// typed.
pub fn words_as_typed(input: &str) -> String {
    let trimmed = input.trim();
    if input.ends_with(char::is_whitespace) {
        return trimmed.to_string();
    }
    if let Some(prefixed) = with_prefix(trimmed, TYPED_PREFIX) {
        return prefixed;
    }
    let Some((before, last)) = trimmed.rsplit_once(char::is_whitespace) else {
        return trimmed.to_string();
    };
    if !last.chars().all(char::is_alphanumeric) {
        return trimmed.to_string();
    }
    let mut before = before.trim_end();
    while let Some(rest) = ["AND", "OR", "NOT"]
        .iter()
        .find_map(|operator| before.strip_suffix(operator))
        .filter(|rest| rest.is_empty() || rest.ends_with(char::is_whitespace))
    {
        before = rest.trim_end();
    }
    before.to_string()
}

/// The finder's transition: applies `event` to `state` and returns what to do.
pub fn update(state: &mut State, event: Event) -> Vec<Effect> {
    match event {
        Event::Key(key) if key.kind != KeyEventKind::Release => on_key(state, key),
        Event::Key(_) => Vec::new(),
        Event::Mouse(mouse) => on_mouse(state, mouse),
        Event::Resize(width, lines) => {
            state.size = (width, lines);
            Vec::new()
        }
        Event::Answer { generation, answer } => on_answer(state, generation, answer),
        Event::Total { generation, total } => {
            if let (true, Ok(answer)) = (generation == state.generation, &mut state.answer) {
                answer.total = Some(total);
            }
            Vec::new()
        }
        Event::Facet {
            generation,
            kind,
            values,
        } => {
            if generation != state.generation {
                return Vec::new();
            }
            state.facets.insert(kind, values);
            if state.cycle_pending == Some(kind) {
                state.cycle_pending = None;
                return cycle(state, kind);
            }
            Vec::new()
        }
        Event::Appearances { url, hits } => {
            state.appearances = Some((url, hits));
            Vec::new()
        }
        Event::Notice(text) => {
            state.notice = Some(text);
            Vec::new()
        }
        Event::Stop => vec![Effect::Exit(Choice::Cancelled)],
    }
}

/// A search answered: shown only when it is the newest one.
fn on_answer(state: &mut State, generation: u64, answer: Result<Answer, String>) -> Vec<Effect> {
    if generation != state.generation {
        return Vec::new();
    }
    state.answered = generation;
    let total = state.answer.as_ref().ok().and_then(|answer| answer.total);
    state.answer = answer;
    if state.more {
        // The same search, longer: the selection and the known total stay.
        state.selected = state.selected.min(state.hits().len().saturating_sub(1));
        if let Ok(answer) = &mut state.answer {
            answer.total = answer.total.or(total);
        }
    } else {
        state.selected = 0;
    }
    state.more = false;
    if state.enter_pending {
        state.enter_pending = false;
        return vec![Effect::Exit(pick(state))];
    }
    preview_effects(state)
}

/// What Enter chooses: the marked links, else the selected one, else nothing.
fn pick(state: &State) -> Choice {
    if !state.marked.is_empty() {
        return Choice::Picked(state.marked.clone());
    }
    match state.selected_hit() {
        Some(hit) => Choice::Picked(vec![hit.clone()]),
        None => Choice::Nothing,
    }
}

/// Asks for the selected link's appearances when the preview shows and they are not known.
fn preview_effects(state: &State) -> Vec<Effect> {
    let Some(hit) = state.selected_hit().filter(|_| state.preview) else {
        return Vec::new();
    };
    let known = state
        .appearances
        .as_ref()
        .is_some_and(|(url, _)| *url == hit.doc.url);
    if known {
        return Vec::new();
    }
    vec![Effect::Job(Job::Appearances {
        url: hit.doc.url.clone(),
    })]
}

/// One key press: its action in the [`keys::BINDINGS`] table, or a character typed.
fn on_key(state: &mut State, key: KeyEvent) -> Vec<Effect> {
    if state.help {
        // Any key closes the help; Ctrl-C still quits.
        state.help = false;
        let control = key.modifiers.contains(KeyModifiers::CONTROL);
        if !(control && key.code == KeyCode::Char('c')) {
            return Vec::new();
        }
    }
    state.notice = None;
    match keys::action(&key) {
        Some(Action::HelpWhenEmpty) if !state.input.is_empty() => type_key(state, key),
        Some(action) => act(state, action),
        None => type_key(state, key),
    }
}

/// Carries out a key's `action`.
fn act(state: &mut State, action: Action) -> Vec<Effect> {
    match action {
        Action::Cancel => vec![Effect::Exit(Choice::Cancelled)],
        Action::Pick => {
            if state.searching() {
                state.enter_pending = true;
                return Vec::new();
            }
            vec![Effect::Exit(pick(state))]
        }
        Action::ToggleMark => toggle_mark(state),
        Action::Up => move_by(state, -1),
        Action::Down => move_by(state, 1),
        Action::PageUp => move_by(state, -page(state)),
        Action::PageDown => move_by(state, page(state)),
        Action::First => move_by(state, isize::MIN / 2),
        Action::Last => move_by(state, isize::MAX / 2),
        Action::Help | Action::HelpWhenEmpty => {
            state.help = true;
            Vec::new()
        }
        Action::Open => on_selected(state, Effect::Open),
        Action::Copy => on_selected(state, Effect::Copy),
        Action::NextSection => cycle(state, FilterKind::Section),
        Action::NextYear => cycle(state, FilterKind::Year),
        Action::NextNewsletter => cycle(state, FilterKind::Newsletter),
        Action::ClearFilters => clear_filters(state),
        Action::TogglePreview => {
            state.preview = !state.preview;
            preview_effects(state)
        }
        Action::Edit(edit) => edit_query(state, edit),
    }
}

/// Lines a page key moves.
fn page(state: &State) -> isize {
    isize::try_from(state.list_height()).unwrap_or(1).max(1)
}

/// Moves the selection by `delta` rows, within the list.
fn move_by(state: &mut State, delta: isize) -> Vec<Effect> {
    let last = state.hits().len().saturating_sub(1);
    let target = isize::try_from(state.selected)
        .unwrap_or(0)
        .saturating_add(delta)
        .clamp(0, isize::try_from(last).unwrap_or(0));
    state.selected = usize::try_from(target).unwrap_or(0);
    let mut effects = preview_effects(state);
    effects.extend(state.more_if_near_the_end());
    effects
}

/// Tab: marks the selected link (or unmarks it) and moves down.
fn toggle_mark(state: &mut State) -> Vec<Effect> {
    let Some(hit) = state.selected_hit().cloned() else {
        return Vec::new();
    };
    if state.is_marked(&hit.doc.url) {
        state.marked.retain(|marked| marked.doc.url != hit.doc.url);
    } else {
        state.marked.push(hit);
    }
    move_by(state, 1)
}

/// `make(url)` for the selected link; a notice when there is none.
fn on_selected(state: &mut State, make: fn(String) -> Effect) -> Vec<Effect> {
    match state.selected_hit() {
        Some(hit) => vec![make(hit.doc.url.clone())],
        None => {
            state.notice = Some("no link selected".to_string());
            Vec::new()
        }
    }
}

/// A filter key: moves `kind` to its next value (after the last, back to every value); asks
/// for the values first when they are not known for the current search.
fn cycle(state: &mut State, kind: FilterKind) -> Vec<Effect> {
    let Some(values) = state.facets.get(&kind) else {
        state.cycle_pending = Some(kind);
        let mut config = state.config();
        config.mode = Mode::Facet(kind.facet());
        match kind {
            FilterKind::Section => config.sections.clear(),
            FilterKind::Year => config.years = None,
            FilterKind::Newsletter => config.newsletters.clear(),
        }
        return vec![Effect::Job(Job::Facet {
            generation: state.generation,
            kind,
            config,
        })];
    };
    let values: Vec<String> = values
        .iter()
        .filter(|value| value.count > 0)
        .map(|value| value.value.clone())
        .collect();
    let current = state.filters.shown(kind);
    let next = match current.and_then(|now| values.iter().position(|v| *v == now)) {
        Some(at) => values.get(at + 1),
        None => values.first(),
    };
    match next {
        Some(value) => state.filters.set(kind, value),
        None => state.filters.clear(kind),
    }
    filters_changed(state, kind)
}

/// Ctrl-X: every cycled filter back to every value.
fn clear_filters(state: &mut State) -> Vec<Effect> {
    if state.filters == Filters::default() {
        return Vec::new();
    }
    state.filters = Filters::default();
    state.facets.clear();
    state.search()
}

/// The filter `kind` changed: the other filters' counts are stale, and a new search starts.
fn filters_changed(state: &mut State, kind: FilterKind) -> Vec<Effect> {
    state.facets.retain(|&cached, _| cached == kind);
    let kept = state.facets.remove(&kind);
    let effects = state.search();
    if let Some(values) = kept {
        state.facets.insert(kind, values);
    }
    effects
}

/// A key with no action: a character without Ctrl or Alt is typed into the query, anything
/// else is ignored.
fn type_key(state: &mut State, key: KeyEvent) -> Vec<Effect> {
    let plain = !key
        .modifiers
        .intersects(KeyModifiers::CONTROL | KeyModifiers::ALT);
    match key.code {
        KeyCode::Char(c) if plain && !c.is_control() => {
            state.input.insert(state.cursor, c);
            state.cursor += c.len_utf8();
            state.input_changed()
        }
        _ => Vec::new(),
    }
}

/// An editing key on the query line: a new search when the query changed.
fn edit_query(state: &mut State, edit: Edit) -> Vec<Effect> {
    if query_line::edit(&mut state.input, &mut state.cursor, edit) {
        state.input_changed()
    } else {
        Vec::new()
    }
}

/// A mouse event: the wheel moves, a click selects (a click on the selected row picks it).
fn on_mouse(state: &mut State, mouse: MouseEvent) -> Vec<Effect> {
    match mouse.kind {
        MouseEventKind::ScrollUp => move_by(state, -3),
        MouseEventKind::ScrollDown => move_by(state, 3),
        MouseEventKind::Down(_) => {
            let Some(row) = mouse.row.checked_sub(state.screen().list.y) else {
                return Vec::new();
            };
            if usize::from(row) >= state.list_height() {
                return Vec::new();
            }
            let clicked = state.first_row() + usize::from(row);
            if clicked >= state.hits().len() {
                return Vec::new();
            }
            state.selected = clicked;
            preview_effects(state)
        }
        _ => Vec::new(),
    }
}

#[cfg(test)]
pub(crate) mod tests;
