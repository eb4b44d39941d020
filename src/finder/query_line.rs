//! The query line's editing keys, on the text and its cursor alone (a byte offset, always on a
//! character boundary).

use super::keys::Edit;

/// Applies `edit` to `input` with the cursor at `cursor`; true when the text changed (so a new
/// search starts), false when only the cursor moved or there was nothing to delete.
pub fn edit(input: &mut String, cursor: &mut usize, edit: Edit) -> bool {
    match edit {
        Edit::DeleteBack => {
            let Some(before) = input[..*cursor].chars().next_back() else {
                return false;
            };
            *cursor -= before.len_utf8();
            input.remove(*cursor);
        }
        Edit::DeleteForward => {
            if *cursor >= input.len() {
                return false;
            }
            input.remove(*cursor);
        }
        Edit::ClearToCursor => {
            if *cursor == 0 {
                return false;
            }
            input.replace_range(..*cursor, "");
            *cursor = 0;
        }
        Edit::DeleteWord => {
            let before = &input[..*cursor];
            let start = before
                .trim_end()
                .rfind(char::is_whitespace)
                .map_or(0, |at| at + 1);
            if start == *cursor {
                return false;
            }
            input.replace_range(start..*cursor, "");
            *cursor = start;
        }
        Edit::Left => {
            if let Some(c) = input[..*cursor].chars().next_back() {
                *cursor -= c.len_utf8();
            }
            return false;
        }
        Edit::Right => {
            if let Some(c) = input[*cursor..].chars().next() {
                *cursor += c.len_utf8();
            }
            return false;
        }
        Edit::StartOfQuery => {
            *cursor = 0;
            return false;
        }
        Edit::EndOfQuery => {
            *cursor = input.len();
            return false;
        }
    }
    true
}
