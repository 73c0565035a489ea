//! Mentoring screens: relationships (home), what a mentee looks for and the ranked mentors
//! proposed with their explanation, the application to mentor, and the coordinator's desk.

use domain::relationship::{Actor, Cadence, RelationshipState};
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::{Color, Style, Stylize};
use ratatui::text::Line;
use ratatui::widgets::{Block, Borders, Paragraph, Wrap};
use shared::ViewModel;
use shared::view::RelationshipCard;

use super::{draw_form, highlight, list_lines, when};
use crate::app::App;
use crate::forms::{format_availability, format_formats};

fn boxed<'a>(title: &str, lines: Vec<Line<'a>>) -> Paragraph<'a> {
    Paragraph::new(lines).wrap(Wrap { trim: false }).block(
        Block::new()
            .borders(Borders::ALL)
            .title(format!(" {title} ")),
    )
}

fn role(actor: Actor) -> &'static str {
    match actor {
        Actor::Mentee => "mentee",
        Actor::Mentor => "mentor",
        Actor::Coordinator => "coordinator",
        Actor::System => "system",
    }
}

fn cadence(cadence: Cadence) -> &'static str {
    match cadence {
        Cadence::Weekly => "weekly",
        Cadence::Fortnightly => "every two weeks",
        Cadence::Monthly => "monthly",
    }
}

pub fn home(app: &App, frame: &mut Frame, area: Rect, view: &ViewModel) {
    let cards = &view.mentoring.relationships;
    if cards.is_empty() {
        let lines = vec![
            Line::from("No mentoring relationship yet."),
            Line::default(),
            Line::from("Press 2 to tell us what you're looking for and see mentors who fit."),
            Line::from("Press 3 to apply to become a mentor."),
        ];
        frame.render_widget(boxed("Home", lines), area);
        return;
    }
    let [list, detail] =
        Layout::horizontal([Constraint::Percentage(35), Constraint::Percentage(65)]).areas(area);
    let lines = list_lines(cards, app.selected.relationship, Line::default(), |card| {
        Line::from(format!(
            "{} · {}{}",
            card.counterpart_name,
            card.state,
            if card.pending { " (sending…)" } else { "" }
        ))
    });
    frame.render_widget(boxed("Relationships", lines), list);
    if let Some(card) = app.selected_relationship(view) {
        frame.render_widget(
            boxed(&card.counterpart_name, relationship_lines(card)),
            detail,
        );
    }
}

fn relationship_lines(card: &RelationshipCard) -> Vec<Line<'_>> {
    let mut lines = vec![
        Line::from(format!(
            "You are the {} · {}{}",
            role(card.my_role),
            card.state,
            if card.pending {
                " · your change is waiting to send"
            } else {
                ""
            }
        ))
        .bold(),
    ];
    if card.state == RelationshipState::Requested {
        lines.push(Line::from(format!(
            "Waiting for an answer until {}",
            when(card.respond_by_ms)
        )));
    }
    if let Some(profile) = &card.mentor_profile {
        lines.push(Line::from(format!(
            "Shares: {} · speaks {} · meets by {}",
            profile.areas.join(", "),
            profile.languages.join(", "),
            format_formats(&profile.formats)
        )));
        lines.push(Line::from(profile.bio.clone()).italic());
    }
    if let Some(request) = &card.mentee_request {
        lines.push(Line::from(format!("Goals: {}", request.goals)));
        lines.push(Line::from(format!(
            "Looking for: {} · {} · {} · {}",
            request.areas.join(", "),
            request.languages.join(", "),
            format_formats(&request.formats),
            format_availability(&request.availability)
        )));
    }
    if matches!(
        card.state,
        RelationshipState::Accepted | RelationshipState::Active | RelationshipState::Paused
    ) {
        let agreement = &card.agreement;
        lines.push(Line::default());
        lines.push(Line::from(format!("Agreement (version {})", agreement.version)).bold());
        lines.push(Line::from(format!("Meet {}.", cadence(agreement.cadence))));
        lines.push(Line::from(agreement.confidentiality.clone()));
        lines.push(Line::from(agreement.confidentiality_limits.clone()));
        lines.push(Line::from(card.not_treatment_statement.clone()).italic());
        lines.push(Line::from(format!(
            "You {} · {} {}",
            if card.i_acknowledged {
                "agreed"
            } else {
                "have not agreed yet (g to agree)"
            },
            card.counterpart_name,
            if card.they_acknowledged {
                "agreed"
            } else {
                "has not agreed yet"
            }
        )));
    }
    if let Some(message) = &card.closure_message {
        lines.push(Line::default());
        lines.push(Line::from(message.clone()));
    }
    lines
}

