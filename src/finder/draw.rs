//! Drawing the finder: a pure function of its [`State`] onto a ratatui frame (the query line,
//! the status line with the filters, the list, the preview, the hint row, the key help).
//! Every text from the index goes through [`clean`], as in the table output, so nothing from an
//! issue file reaches the terminal as a control code.

use ratatui::layout::{Position, Rect};
use ratatui::style::{Color, Modifier, Style};
use ratatui::text::{Line, Span, Text};
use ratatui::widgets::{Block, Borders, Clear, Paragraph};
use ratatui::Frame;

use super::keys::{self, BINDINGS};
use super::layout::Screen;
use super::state::{FilterKind, State};
use crate::model::LinkDoc;
use crate::render::text::{char_width, clean, clean_marked, truncate, width, wrap};
use crate::render::{appearances_mark, shown_date};
use crate::search::{section_leaf, Hit};

/// Widest section column.
const SECTION: usize = 14;
/// Widest newsletter column (shown when the index holds several).
const NEWSLETTER: usize = 16;
/// Widest domain column.
const DOMAIN: usize = 22;

/// Draws the whole finder for `state`.
pub fn draw(frame: &mut Frame, state: &State) {
    let area = frame.area();
    let Screen {
        query,
        status,
        list,
        preview,
        hints,
    } = Screen::new(area, state.preview);
    draw_query(frame, state, query);
    frame.render_widget(
        Paragraph::new(fit_line(status_line(state), usize::from(status.width))),
        status,
    );
    draw_list(frame, state, list);
    if let Some(preview) = preview {
        draw_preview(frame, state, preview);
    }
    frame.render_widget(
        Paragraph::new(truncate(&keys::hint_row(), usize::from(hints.width))).style(dim()),
        hints,
    );
    if state.help {
        draw_help(frame, area);
    }
}

/// The query line: a prompt, the input with the cursor, and how many links match.
fn draw_query(frame: &mut Frame, state: &State, area: Rect) {
    let count = match &state.answer {
        _ if state.searching() => "…".to_string(),
        Ok(answer) => match answer.total {
            None => format!("{} of … links", answer.hits.len()),
            Some(total) if total as usize > answer.hits.len() => {
                format!("{} of {total} links", answer.hits.len())
            }
            Some(1) => "1 link".to_string(),
            Some(total) => format!("{total} links"),
        },
        Err(_) => String::new(),
    };
    let input = clean(&state.input);
    let room = usize::from(area.width).saturating_sub(width(&count) + 3);
    let line = Line::from(vec![
        Span::styled("> ", Style::new().add_modifier(Modifier::BOLD)),
        Span::raw(truncate(&input, room)),
    ]);
    let columns = usize::from(area.width);
    frame.render_widget(Paragraph::new(fit_line(line, columns)), area);
    let count = Line::from(Span::styled(count, dim()));
    frame.render_widget(
        Paragraph::new(fit_line(count, columns)).right_aligned(),
        area,
    );
    let typed = clean(&state.input[..state.cursor]);
    let x = area.x + u16::try_from(2 + width(&typed).min(room)).unwrap_or(area.width);
    frame.set_cursor_position(Position::new(x.min(area.right().saturating_sub(1)), area.y));
}

/// The status line: each cycled filter with its value (the keys are on the hint row), how
/// many links are marked, and a notice of the last action.
fn status_line(state: &State) -> Line<'static> {
    let mut spans = Vec::new();
    for (kind, name) in [
        (FilterKind::Section, "section"),
        (FilterKind::Year, "year"),
        (FilterKind::Newsletter, "newsletter"),
    ] {
        let value = state.filters.shown(kind);
        spans.push(Span::styled(format!("{name}:"), dim()));
        let (shown, style) = match value {
            Some(value) => (clean(&value), Style::new().add_modifier(Modifier::BOLD)),
            None => ("any".to_string(), Style::new()),
        };
        spans.push(Span::styled(truncate(&shown, 24), style));
        spans.push(Span::raw("  "));
    }
    if !state.marked.is_empty() {
        spans.push(Span::styled(
            format!("{} marked  ", state.marked.len()),
            Style::new().add_modifier(Modifier::BOLD),
        ));
    }
    if let Some(notice) = &state.notice {
        spans.push(Span::raw(clean(notice)));
    }
    Line::from(spans)
}

