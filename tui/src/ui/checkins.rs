//! Check-ins: the form (mood 1–5, a note, share or not), the person's own check-ins, and for
//! mentors the trend their mentees chose to share.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::{Color, Style, Stylize};
use ratatui::text::Line;
use ratatui::widgets::{Block, Borders, Paragraph};
use shared::ViewModel;

use super::{draw_form, when};
use crate::app::App;

pub fn draw(app: &App, frame: &mut Frame, area: Rect, view: &ViewModel) {
    let checkins = &view.checkins;
    let [form_area, mine_area, trend_area] = Layout::vertical([
        Constraint::Length(u16::try_from(app.check_in.fields.len()).unwrap_or(3) + 4),
        Constraint::Min(3),
        Constraint::Length(if checkins.shared_trend_for_mentor.is_empty() {
            0
        } else {
            u16::try_from(checkins.shared_trend_for_mentor.len()).unwrap_or(4) + 2
        }),
    ])
    .areas(area);
    draw_form(frame, form_area, &app.check_in, app.editing);

    let mut lines = Vec::new();
    if checkins.overdue {
        lines.push(Line::styled(
            "It's been a while since your last check-in. How are you doing?",
            Style::new().fg(Color::Yellow),
        ));
    }
    for card in &checkins.mine {
        lines.push(Line::from(format!(
            "{}  mood {}/5{}{}{}",
            when(card.recorded_at_ms),
            card.mood,
            card.note
                .as_ref()
                .map(|n| format!(" · {n}"))
                .unwrap_or_default(),
            if card.shared_with_mentor {
                " · shared with your mentor"
            } else {
                " · just for you"
            },
            if card.pending {
                " · waiting to send"
            } else {
                ""
            }
        )));
    }
    if checkins.mine.is_empty() && !checkins.overdue {
        lines.push(Line::from("No check-ins yet.").dim());
    }
    frame.render_widget(
        Paragraph::new(lines).block(Block::new().borders(Borders::ALL).title(" Your check-ins ")),
        mine_area,
    );

    let lines: Vec<Line> = checkins
        .shared_trend_for_mentor
        .iter()
        .map(|trend| {
            let moods: Vec<String> = trend.recent_moods.iter().map(u8::to_string).collect();
            Line::from(format!(
                "{}: {}{}",
                trend.mentee_name,
                if moods.is_empty() {
                    "nothing shared yet".to_owned()
                } else {
                    moods.join(" ")
                },
                trend
                    .average
                    .map(|a| format!("  (average {a:.1})"))
                    .unwrap_or_default()
            ))
        })
        .collect();
    if !lines.is_empty() {
        frame.render_widget(
            Paragraph::new(lines).block(
                Block::new()
                    .borders(Borders::ALL)
                    .title(" What your mentees shared "),
            ),
            trend_area,
        );
    }
}