pub fn find(app: &App, frame: &mut Frame, area: Rect, view: &ViewModel) {
    if let (true, Some(form)) = (app.editing, &app.request_form) {
        draw_form(frame, area, form, true);
        return;
    }
    let mentoring = &view.mentoring;
    let [request_area, proposals_area] =
        Layout::vertical([Constraint::Length(5), Constraint::Min(3)]).areas(area);
    let request_lines = match &mentoring.request {
        Some(request) => vec![
            Line::from(format!("Goals: {}", request.goals)),
            Line::from(format!(
                "{} · {} · {} · {} ({})",
                request.areas.join(", "),
                request.languages.join(", "),
                format_formats(&request.formats),
                format_availability(&request.availability),
                request.time_zone
            )),
            Line::from("e to change it").dim(),
        ],
        None => vec![
            Line::from("Tell us what you're looking for and we'll suggest mentors who fit."),
            Line::from("Press e to start. Nobody has to share anything they don't want to.").dim(),
        ],
    };
    frame.render_widget(
        boxed("What you're looking for", request_lines),
        request_area,
    );

    let mut lines = Vec::new();
    if mentoring.proposals_loading {
        lines.push(Line::from("Looking for mentors…").dim());
    } else if mentoring.proposals.is_empty() {
        lines.push(Line::from(if mentoring.request.is_some() {
            "No mentors to suggest yet (l to look again)."
        } else {
            "Mentors who fit appear here once you've said what you're looking for."
        }));
    }
    let selected = app
        .selected
        .proposal
        .min(mentoring.proposals.len().saturating_sub(1));
    for (index, card) in mentoring.proposals.iter().enumerate() {
        let profile = &card.mentor;
        lines.push(highlight(
            Line::from(format!(
                "{}. {} · {} · {}",
                index + 1,
                profile.display_name,
                profile.languages.join(", "),
                format_formats(&profile.formats)
            ))
            .bold(),
            index == selected,
        ));
        lines.push(Line::styled(
            format!("   Why: {}", card.explanation),
            Style::new().fg(Color::Cyan),
        ));
        lines.push(Line::from(format!("   {}", profile.bio)).italic());
    }
    frame.render_widget(
        boxed("Suggested mentors (Enter to ask)", lines),
        proposals_area,
    );
}

pub fn mentor(app: &App, frame: &mut Frame, area: Rect, view: &ViewModel) {
    if let (true, Some(form)) = (app.editing, &app.application_form) {
        draw_form(frame, area, form, true);
        return;
    }
    let lines = match &view.mentoring.application {
        None => vec![
            Line::from("Have you been through it and are now stable in your recovery?"),
            Line::from("Apply to mentor: press e. A coordinator screens every application."),
        ],
        Some(application) => {
            let a = &application.application;
            let mut lines = vec![
                Line::from(format!(
                    "Application: {}{}{}",
                    application.status.as_str(),
                    if application.paused {
                        " · paused (no new matches)"
                    } else {
                        ""
                    },
                    if application.pending {
                        " · waiting to send"
                    } else {
                        ""
                    }
                ))
                .bold(),
            ];
            if let Some(reason) = &application.reason {
                lines.push(Line::from(format!("Coordinator: {reason}")));
            }
            lines.extend([
                Line::from(format!("Lived experience: {}", a.areas.join(", "))),
                Line::from(format!(
                    "Languages: {} · formats: {} · up to {} mentee(s)",
                    a.languages.join(", "),
                    format_formats(&a.formats),
                    a.capacity
                )),
                Line::from(format!(
                    "Available: {} ({})",
                    format_availability(&a.availability),
                    a.time_zone
                )),
                Line::from(a.bio.clone()).italic(),
            ]);
            lines
        }
    };
    frame.render_widget(boxed("Mentoring others", lines), area);
}

