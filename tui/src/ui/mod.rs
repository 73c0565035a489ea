//! Drawing: the frame (header, tabs, notice, key hints, crisis help) around one screen per tab.
//! Everything shown comes from the core's [`ViewModel`] or the [`App`]'s own input state.
//!
//! [`draw`] is the entry; screens live in the private modules `account` (signed out, settings),
//! `mentoring` (home, find a mentor, mentor application, desk), `chat`, `sessions`, `notes`
//! and `checkins`.

mod account;
mod chat;
mod checkins;
mod mentoring;
mod notes;
mod sessions;

use domain::program::CrisisResource;
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::{Color, Modifier, Style, Stylize};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph, Tabs, Wrap};
use shared::ViewModel;
use shared::view::{Connection, Screen};

use crate::app::{App, CLOSE_REASONS, Modal, Tab, visible_tabs};
use crate::forms::Form;

/// The key that opens crisis help, as the footer shows it on every screen.
pub const CRISIS_KEY_HINT: &str = "F1/Ctrl+G crisis help";

pub fn draw(app: &App, frame: &mut Frame, view: &ViewModel) {
    let signed_in = view.screen == Screen::SignedIn;
    let [header, tabs, body, notice, footer] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Length(u16::from(signed_in)),
        Constraint::Min(3),
        Constraint::Length(u16::from(view.notice.is_some())),
        Constraint::Length(1),
    ])
    .areas(frame.area());

    draw_header(frame, header, view);
    match view.screen {
        Screen::Starting => {
            frame.render_widget(Paragraph::new("Starting…"), body);
        }
        Screen::SignedOut => account::signed_out(app, frame, body, view),
        Screen::SignedIn => {
            draw_tabs(app, frame, tabs, view);
            match app.tab {
                Tab::Home => mentoring::home(app, frame, body, view),
                Tab::FindMentor => mentoring::find(app, frame, body, view),
                Tab::Mentor => mentoring::mentor(app, frame, body, view),
                Tab::Chat => chat::draw(app, frame, body, view),
                Tab::Sessions => sessions::draw(app, frame, body, view),
                Tab::Notes => notes::draw(app, frame, body, view),
                Tab::CheckIn => checkins::draw(app, frame, body, view),
                Tab::Settings => account::settings(app, frame, body, view),
                Tab::Desk => mentoring::desk(app, frame, body, view),
            }
        }
    }
    if let Some(text) = &view.notice {
        frame.render_widget(
            Paragraph::new(Line::from(vec![
                Span::styled(format!(" {text} "), Style::new().fg(Color::Yellow).bold()),
                Span::raw(" (Esc dismisses)").dim(),
            ])),
            notice,
        );
    }
    draw_footer(app, frame, footer, view);
    if let Some(modal) = &app.modal {
        draw_modal(frame, modal);
    }
    if let Some(prompt) = &view.crisis_prompt {
        let mut lines = vec![
            Line::from("Your message sounds like you may be going through a very hard moment."),
            Line::from("You can talk to someone right now:"),
            Line::default(),
        ];
        lines.extend(resource_lines(&prompt.resources));
        lines.extend([
            Line::default(),
            Line::from(format!("Your message: {}", prompt.message)).italic(),
            Line::default(),
            Line::from("s send it anyway · k keep it as a draft").bold(),
        ]);
        popup(frame, "You're not alone", lines, Color::Red);
    }
    if app.crisis_open {
        let mut lines = vec![
            Line::from("If you are in danger or might harm yourself, get help now:"),
            Line::default(),
        ];
        if view.crisis_resources.is_empty() {
            lines.push(Line::from(
                "Call your local emergency number. (Your program's crisis lines appear here \
                 once the program is known: sign in, or type the program ID when signing up.)",
            ));
        } else {
            lines.extend(resource_lines(&view.crisis_resources));
        }
        lines.extend([
            Line::default(),
            Line::from("Peer mentoring complements professional help; it never replaces it.").dim(),
            Line::from("Esc closes").dim(),
        ]);
        popup(frame, "Crisis help", lines, Color::Red);
    }
}

