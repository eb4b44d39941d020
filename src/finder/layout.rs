//! Where each part of the finder sits on the screen, computed in one place: the state needs the
//! list's height (page keys, scrolling) and top (mouse clicks), the drawing needs every area.

use ratatui::layout::{Constraint, Layout, Rect};

/// Lines above the list: the query line and the status line.
pub const LIST_TOP: u16 = 2;

/// Lines below the list: the hint row.
const LIST_BOTTOM: u16 = 1;

/// The finder's areas on a screen.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Screen {
    /// The query line.
    pub query: Rect,
    /// The status line: filters, marks, notices.
    pub status: Rect,
    /// The list of links.
    pub list: Rect,
    /// The preview, when it shows.
    pub preview: Option<Rect>,
    /// The hint row.
    pub hints: Rect,
}

impl Screen {
    /// The areas on `area`, with the preview when `preview` is on: beside the list on a wide
    /// terminal ([`preview_beside`]), else under it, the list keeping the upper half.
    pub fn new(area: Rect, preview: bool) -> Self {
        let [query, status, body, hints] = Layout::vertical([
            Constraint::Length(1),
            Constraint::Length(LIST_TOP - 1),
            Constraint::Min(1),
            Constraint::Length(LIST_BOTTOM),
        ])
        .areas(area);
        let (list, preview) = if !preview {
            (body, None)
        } else if preview_beside(body.width) {
            let [list, preview] =
                Layout::horizontal([Constraint::Percentage(55), Constraint::Percentage(45)])
                    .areas(body);
            (list, Some(preview))
        } else {
            let list_lines = area.height.saturating_sub(LIST_TOP + LIST_BOTTOM).max(1);
            let list_lines = list_lines - list_lines / 2;
            let [list, preview] =
                Layout::vertical([Constraint::Length(list_lines), Constraint::Min(0)]).areas(body);
            (list, (preview.height > 0).then_some(preview))
        };
        Self {
            query,
            status,
            list,
            preview,
            hints,
        }
    }
}

/// True when the terminal is wide enough for the preview beside the list rather than under it.
pub fn preview_beside(width: u16) -> bool {
    width >= 110
}