pub fn desk(app: &App, frame: &mut Frame, area: Rect, view: &ViewModel) {
    let Some(desk) = &view.coordinator else {
        return;
    };
    let [metrics_area, applications_area, concerns_area, rest_area] = Layout::vertical([
        Constraint::Length(4),
        Constraint::Percentage(30),
        Constraint::Percentage(35),
        Constraint::Min(3),
    ])
    .areas(area);
    let metrics = match &desk.metrics {
        Some(m) => vec![
            Line::from(format!(
                "Applications waiting {} · mentors approved {} (paused {}) · mentees waiting {}",
                m.applications_pending, m.mentors_approved, m.mentors_paused, m.mentees_waiting
            )),
            Line::from(format!(
                "Change requests {} · quiet matches {} · rematch rate {}%",
                m.change_requests, m.quiet_matches, m.rematch_rate_percent
            )),
        ],
        None if desk.loading => vec![Line::from("Loading…").dim()],
        None => vec![Line::from("l to load the desk").dim()],
    };
    frame.render_widget(boxed("Program health", metrics), metrics_area);

    let lines = list_lines(
        &desk.applications,
        app.selected.application,
        Line::from("No applications to review.").dim(),
        |review| {
            let missing = if review.missing_training.is_empty() {
                String::new()
            } else {
                format!(
                    " · missing training: {}",
                    review.missing_training.join(", ")
                )
            };
            Line::from(format!(
                "{} · {} · {} months stable · {}{missing}",
                review.display_name,
                review.state.status.as_str(),
                review.months_stable,
                review.state.application.areas.join(", ")
            ))
        },
    );
    frame.render_widget(boxed("Mentor applications", lines), applications_area);

    let lines = list_lines(
        &desk.concerns,
        app.selected.concern,
        Line::from("No concerns raised.").dim(),
        |concern| {
            let status = match concern.resolved_at_ms {
                Some(at) => format!("resolved {}", when(at)),
                None => "OPEN".to_owned(),
            };
            let note = concern
                .resolution_note
                .as_ref()
                .map(|note| format!(" · note: {note}"))
                .unwrap_or_default();
            let line = Line::from(format!(
                "{status} · {} about {} (raised {}): {}{note}",
                concern.mentor_display_name,
                concern.mentee_display_name,
                when(concern.raised_at_ms),
                concern.text
            ));
            if concern.resolved { line.dim() } else { line }
        },
    );
    let title = format!(
        "Concerns from mentors ({} open) · j/k select · r resolve",
        desk.open_concerns
    );
    frame.render_widget(boxed(&title, lines), concerns_area);

    let mut lines = Vec::new();
    for item in &desk.change_requests {
        lines.push(Line::from(format!(
            "Change asked: {} (mentor {}): {}",
            item.mentee_display_name, item.mentor_display_name, item.reason
        )));
    }
    for quiet in &desk.quiet_matches {
        lines.push(Line::from(format!(
            "Quiet {} days: {} and {}",
            quiet.days_quiet, quiet.mentee_display_name, quiet.mentor_display_name
        )));
    }
    if let Some(intake) = &desk.intake {
        lines.push(
            Line::from(format!(
                "Intake proposal: {} pair(s), {} unassigned (c to send all requests)",
                intake.pairs.len(),
                intake.unassigned.len()
            ))
            .bold(),
        );
        for pair in &intake.pairs {
            lines.push(Line::from(format!(
                "  {} → {}: {}",
                pair.mentee_display_name, pair.mentor_display_name, pair.explanation
            )));
        }
    }
    if lines.is_empty() {
        lines.push(Line::from("No change requests or quiet matches.").dim());
    }
    frame.render_widget(boxed("Needs attention", lines), rest_area);
}