fn resource_lines(resources: &[CrisisResource]) -> Vec<Line<'static>> {
    resources
        .iter()
        .map(|r| {
            let mut parts = vec![Span::styled(r.name.clone(), Style::new().bold())];
            for (label, value) in [("call", &r.phone), ("text", &r.sms), ("web", &r.url)] {
                if let Some(value) = value {
                    parts.push(Span::raw(format!(" · {label} {value}")));
                }
            }
            parts.push(Span::raw(format!(" · {}", r.hours)).dim());
            Line::from(parts)
        })
        .collect()
}

fn draw_header(frame: &mut Frame, area: Rect, view: &ViewModel) {
    let mut spans = vec![Span::styled(" Beacon ", Style::new().bold().reversed())];
    if let Some(account) = &view.account {
        let roles: Vec<&str> = account.roles.iter().map(|r| r.as_str()).collect();
        spans.push(Span::raw(format!(
            " {} ({})",
            account.display_name,
            roles.join(", ")
        )));
    }
    let (label, color) = match view.sync.connection {
        Connection::Idle => ("", Color::Reset),
        Connection::Connecting => ("connecting", Color::Yellow),
        Connection::Online => ("online", Color::Green),
        Connection::Offline => ("offline: changes are kept", Color::Red),
    };
    if !label.is_empty() {
        spans.push(Span::raw(" · "));
        spans.push(Span::styled(format!("● {label}"), Style::new().fg(color)));
    }
    if view.sync.pending_changes > 0 {
        spans.push(Span::raw(format!(
            " · {} waiting to send",
            view.sync.pending_changes
        )));
    }
    if view.busy {
        spans.push(Span::raw(" · working…"));
    }
    frame.render_widget(Paragraph::new(Line::from(spans)), area);
}

fn draw_tabs(app: &App, frame: &mut Frame, area: Rect, view: &ViewModel) {
    let tabs = visible_tabs(view);
    let selected = tabs.iter().position(|t| *t == app.tab);
    let titles = tabs.iter().enumerate().map(|(index, tab)| {
        let mut title = format!("{} {}", index + 1, tab.title());
        if *tab == Tab::Chat {
            let unread: u32 = view.messaging.conversations.iter().map(|c| c.unread).sum();
            if unread > 0 {
                title = format!("{title} ({unread})");
            }
        }
        if *tab == Tab::CheckIn && view.checkins.overdue {
            title.push_str(" (due)");
        }
        title
    });
    frame.render_widget(
        Tabs::new(titles)
            .select(selected)
            .highlight_style(Style::new().bold().reversed()),
        area,
    );
}

/// The keys that work here, then crisis help and quit (always).
fn draw_footer(app: &App, frame: &mut Frame, area: Rect, view: &ViewModel) {
    let hints = key_hints(app, view);
    let mut spans = vec![Span::raw(format!(" {hints} · "))];
    spans.push(Span::styled(
        CRISIS_KEY_HINT,
        Style::new().fg(Color::Red).add_modifier(Modifier::BOLD),
    ));
    spans.push(Span::raw(" · Ctrl+Q quit"));
    frame.render_widget(Paragraph::new(Line::from(spans)).dim(), area);
}

