//! Chat: the conversation list (unread counts), and an open conversation from the newest message
//! up, with delivery states and the message box.

use domain::messaging::DeliveryState;
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::{Color, Style, Stylize};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph};
use shared::ViewModel;
use shared::view::{ConversationView, MessageView};

use super::{list_lines, set_cursor, when};
use crate::app::App;

pub fn draw(app: &App, frame: &mut Frame, area: Rect, view: &ViewModel) {
    match (&app.conversation, &view.messaging.open) {
        (Some(_), Some(open)) => conversation(app, frame, area, open),
        (Some(_), None) => frame.render_widget(
            Paragraph::new("Opening…").block(Block::new().borders(Borders::ALL)),
            area,
        ),
        (None, _) => list(app, frame, area, view),
    }
}

fn list(app: &App, frame: &mut Frame, area: Rect, view: &ViewModel) {
    let lines = list_lines(
        &view.messaging.conversations,
        app.selected.conversation,
        Line::from("No conversations yet: one opens when a mentor accepts a request."),
        |card| {
            let unread = if card.unread > 0 {
                format!("  {} new", card.unread)
            } else {
                String::new()
            };
            let ended = if card.can_send { "" } else { "  (ended)" };
            Line::from(vec![
                Span::raw(card.counterpart_name.clone()).bold(),
                Span::styled(unread, Style::new().fg(Color::Green)),
                Span::raw(ended).dim(),
                Span::raw(format!("  {}", when(card.last_message_at_ms))).dim(),
            ])
        },
    );
    frame.render_widget(
        Paragraph::new(lines).block(Block::new().borders(Borders::ALL).title(" Conversations ")),
        area,
    );
}

fn delivery(state: DeliveryState) -> &'static str {
    match state {
        DeliveryState::Pending => "waiting to send",
        DeliveryState::Sent => "sent",
        DeliveryState::Delivered => "delivered",
        DeliveryState::Read => "read",
    }
}

/// `text` broken into lines of at most `width` characters, at spaces where possible.
fn wrap(text: &str, width: usize) -> Vec<String> {
    let width = width.max(1);
    let mut lines = Vec::new();
    for paragraph in text.split('\n') {
        let mut line = String::new();
        for word in paragraph.split(' ') {
            let mut word: Vec<char> = word.chars().collect();
            let used = line.chars().count();
            if used > 0 && used + 1 + word.len() > width {
                lines.push(std::mem::take(&mut line));
            }
            while word.len() > width {
                let rest = word.split_off(width);
                lines.push(word.iter().collect());
                word = rest;
            }
            if !line.is_empty() {
                line.push(' ');
            }
            line.extend(word);
        }
        lines.push(line);
    }
    lines
}

fn message_lines(message: &MessageView, counterpart: &str, width: usize) -> Vec<Line<'static>> {
    let who = if message.mine { "You" } else { counterpart };
    let status = message
        .delivery
        .map(|d| format!(" · {}", delivery(d)))
        .unwrap_or_default();
    let heading = Line::from(vec![
        Span::styled(
            who.to_owned(),
            Style::new().bold().fg(if message.mine {
                Color::Cyan
            } else {
                Color::Magenta
            }),
        ),
        Span::raw(format!("  {}{status}", when(message.sent_at_ms))).dim(),
    ]);
    let mut lines = vec![heading];
    lines.extend(
        wrap(&message.text, width.saturating_sub(2))
            .into_iter()
            .map(|l| Line::from(format!("  {l}"))),
    );
    lines
}

fn conversation(app: &App, frame: &mut Frame, area: Rect, open: &ConversationView) {
    let [messages_area, compose_area] =
        Layout::vertical([Constraint::Min(3), Constraint::Length(3)]).areas(area);
    let block = Block::new()
        .borders(Borders::ALL)
        .title(format!(" {} ", open.counterpart_name));
    let inner = block.inner(messages_area);
    let visible = open.messages.len().saturating_sub(app.scroll_back);
    let mut lines: Vec<Line> = Vec::new();
    let at_top = visible <= 1;
    if at_top {
        lines.push(
            Line::from(if open.loading {
                "Loading older messages…"
            } else if open.has_older {
                "↑ for older messages"
            } else {
                "This is the start of your conversation."
            })
            .dim(),
        );
    }
    for message in &open.messages[..visible] {
        lines.extend(message_lines(
            message,
            &open.counterpart_name,
            usize::from(inner.width),
        ));
    }
    // Newest at the bottom: keep the last lines that fit.
    let skip = lines.len().saturating_sub(usize::from(inner.height));
    let shown: Vec<Line> = lines.into_iter().skip(skip).collect();
    frame.render_widget(Paragraph::new(shown).block(block), messages_area);

    if let Some(reason) = &open.read_only_reason {
        frame.render_widget(
            Paragraph::new(reason.clone())
                .dim()
                .block(Block::new().borders(Borders::ALL)),
            compose_area,
        );
        return;
    }
    let title = if app.editing {
        " Message (Enter sends) "
    } else {
        " Message (Enter to write) "
    };
    let block = Block::new().borders(Borders::ALL).title(title);
    let inner = block.inner(compose_area);
    frame.render_widget(
        Paragraph::new(app.compose.display()).block(block),
        compose_area,
    );
    if app.editing {
        set_cursor(frame, inner, app.compose.cursor());
    }
}

#[cfg(test)]
mod tests {
    use super::wrap;

    #[test]
    fn wraps_at_spaces_and_splits_long_words() {
        assert_eq!(wrap("one two three", 7), vec!["one two", "three"]);
        assert_eq!(wrap("abcdefghij", 4), vec!["abcd", "efgh", "ij"]);
        assert_eq!(wrap("a\nb", 10), vec!["a", "b"]);
        assert_eq!(wrap("", 10), vec![""]);
    }
}