/// What the list shows instead of links: the query's error, or what to try when nothing
/// matched.
fn empty_list_message(state: &State) -> Option<String> {
    match &state.answer {
        Err(error) => Some(clean(error)),
        Ok(answer) if answer.hits.is_empty() && !state.searching() => {
            answer.advice.as_ref().map(|advice| clean(advice))
        }
        Ok(_) => None,
    }
}

/// The list of links, one row each, the selected row in reverse video.
fn draw_list(frame: &mut Frame, state: &State, area: Rect) {
    if let Some(message) = empty_list_message(state) {
        let lines = wrapped(
            &message,
            usize::from(area.width),
            usize::from(area.height),
            warning(state.color),
        );
        frame.render_widget(Paragraph::new(Text::from(lines)), area);
        return;
    }
    let shown = state
        .hits()
        .iter()
        .enumerate()
        .skip(state.first_row())
        .take(usize::from(area.height));
    let domain_width = shown
        .clone()
        .map(|(_, hit)| width(&truncate(&clean(&hit.doc.domain), DOMAIN)))
        .max()
        .unwrap_or(0);
    let times_width = shown
        .clone()
        .map(|(_, hit)| width(&times(hit)))
        .max()
        .unwrap_or(0);
    let rows: Vec<Line> = shown
        .map(|(at, hit)| {
            let columns = (domain_width, times_width);
            let row = row(state, hit, usize::from(area.width), columns);
            let mut line = fit_line(row, usize::from(area.width));
            if at == state.selected {
                line = line.patch_style(Style::new().add_modifier(Modifier::REVERSED));
            }
            line
        })
        .collect();
    frame.render_widget(Paragraph::new(Text::from(rows)), area);
}

/// The row's `×3`, after a space; empty for a link featured once.
fn times(hit: &Hit) -> String {
    let mark = appearances_mark(hit);
    if mark.is_empty() {
        mark
    } else {
        format!(" {mark}")
    }
}

/// One link's row: mark, date, section, newsletter (when several), title, domain and `×3` (in
/// columns as wide as `columns` says).
fn row(state: &State, hit: &Hit, room: usize, columns: (usize, usize)) -> Line<'static> {
    let (domain_width, times_width) = columns;
    let doc = &hit.doc;
    let mark = if state.is_marked(&doc.url) {
        "+ "
    } else {
        "  "
    };
    let date = format!("{:<10} ", shown_date(doc));
    let section = format!(
        "{:<SECTION$} ",
        truncate(&clean(section_leaf(&doc.section)), SECTION)
    );
    let newsletter = if state.several_newsletters {
        format!(
            "{:<NEWSLETTER$} ",
            truncate(&clean(&doc.newsletter), NEWSLETTER)
        )
    } else {
        String::new()
    };
    let times = times(hit);
    let domain = truncate(&clean(&doc.domain), DOMAIN);
    let domain = format!("{domain:<domain_width$}");
    let fixed = width(mark) + width(&date) + width(&section) + width(&newsletter);
    let tail = domain_width + times_width + 1;
    let title_room = room.saturating_sub(fixed + tail).max(8);
    let title = truncate(&clean(&shown_title(doc)), title_room);
    let pad = " ".repeat(title_room.saturating_sub(width(&title)));
    let mut spans = vec![
        Span::raw(mark),
        Span::styled(date, dim()),
        Span::styled(section, dim()),
        Span::styled(newsletter, dim()),
    ];
    spans.extend(highlighted(&title, &state.input, state.color));
    spans.push(Span::raw(pad));
    spans.push(Span::raw(" "));
    spans.push(Span::styled(domain, domain_style(state.color)));
    spans.push(Span::styled(
        times,
        Style::new().add_modifier(Modifier::BOLD),
    ));
    Line::from(spans)
}