fn key_hints(app: &App, view: &ViewModel) -> String {
    if app.crisis_open {
        return "Esc close".to_owned();
    }
    if view.crisis_prompt.is_some() {
        return "s send anyway · k keep as draft".to_owned();
    }
    match &app.modal {
        Some(Modal::Prompt { .. }) => return "Enter send · Esc cancel".to_owned(),
        Some(Modal::ClosePicker { .. }) => {
            return "↑/↓ choose · Enter end it · Esc cancel".to_owned();
        }
        None => {}
    }
    match view.screen {
        Screen::Starting => String::new(),
        Screen::SignedOut => "Tab next field · Enter submit · Ctrl+T sign in/sign up".to_owned(),
        Screen::SignedIn if app.editing => match app.tab {
            Tab::Chat => "Enter send · ↑/PgUp older · Esc stop typing".to_owned(),
            Tab::Notes => "type to write (saved as you go) · Tab note/summary · Ctrl+S share summary · Esc close".to_owned(),
            _ => "Tab/↑/↓ field · Enter submit · Esc leave the form".to_owned(),
        },
        Screen::SignedIn => {
            let tabs = format!("1-{} or ←/→ tabs", visible_tabs(view).len());
            let here = match app.tab {
                Tab::Home => home_hints(app, view),
                Tab::FindMentor => {
                    "e what I'm looking for · l refresh · ↑/↓ · Enter ask this mentor".to_owned()
                }
                Tab::Mentor => "e apply / edit · p pause or resume new matches".to_owned(),
                Tab::Chat if app.conversation.is_some() => {
                    "Enter write · ↑/PgUp older · Esc back to conversations".to_owned()
                }
                Tab::Chat => "↑/↓ · Enter open".to_owned(),
                Tab::Sessions if view.sessions.detail.is_some() => {
                    "keys for this series are listed above".to_owned()
                }
                Tab::Sessions => {
                    "↑/↓ · Enter open · a accept · n propose (with the person selected on Home)"
                        .to_owned()
                }
                Tab::CheckIn => "Enter check in".to_owned(),
                Tab::Notes => "↑/↓ · Enter open · n new note · D delete".to_owned(),
                Tab::Settings => {
                    "r receipts · d discreet · k check-in reminder · n name · ↑/↓/x devices · s sync · L log out"
                        .to_owned()
                }
                Tab::Desk => {
                    "l refresh · ↑/↓ · a approve · d decline · w withdraw · i intake · c confirm"
                        .to_owned()
                }
            };
            format!("{tabs} · {here}")
        }
    }
}

fn home_hints(app: &App, view: &ViewModel) -> String {
    let Some(card) = app.selected_relationship(view) else {
        return "2 find a mentor · 3 apply to mentor".to_owned();
    };
    let mut hints = vec!["↑/↓".to_owned(), "m message".to_owned()];
    hints.extend(
        card.available_actions
            .iter()
            .filter_map(|kind| crate::app::action_key(*kind))
            .map(|(key, label)| format!("{key} {label}")),
    );
    if card.my_role == domain::relationship::Actor::Mentor {
        hints.push("o concern".to_owned());
    }
    hints.push("t report".to_owned());
    hints.join(" · ")
}

/// `line` shown reversed when `selected`.
pub fn highlight(line: Line<'_>, selected: bool) -> Line<'_> {
    if selected {
        line.style(Style::new().reversed())
    } else {
        line
    }
}

/// A selectable list: one line per item from `row`, the item at `selected` (clamped to the
/// list) highlighted, and `empty` alone when there are no items.
pub fn list_lines<'a, T>(
    items: &'a [T],
    selected: usize,
    empty: Line<'a>,
    row: impl Fn(&'a T) -> Line<'a>,
) -> Vec<Line<'a>> {
    if items.is_empty() {
        return vec![empty];
    }
    let selected = selected.min(items.len() - 1);
    items
        .iter()
        .enumerate()
        .map(|(index, item)| highlight(row(item), index == selected))
        .collect()
}

/// A centred rectangle of at most `width` × `height` inside `area`.
pub fn centered(area: Rect, width: u16, height: u16) -> Rect {
    let width = width.min(area.width);
    let height = height.min(area.height);
    Rect {
        x: area.x + (area.width - width) / 2,
        y: area.y + (area.height - height) / 2,
        width,
        height,
    }
}

