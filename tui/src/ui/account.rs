//! Signed out (sign in / sign up) and the settings tab (receipts, discreet notifications,
//! devices, log out).

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Stylize;
use ratatui::text::Line;
use ratatui::widgets::{Block, Borders, Paragraph, Wrap};
use shared::ViewModel;

use super::{draw_form, list_lines, when};
use crate::app::{App, AuthMode};

pub fn signed_out(app: &App, frame: &mut Frame, area: Rect, view: &ViewModel) {
    let form = app.auth_form();
    let [intro, form_area, _] = Layout::vertical([
        Constraint::Length(4),
        Constraint::Length(u16::try_from(form.fields.len()).unwrap_or(8) + 4),
        Constraint::Min(0),
    ])
    .areas(area);
    let (this, other) = match app.auth_mode {
        AuthMode::SignIn => ("Sign in", "new here? Ctrl+T to sign up"),
        AuthMode::SignUp => ("Sign up", "have an account? Ctrl+T to sign in"),
    };
    let mut lines = vec![
        Line::from("Peer mentoring for mental-health recovery.").bold(),
        Line::from(format!("{this} ({other}).")),
    ];
    lines.push(
        Line::from("Peer support complements professional treatment; it never replaces it.").dim(),
    );
    frame.render_widget(Paragraph::new(lines).wrap(Wrap { trim: false }), intro);
    draw_form(frame, form_area, form, !view.busy);
}

pub fn settings(app: &App, frame: &mut Frame, area: Rect, view: &ViewModel) {
    let Some(account) = &view.account else {
        return;
    };
    let [top, reminders, devices] = Layout::vertical([
        Constraint::Length(6),
        Constraint::Length(u16::try_from(view.reminders.next.len()).unwrap_or(5) + 4),
        Constraint::Min(3),
    ])
    .areas(area);
    let on_off = |on: bool| if on { "on" } else { "off" };
    let lines = vec![
        Line::from(format!(
            "Name: {}   Email: {}",
            account.display_name, account.email
        )),
        Line::from(format!(
            "r  Read receipts: {}  (others see when you have read their messages)",
            on_off(account.settings.read_receipts)
        )),
        Line::from(format!(
            "d  Discreet notifications: {}  (no names or words on the lock screen)",
            on_off(account.settings.discreet_notifications)
        )),
        Line::from(format!(
            "Sync: {} change(s) waiting{}",
            view.sync.pending_changes,
            view.sync
                .retry_in_ms
                .map(|ms| format!(", next try in {} s", ms.div_ceil(1000)))
                .unwrap_or_default()
        )),
    ];
    frame.render_widget(
        Paragraph::new(lines).block(Block::new().borders(Borders::ALL).title(" Settings ")),
        top,
    );
    let r = &view.reminders;
    let mut lines = vec![
        Line::from(format!(
            "k  Check-in reminder: {}{} · quiet hours: {}{}",
            on_off(r.checkin_prompt),
            if r.checkin_prompt {
                format!(" at {}", r.checkin_prompt_time)
            } else {
                String::new()
            },
            r.quiet_hours.as_ref().map_or("none", |q| q.label.as_str()),
            if r.pending { " · sending…" } else { "" }
        )),
        Line::from("Next reminders (a phone shows these even when the app is closed):").dim(),
    ];
    lines.extend(
        r.next
            .iter()
            .map(|n| Line::from(format!("{}  {}: {}", n.at.label, n.title, n.body))),
    );
    frame.render_widget(
        Paragraph::new(lines).block(
            Block::new()
                .borders(Borders::ALL)
                .title(format!(" Reminders (times in {}) ", r.time_zone)),
        ),
        reminders,
    );
    let lines = list_lines(
        &view.devices,
        app.selected.device,
        Line::from("No devices listed yet (v refreshes).").dim(),
        |device| {
            Line::from(format!(
                "{}{}  last seen {}",
                device.name,
                if device.this_device {
                    " (this device)"
                } else {
                    ""
                },
                when(device.last_seen_at_ms)
            ))
        },
    );
    frame.render_widget(
        Paragraph::new(lines).block(
            Block::new()
                .borders(Borders::ALL)
                .title(" Devices (x signs the selected one out) "),
        ),
        devices,
    );
}