/// `line` cut to `width` columns, never through a wide character (ratatui's paragraph writes
/// the second half of a wide character past a too-narrow area).
fn fit_line(line: Line<'static>, width: usize) -> Line<'static> {
    let mut room = width;
    let mut spans = Vec::with_capacity(line.spans.len());
    for span in line.spans {
        let mut kept = String::new();
        for c in span.content.chars() {
            let columns = char_width(c);
            if columns > room {
                room = 0;
                break;
            }
            room -= columns;
            kept.push(c);
        }
        spans.push(Span::styled(kept, span.style));
        if room == 0 {
            break;
        }
    }
    Line::from(spans).style(line.style)
}

/// The title shown for a link: its title, else the start of its description, else its URL.
fn shown_title(doc: &LinkDoc) -> String {
    match &doc.title {
        Some(title) if !title.trim().is_empty() => title.clone(),
        _ if !doc.description.trim().is_empty() => doc.description.clone(),
        _ => doc.url.clone(),
    }
}

/// `text` split into spans, the words that start like a typed word highlighted.
fn highlighted(text: &str, input: &str, color: bool) -> Vec<Span<'static>> {
    let words = typed_words(input);
    let lower: Vec<char> = text
        .chars()
        .map(|c| c.to_lowercase().next().unwrap_or(c))
        .collect();
    let mut lit = vec![false; lower.len()];
    for at in 0..lower.len() {
        let starts_word = at == 0 || !lower[at - 1].is_alphanumeric();
        if !starts_word {
            continue;
        }
        for word in &words {
            let end = at + word.len();
            if end <= lower.len() && lower[at..end] == word[..] {
                lit[at..end].iter_mut().for_each(|l| *l = true);
            }
        }
    }
    let style = match_style(color);
    let mut spans = Vec::new();
    let mut run = String::new();
    let mut run_lit = false;
    for (c, lit) in text.chars().zip(lit) {
        if lit != run_lit && !run.is_empty() {
            let taken = std::mem::take(&mut run);
            spans.push(if run_lit {
                Span::styled(taken, style)
            } else {
                Span::raw(taken)
            });
        }
        run_lit = lit;
        run.push(c);
    }
    if !run.is_empty() {
        spans.push(if run_lit {
            Span::styled(run, style)
        } else {
            Span::raw(run)
        });
    }
    spans
}

/// The words of the query worth highlighting, lowercase: no exclusions, operators or field
/// names, quotes and `*` dropped.
fn typed_words(input: &str) -> Vec<Vec<char>> {
    input
        .split_whitespace()
        .filter(|word| !word.starts_with('-') && !matches!(*word, "AND" | "OR" | "NOT"))
        .map(|word| word.rsplit(':').next().unwrap_or(word))
        .map(|word| word.trim_matches(|c: char| !c.is_alphanumeric()))
        .filter(|word| !word.is_empty())
        .map(|word| word.to_lowercase().chars().collect())
        .collect()
}

