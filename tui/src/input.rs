//! A one-line text field: the characters typed, a cursor, and whether it shows as dots
//! (passwords). Editing only; what the text means is decided by the core.

use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

/// A single-line text input with a cursor (in characters, not bytes).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TextInput {
    chars: Vec<char>,
    cursor: usize,
    /// Rendered as `•` so a password never appears on screen.
    pub masked: bool,
}

impl TextInput {
    pub fn new() -> Self {
        Self::default()
    }

    /// A field whose content is never drawn (passwords).
    pub fn masked() -> Self {
        Self {
            masked: true,
            ..Self::default()
        }
    }

    /// A field holding `text`, cursor at the end.
    pub fn with_text(text: &str) -> Self {
        let mut input = Self::new();
        input.set(text);
        input
    }

    pub fn value(&self) -> String {
        self.chars.iter().collect()
    }

    pub fn is_empty(&self) -> bool {
        self.chars.is_empty()
    }

    /// Replaces the content; the cursor goes to the end.
    pub fn set(&mut self, text: &str) {
        self.chars = text.chars().collect();
        self.cursor = self.chars.len();
    }

    pub fn clear(&mut self) {
        self.chars.clear();
        self.cursor = 0;
    }

    /// Takes the content out, leaving the field empty.
    pub fn take(&mut self) -> String {
        let value = self.value();
        self.clear();
        value
    }

    /// What to draw: the text, or one dot per character when masked.
    pub fn display(&self) -> String {
        if self.masked {
            "•".repeat(self.chars.len())
        } else {
            self.value()
        }
    }

    /// A line break at the cursor (for multi-line notes).
    pub fn insert_newline(&mut self) {
        self.chars.insert(self.cursor, '\n');
        self.cursor += 1;
    }

    /// The cursor position in characters from the start.
    pub fn cursor(&self) -> usize {
        self.cursor
    }

    /// Applies an editing key; returns false if the key is not an editing key (so the caller can
    /// use it for navigation).
    pub fn handle(&mut self, key: KeyEvent) -> bool {
        let control = key.modifiers.contains(KeyModifiers::CONTROL);
        match key.code {
            KeyCode::Char('u') if control => {
                self.chars.drain(..self.cursor);
                self.cursor = 0;
            }
            KeyCode::Char('a') if control => self.cursor = 0,
            KeyCode::Char('e') if control => self.cursor = self.chars.len(),
            KeyCode::Char(c)
                if !control && !key.modifiers.contains(KeyModifiers::ALT) && !c.is_control() =>
            {
                self.chars.insert(self.cursor, c);
                self.cursor += 1;
            }
            KeyCode::Backspace if self.cursor > 0 => {
                self.cursor -= 1;
                self.chars.remove(self.cursor);
            }
            KeyCode::Delete if self.cursor < self.chars.len() => {
                self.chars.remove(self.cursor);
            }
            KeyCode::Left => self.cursor = self.cursor.saturating_sub(1),
            KeyCode::Right => self.cursor = (self.cursor + 1).min(self.chars.len()),
            KeyCode::Home => self.cursor = 0,
            KeyCode::End => self.cursor = self.chars.len(),
            // Nothing to delete: still an editing key, nothing happens.
            KeyCode::Backspace | KeyCode::Delete => {}
            _ => return false,
        }
        true
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(code: KeyCode) -> KeyEvent {
        KeyEvent::new(code, KeyModifiers::NONE)
    }

    fn typed(input: &mut TextInput, text: &str) {
        for c in text.chars() {
            assert!(input.handle(key(KeyCode::Char(c))));
        }
    }

    #[test]
    fn edits_at_the_cursor_in_characters() {
        let mut input = TextInput::new();
        typed(&mut input, "héllo");
        input.handle(key(KeyCode::Left));
        input.handle(key(KeyCode::Left));
        input.handle(key(KeyCode::Backspace));
        typed(&mut input, "L");
        assert_eq!(input.value(), "héLlo");
        assert_eq!(input.cursor(), 3);
        input.handle(key(KeyCode::Home));
        input.handle(key(KeyCode::Delete));
        assert_eq!(input.value(), "éLlo");
        input.handle(key(KeyCode::End));
        input.handle(KeyEvent::new(KeyCode::Char('u'), KeyModifiers::CONTROL));
        assert!(input.is_empty());
    }

    #[test]
    fn a_masked_field_never_shows_its_text() {
        let mut input = TextInput::masked();
        typed(&mut input, "secret pw");
        assert_eq!(input.display(), "•••••••••");
        assert_eq!(input.value(), "secret pw");
    }

    #[test]
    fn navigation_keys_are_left_to_the_caller() {
        let mut input = TextInput::new();
        assert!(!input.handle(key(KeyCode::Enter)));
        assert!(!input.handle(key(KeyCode::Tab)));
        assert!(!input.handle(key(KeyCode::Up)));
        assert!(!input.handle(KeyEvent::new(KeyCode::Char('c'), KeyModifiers::CONTROL)));
        // Backspace on an empty field is consumed but changes nothing.
        assert!(input.handle(key(KeyCode::Backspace)));
        assert!(input.is_empty());
    }
}
