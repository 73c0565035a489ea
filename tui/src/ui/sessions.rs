//! Sessions: the upcoming list and proposals waiting for this person, one series open with its
//! occurrences, and the form to propose a series. Times arrive already in the device's zone.

use domain::sessions::{OccurrenceStatus, SeriesState};
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::{Color, Style, Stylize};
use ratatui::text::Line;
use ratatui::widgets::{Block, Borders, Paragraph, Wrap};
use shared::ViewModel;
use shared::view::sessions::SessionDetail;

use super::{draw_form, highlight, list_lines};
use crate::app::App;

fn boxed(title: String, lines: Vec<Line<'_>>) -> Paragraph<'_> {
    Paragraph::new(lines)
        .wrap(Wrap { trim: false })
        .block(Block::new().borders(Borders::ALL).title(title))
}

fn status(status: OccurrenceStatus) -> &'static str {
    match status {
        OccurrenceStatus::Scheduled => "scheduled",
        OccurrenceStatus::Held => "held",
        OccurrenceStatus::Missed => "missed",
        OccurrenceStatus::Cancelled => "cancelled",
    }
}

fn series_state(state: SeriesState) -> &'static str {
    match state {
        SeriesState::Proposed => "proposed",
        SeriesState::Accepted => "agreed",
        SeriesState::Cancelled => "called off",
    }
}

pub fn draw(app: &App, frame: &mut Frame, area: Rect, view: &ViewModel) {
    if let (true, Some((relationship_id, form))) = (app.editing, &app.session_form) {
        let name = view
            .mentoring
            .relationships
            .iter()
            .find(|r| r.relationship_id == *relationship_id)
            .map_or("", |r| r.counterpart_name.as_str());
        let [title, form_area] =
            Layout::vertical([Constraint::Length(1), Constraint::Min(3)]).areas(area);
        frame.render_widget(
            Paragraph::new(format!(
                " With {name}; times in {}.",
                view.sessions.time_zone
            )),
            title,
        );
        draw_form(frame, form_area, form, true);
        return;
    }
    if let Some(detail) = &view.sessions.detail {
        draw_detail(app, frame, area, view, detail);
        return;
    }
    let sessions = &view.sessions;
    let waiting = sessions.awaiting_my_acceptance.len();
    let [proposals_area, upcoming_area] = Layout::vertical([
        Constraint::Length(if waiting == 0 {
            0
        } else {
            u16::try_from(waiting).unwrap_or(5) + 2
        }),
        Constraint::Min(3),
    ])
    .areas(area);
    if waiting > 0 {
        let lines = sessions
            .awaiting_my_acceptance
            .iter()
            .map(|p| {
                Line::from(format!(
                    "{} proposes {} · {}{}{}",
                    p.with_name,
                    p.format,
                    p.schedule,
                    p.first
                        .as_ref()
                        .map(|f| format!(" · first {}", f.label))
                        .unwrap_or_default(),
                    if p.pending { " · sending…" } else { "" }
                ))
            })
            .collect();
        frame.render_widget(
            boxed(" Waiting for you (a accepts the first) ".to_owned(), lines),
            proposals_area,
        );
    }
    let lines = list_lines(
        &sessions.upcoming,
        app.selected.session,
        Line::from(
            "No sessions in the next two weeks. n proposes sessions with the person selected on Home.",
        ),
        |s| {
            Line::from(format!(
                "{}–{} · with {} · {} · {}{}{}{}",
                s.starts.label,
                s.ends.local.get(11..).unwrap_or_default(),
                s.with_name,
                s.format,
                status(s.status),
                if s.series_state == SeriesState::Proposed {
                    " (proposed)"
                } else {
                    ""
                },
                if s.moved { " · moved" } else { "" },
                if s.pending { " · sending…" } else { "" }
            ))
        },
    );
    frame.render_widget(
        boxed(
            format!(" Upcoming (times in {}) ", sessions.time_zone),
            lines,
        ),
        upcoming_area,
    );
}

fn draw_detail(app: &App, frame: &mut Frame, area: Rect, view: &ViewModel, detail: &SessionDetail) {
    let [head, list] = Layout::vertical([Constraint::Length(7), Constraint::Min(3)]).areas(area);
    let mut lines = vec![
        Line::from(format!(
            "{} · {} · {}{}",
            detail.format_summary,
            detail.schedule,
            series_state(detail.state),
            if detail.pending { " · sending…" } else { "" }
        ))
        .bold(),
        Line::from(format!(
            "Organised by {} · their times are in {}",
            if detail.i_organised {
                "you"
            } else {
                detail.with_name.as_str()
            },
            detail.organiser_time_zone
        )),
    ];
    if let Some(by) = detail.awaiting_acceptance_by {
        lines.push(Line::from(match by {
            shared::view::sessions::AcceptanceBy::Me => "Waiting for you to accept (a).".to_owned(),
            shared::view::sessions::AcceptanceBy::OtherPerson => {
                format!("Waiting for {} to accept.", detail.with_name)
            }
        }));
    }
    if let Some(reason) = &detail.cancel_reason {
        lines.push(Line::from(format!("Called off: {reason}")));
    }
    let mut keys = vec!["↑/↓", "Esc back"];
    if detail.can_accept {
        keys.push("a accept");
    }
    if detail.can_cancel_series {
        keys.push("C call all off");
    }
    keys.extend(["h held", "x missed", "c call this one off"]);
    lines.push(Line::from(keys.join(" · ")).dim());
    frame.render_widget(
        boxed(format!(" Sessions with {} ", detail.with_name), lines),
        head,
    );

    let selected = app.occurrence_index(view);
    let lines = detail
        .occurrences
        .iter()
        .enumerate()
        .map(|(index, o)| {
            let mut text = format!(
                "{}–{} · {}",
                o.starts.label,
                o.ends.local.get(11..).unwrap_or_default(),
                status(o.status)
            );
            if o.moved {
                text.push_str(" · moved");
            }
            if let Some(reason) = &o.cancel_reason {
                text.push_str(" · ");
                text.push_str(reason);
            }
            let line = Line::from(text);
            let line = if o.status == OccurrenceStatus::Cancelled {
                line.style(Style::new().fg(Color::DarkGray))
            } else {
                line
            };
            highlight(line, Some(index) == selected)
        })
        .collect();
    frame.render_widget(boxed(" Occurrences ".to_owned(), lines), list);
}