fn popup(frame: &mut Frame, title: &str, lines: Vec<Line>, color: Color) {
    let height = u16::try_from(lines.len())
        .unwrap_or(u16::MAX)
        .saturating_add(4);
    let area = centered(frame.area(), 76, height);
    frame.render_widget(Clear, area);
    frame.render_widget(
        Paragraph::new(lines).wrap(Wrap { trim: false }).block(
            Block::new()
                .borders(Borders::ALL)
                .border_style(Style::new().fg(color))
                .title(format!(" {title} ")),
        ),
        area,
    );
}

fn draw_modal(frame: &mut Frame, modal: &Modal) {
    match modal {
        Modal::Prompt { title, input, .. } => {
            let area = centered(frame.area(), 76, 3);
            frame.render_widget(Clear, area);
            let block = Block::new()
                .borders(Borders::ALL)
                .title(format!(" {title} "));
            let inner = block.inner(area);
            frame.render_widget(Paragraph::new(input.display()).block(block), area);
            set_cursor(frame, inner, input.cursor());
        }
        Modal::ClosePicker { selected, .. } => {
            let lines = CLOSE_REASONS
                .iter()
                .enumerate()
                .map(|(index, reason)| {
                    let line = Line::from(format!("  {}", reason.label()));
                    if index == *selected {
                        line.reversed()
                    } else {
                        line
                    }
                })
                .collect();
            popup(frame, "Why is it ending?", lines, Color::Reset);
        }
    }
}

fn set_cursor(frame: &mut Frame, area: Rect, column: usize) {
    let column = u16::try_from(column).unwrap_or(u16::MAX);
    frame.set_cursor_position((area.x.saturating_add(column).min(area.right()), area.y));
}

/// A form: one line per field (label, value, hint), the focused one highlighted, the cursor in it
/// when `focused`.
pub fn draw_form(frame: &mut Frame, area: Rect, form: &Form, focused: bool) {
    let label_width = form
        .fields
        .iter()
        .map(|f| f.label.chars().count())
        .max()
        .unwrap_or(0)
        + 2;
    let mut lines = Vec::new();
    let mut cursor = None;
    for (index, field) in form.fields.iter().enumerate() {
        let active = focused && index == form.focus;
        let label = format!("{:>label_width$} ", field.label);
        let value = field.input.display();
        if active {
            cursor = Some((
                u16::try_from(lines.len()).unwrap_or(0),
                label.chars().count() + field.input.cursor(),
            ));
        }
        let label = if active {
            Span::styled(label, Style::new().bold().fg(Color::Cyan))
        } else {
            Span::raw(label)
        };
        let mut spans = vec![label, Span::raw(value.clone())];
        if !field.hint.is_empty() && (active || value.is_empty()) {
            spans.push(Span::raw(format!("  ({})", field.hint)).dim());
        }
        lines.push(Line::from(spans));
    }
    if let Some(error) = &form.error {
        lines.push(Line::default());
        lines.push(Line::styled(error.clone(), Style::new().fg(Color::Yellow)));
    }
    let block = Block::new()
        .borders(Borders::ALL)
        .title(format!(" {} ", form.title));
    let inner = block.inner(area);
    frame.render_widget(Paragraph::new(lines).block(block), area);
    if let Some((row, column)) = cursor {
        let row_area = Rect {
            y: inner.y + row,
            ..inner
        };
        if row < inner.height {
            set_cursor(frame, row_area, column);
        }
    }
}

/// "14:05" or "3 Nov 14:05" in this machine's time zone.
pub fn when(ms: i64) -> String {
    let zone = jiff::tz::TimeZone::get(&crate::forms::local_time_zone())
        .unwrap_or(jiff::tz::TimeZone::UTC);
    jiff::Timestamp::from_millisecond(ms).map_or_else(
        |_| String::new(),
        |t| {
            t.to_zoned_datetime(zone)
                .strftime("%-d %b %H:%M")
                .to_string()
        },
    )
}
