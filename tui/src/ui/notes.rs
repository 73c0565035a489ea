//! Notes: the person's own notes (private; a summary can be shared with the other member of a
//! match), the summaries others share with them, and the open note.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::{Color, Style, Stylize};
use ratatui::text::Line;
use ratatui::widgets::{Block, Borders, Paragraph, Wrap};
use shared::ViewModel;

use super::{list_lines, when};
use crate::app::App;

pub fn draw(app: &App, frame: &mut Frame, area: Rect, view: &ViewModel) {
    let notes = &view.notes;
    if let Some(editor) = &notes.editor {
        // Until the first key, the text is the stored one.
        let (body, summary) = if app.note_for == Some(editor.note_id) {
            (app.note_body.value(), app.note_summary.value())
        } else {
            (editor.text.clone(), editor.summary.clone())
        };
        let [body_area, summary_area] =
            Layout::vertical([Constraint::Min(3), Constraint::Length(5)]).areas(area);
        let focused = |summary: bool| {
            if app.editing && app.note_summary_focused == summary {
                Style::new().fg(Color::Cyan)
            } else {
                Style::new()
            }
        };
        let body_text = if editor.loading {
            "Opening…".to_owned()
        } else {
            body
        };
        frame.render_widget(
            Paragraph::new(body_text).wrap(Wrap { trim: false }).block(
                Block::new()
                    .borders(Borders::ALL)
                    .border_style(focused(false))
                    .title(format!(
                        " Note (private){} · Tab summary · Esc close ",
                        if editor.pending_sync {
                            " · saved here, syncing"
                        } else {
                            " · saved"
                        }
                    )),
            ),
            body_area,
        );
        let sharing = if !editor.can_share {
            "only notes about a match can share a summary"
        } else if editor.summary_shared {
            "shared with the other member · Ctrl+S stop sharing"
        } else {
            "not shared · Ctrl+S share"
        };
        frame.render_widget(
            Paragraph::new(summary).wrap(Wrap { trim: false }).block(
                Block::new()
                    .borders(Borders::ALL)
                    .border_style(focused(true))
                    .title(format!(" Summary ({sharing}) ")),
            ),
            summary_area,
        );
        return;
    }
    let shared = notes.shared_with_me.len();
    let [list_area, shared_area] = Layout::vertical([
        Constraint::Min(3),
        Constraint::Length(if shared == 0 {
            0
        } else {
            u16::try_from(shared * 2).unwrap_or(10) + 2
        }),
    ])
    .areas(area);
    let lines = list_lines(
        &notes.list,
        app.selected.note,
        Line::from(
            "No notes yet. n starts one (about the person selected on Home, if any); it works offline.",
        ),
        |note| {
            let mut text = format!("{}  {}", when(note.updated_at_ms), note.title);
            for (shown, part) in [
                (!note.preview.is_empty(), note.preview.as_str()),
                (note.summary_shared, "summary shared"),
                (note.pending_sync, "syncing"),
            ] {
                if shown {
                    text.push_str(" · ");
                    text.push_str(part);
                }
            }
            Line::from(text)
        },
    );
    frame.render_widget(
        Paragraph::new(lines).block(
            Block::new()
                .borders(Borders::ALL)
                .title(" Your notes (only you can read them) "),
        ),
        list_area,
    );
    if shared > 0 {
        let lines: Vec<Line> = notes
            .shared_with_me
            .iter()
            .flat_map(|card| {
                [
                    Line::from(format!(
                        "{} · {}",
                        card.author_name,
                        when(card.updated_at_ms)
                    ))
                    .bold(),
                    Line::from(format!("  {}", card.summary)),
                ]
            })
            .collect();
        frame.render_widget(
            Paragraph::new(lines).block(
                Block::new()
                    .borders(Borders::ALL)
                    .title(" Summaries shared with you "),
            ),
            shared_area,
        );
    }
}