/// The preview: the selected link's title, description, URL, domain and every issue that
/// featured it.
fn draw_preview(frame: &mut Frame, state: &State, area: Rect) {
    let block = Block::new()
        .borders(Borders::TOP | Borders::LEFT)
        .style(dim());
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let Some(hit) = state.selected_hit() else {
        return;
    };
    let doc = &hit.doc;
    let columns = usize::from(inner.width);
    let bold = Style::new().add_modifier(Modifier::BOLD);
    let heading = doc.title.as_deref().unwrap_or(&doc.domain);
    let mut lines = wrapped(heading, columns, 3, bold);
    lines.push(Line::default());
    if !doc.description.trim().is_empty() {
        let room = usize::from(inner.height / 2).max(2);
        lines.extend(wrapped(&doc.description, columns, room, Style::new()));
        lines.push(Line::default());
    }
    lines.extend(wrapped(&doc.url, columns, 3, domain_style(state.color)));
    let facts = Line::from(vec![
        Span::styled("domain ", dim()),
        Span::raw(clean(&doc.domain)),
        Span::styled("   newsletter ", dim()),
        Span::raw(clean(&doc.newsletter)),
    ]);
    lines.push(fit_line(facts, columns));
    lines.push(Line::default());
    let appearances = state
        .appearances
        .as_ref()
        .filter(|(url, _)| *url == doc.url)
        .map(|(_, hits)| hits.as_slice());
    match appearances {
        Some(issues) => {
            let heading = match issues.len() {
                1 => "Featured in 1 issue:".to_string(),
                n => format!("Featured in {n} issues:"),
            };
            lines.push(fit_line(Line::from(Span::styled(heading, bold)), columns));
            for issue in issues {
                let number = issue
                    .doc
                    .issue
                    .map_or_else(String::new, |n| format!("#{n}"));
                let line = Line::from(format!(
                    "  {:<10}  {:>6}  {}",
                    shown_date(&issue.doc),
                    number,
                    clean(section_leaf(&issue.doc.section))
                ));
                lines.push(fit_line(line, columns));
            }
        }
        None => lines.push(Line::from(Span::styled("…", dim()))),
    }
    frame.render_widget(Paragraph::new(Text::from(lines)), inner);
}

/// `text` cleaned and wrapped into at most `lines` lines of `columns` (the last one ending with
/// `…` when the text is cut), each in `style`. Wrapped here rather than by ratatui, whose
/// wrapping writes a wide character past a very narrow area.
fn wrapped(text: &str, columns: usize, lines: usize, style: Style) -> Vec<Line<'static>> {
    wrap(&clean_marked(text, &[]), columns, lines)
        .into_iter()
        .map(|line| {
            let text: String = line.iter().map(|m| m.c).collect();
            fit_line(Line::from(Span::styled(text, style)), columns)
        })
        .collect()
}

/// The key help, over the middle of the screen.
fn draw_help(frame: &mut Frame, area: Rect) {
    let key_width = BINDINGS.iter().map(|b| width(b.keys)).max().unwrap_or(0);
    let what_width = BINDINGS.iter().map(|b| width(b.help)).max().unwrap_or(0);
    // A space, the keys, two spaces, what they do, and the border each side.
    let help_width = u16::try_from(1 + key_width + 2 + what_width + 2)
        .unwrap_or(area.width)
        .min(area.width);
    let help_height = u16::try_from(BINDINGS.len() + 2)
        .unwrap_or(area.height)
        .min(area.height);
    let popup = Rect::new(
        area.x + (area.width - help_width) / 2,
        area.y + (area.height - help_height) / 2,
        help_width,
        help_height,
    );
    let lines: Vec<Line> = BINDINGS
        .iter()
        .map(|binding| {
            Line::from(vec![
                Span::styled(
                    format!(" {:<key_width$}  ", binding.keys),
                    Style::new().add_modifier(Modifier::BOLD),
                ),
                Span::raw(binding.help),
            ])
        })
        .collect();
    frame.render_widget(Clear, popup);
    frame.render_widget(
        Paragraph::new(Text::from(lines)).block(Block::bordered().title(" keys (any key closes) ")),
        popup,
    );
}

/// Secondary text (dates, sections, hints): dimmed, which is not a colour.
fn dim() -> Style {
    Style::new().add_modifier(Modifier::DIM)
}

/// A matched word: bold red in colour (as the table), bold and underlined without.
fn match_style(color: bool) -> Style {
    let style = Style::new().add_modifier(Modifier::BOLD);
    if color {
        style.fg(Color::Red)
    } else {
        style.add_modifier(Modifier::UNDERLINED)
    }
}

/// The domain and URL: cyan in colour.
fn domain_style(color: bool) -> Style {
    if color {
        Style::new().fg(Color::Cyan)
    } else {
        Style::new()
    }
}

/// A warning in the status line: yellow in colour, bold without.
fn warning(color: bool) -> Style {
    if color {
        Style::new().fg(Color::Yellow)
    } else {
        Style::new().add_modifier(Modifier::BOLD)
    }
}

#[cfg(test)]
mod tests;
