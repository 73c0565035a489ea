//! Messaging authorisation, black-box through the real server binary: only the two members of a
//! relationship can read, write into or acknowledge its conversation; nobody else — another
//! mentee or mentor of the same program, a coordinator of the same program, or anyone from
//! another program — can even tell it exists. Concerns and reports reach the coordinators of the
//! program (never message text), a block closes the relationship for good, and push endpoints are
//! validated.

mod support;

use domain::relationship::RelationshipState;
use domain::wire::v1::{
    ApiError, ConcernQueue, ErrorCode, MutationOutcome, MutationStatus, PushProviderKind,
};
use reqwest::StatusCode;
use support::{Beacon, Session, applied, email, message, password, rejected};
use uuid::Uuid;

/// Message texts of the conversation under test: only Mia and Tom may ever receive them.
const TOM_SAYS: &str = "Msg-Tom-Axolotl-7731: the panic came back on the tube today";
const MIA_SAYS: &str = "Msg-Mia-Pangolin-4402: that sounds hard, I am here for you";
const TOM_AGAIN: &str = "Msg-Tom-Narwhal-9915: I could not go in to work";
/// A message in the *other* relationship (Sam and Max), for symmetry.
const SAM_SAYS: &str = "Msg-Sam-Capybara-2286: hello Max";
/// The mentor's concern: for the coordinators of the program (and Mia herself) only.
const CONCERN: &str = "Concern-Quetzal-6140: Tom mentioned not eating for days";
/// Tom's report: for the coordinators of the program (and Tom himself) only.
const REPORT: &str = "Report-Tapir-3358: my mentor asked for my home address";
/// Secret part of a registered push endpoint (never in a log).
const ENDPOINT_SECRET: &str = "UpTokenSecret-Ibex-5570";

/// Outcome of an outsider's mutation on `relationship` and on an unknown id must be the same
/// rejection, so the outsider cannot tell the relationship exists.
#[track_caller]
fn same_not_found(label: &str, on_real: &MutationOutcome, on_unknown: &MutationOutcome) {
    let real: ApiError = rejected(on_real, ErrorCode::NotFound);
    let unknown: ApiError = rejected(on_unknown, ErrorCode::NotFound);
    assert_eq!(
        real, unknown,
        "{label}: the refusal for a real conversation must be identical to an unknown id"
    );
}

/// Every way an outsider could touch a conversation: all refused exactly like an unknown id, and
/// nothing of it in their feed.
async fn assert_locked_out(
    beacon: &Beacon,
    who: &str,
    outsider: &Session,
    relationship: Uuid,
    existing_message: Uuid,
) {
    let unknown = Uuid::now_v7();
    // Send, with a fresh message id and with an id that exists in the conversation.
    let real = beacon
        .push_one(&outsider.token, &message(relationship, "Outsider text"))
        .await;
    let fake = beacon
        .push_one(&outsider.token, &message(unknown, "Outsider text"))
        .await;
    same_not_found(&format!("{who}: send"), &real, &fake);
    let reused = support::mutation(domain::wire::v1::MutationBody::SendMessage {
        relationship_id: relationship,
        message_id: existing_message,
        text: "Outsider reusing an id".into(),
    });
    let reused = beacon.push_one(&outsider.token, &reused).await;
    same_not_found(&format!("{who}: send with an existing id"), &reused, &fake);
    // Acknowledge (would move a member's watermarks).
    let real = beacon
        .acknowledge(&outsider.token, relationship, 3, 3)
        .await;
    let fake = beacon.acknowledge(&outsider.token, unknown, 3, 3).await;
    same_not_found(&format!("{who}: acknowledge"), &real, &fake);
    // Raise a concern (even a mentor of the program cannot, about someone else's match).
    let real = beacon
        .raise_concern(&outsider.token, relationship, "Outsider concern")
        .await;
    let fake = beacon
        .raise_concern(&outsider.token, unknown, "Outsider concern")
        .await;
    same_not_found(&format!("{who}: raise a concern"), &real, &fake);
    // Report and block.
    let real = beacon
        .report_member(&outsider.token, relationship, "Outsider report", true)
        .await;
    let fake = beacon
        .report_member(&outsider.token, unknown, "Outsider report", true)
        .await;
    same_not_found(&format!("{who}: report"), &real, &fake);
    // Their feed knows nothing of the conversation.
    let feed = beacon.pull_all(&outsider.token, 0).await;
    let feed_text = serde_json::to_string(&feed).unwrap();
    assert!(
        !feed_text.contains(&relationship.to_string()),
        "{who}'s feed mentions the conversation: {feed_text}"
    );
    for text in [TOM_SAYS, MIA_SAYS, TOM_AGAIN] {
        assert!(!feed_text.contains(text), "{who}'s feed holds {text:?}");
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn outsiders_cannot_read_write_acknowledge_or_detect_a_conversation() {
    let mut beacon = Beacon::new();
    let program = beacon.create_program("Harbour Trust", "Peer support", &["en-GB", "es"]);
    let other_program = beacon.create_program("Lighthouse", "Other program", &["en-GB", "es"]);
    let cora_login = beacon.new_coordinator(program, "cora");
    let otto_login = beacon.new_coordinator(other_program, "otto");
    beacon.start();
    let cora = beacon.sign_in(&cora_login).await;
    let otto = beacon.sign_in(&otto_login).await;

    let pair = beacon
        .accepted_pair(program, &cora.token, "Mia Lantern", "Tom Harrow")
        .await;
    let (mia, tom, rel) = (&pair.mentor, &pair.mentee, pair.relationship_id);
    // Another match in the same program: Max mentors Sam.
    let other = beacon
        .accepted_pair(program, &cora.token, "Max Fernsby", "Sam Okafor")
        .await;
    let (max, sam) = (&other.mentor, &other.mentee);
    // Someone in another program.
    let olive = beacon
        .signup(
            other_program,
            &email("olive"),
            &password("olive"),
            "Olive Brandt",
        )
        .await;

    let (first, outcome) = beacon.send_message(&tom.token, rel, TOM_SAYS).await;
    applied(&outcome);
    applied(&beacon.send_message(&mia.token, rel, MIA_SAYS).await.1);
    applied(&beacon.send_message(&tom.token, rel, TOM_AGAIN).await.1);
    applied(
        &beacon
            .send_message(&sam.token, other.relationship_id, SAM_SAYS)
            .await
            .1,
    );
    let existing = support::message_id_of(&first);
    let before_tom = beacon.conversation(&tom.token, rel).await;
    let before_mia = beacon.conversation(&mia.token, rel).await;
    assert_eq!(before_tom.len(), 3, "{before_tom:#?}");
    assert_eq!(
        before_tom, before_mia,
        "both members see the same conversation"
    );

    for (who, outsider) in [
        ("a mentee of the same program", sam),
        ("a mentor of the same program", max),
        ("a coordinator of the same program", &cora),
        ("a person of another program", &olive),
        ("a coordinator of another program", &otto),
    ] {
        assert_locked_out(&beacon, who, outsider, rel, existing).await;
    }

    // Nothing any outsider did reached the conversation: same messages, no receipts.
    assert_eq!(beacon.conversation(&tom.token, rel).await, before_tom);
    assert_eq!(beacon.conversation(&mia.token, rel).await, before_mia);
    for member in [tom, mia] {
        let receipts = beacon.feed_receipts(&member.token).await;
        assert!(
            receipts.iter().all(|r| r.relationship_id != rel),
            "an outsider's acknowledgement moved watermarks: {receipts:?}"
        );
    }
    // Nor the other conversation's member: Sam never sees Tom's conversation, Max and Sam's
    // conversation is theirs only.
    let sam_messages = beacon.feed_messages(&sam.token).await;
    assert!(
        sam_messages
            .iter()
            .all(|(_, m)| m.relationship_id == other.relationship_id),
        "{sam_messages:#?}"
    );
    // A message id is unique per conversation only: Sam reusing an id of Tom's conversation in
    // his own is an ordinary new message (a conflict would reveal that the id exists elsewhere).
    let reuse = support::mutation(domain::wire::v1::MutationBody::SendMessage {
        relationship_id: other.relationship_id,
        message_id: existing,
        text: "Sam reusing an id he could not know".into(),
    });
    let outcome = beacon.push_one(&sam.token, &reuse).await;
    assert_ne!(
        outcome.status,
        MutationStatus::Rejected,
        "a message id used in another conversation must not be refused (it reveals that it \
         exists): {outcome:?}"
    );

    // Leak checks: only the members ever received the texts; the log never has them.
    let counts = beacon.assert_only_sent_to(
        &[
            ("Tom's message", TOM_SAYS),
            ("Mia's message", MIA_SAYS),
            ("Tom's second", TOM_AGAIN),
        ],
        &[tom.me.user_id, mia.me.user_id],
    );
    assert!(counts.iter().all(|hits| *hits > 0), "{counts:?}");
    beacon.assert_only_sent_to(
        &[("Sam's message", SAM_SAYS)],
        &[sam.me.user_id, max.me.user_id],
    );
    support::assert_absent(
        "the server log",
        &beacon.server_log(),
        &[
            ("Tom's message", TOM_SAYS),
            ("Mia's message", MIA_SAYS),
            ("Tom's second", TOM_AGAIN),
            ("Sam's message", SAM_SAYS),
        ],
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn concerns_and_reports_reach_the_programs_coordinators_only_and_a_block_is_final() {
    let mut beacon = Beacon::new();
    let program = beacon.create_program("Harbour Trust", "Peer support", &["en-GB", "es"]);
    let other_program = beacon.create_program("Lighthouse", "Other program", &["en-GB", "es"]);
    let cora_login = beacon.new_coordinator(program, "cora");
    let otto_login = beacon.new_coordinator(other_program, "otto");
    beacon.start();
    let cora = beacon.sign_in(&cora_login).await;
    let otto = beacon.sign_in(&otto_login).await;
    let pair = beacon
        .accepted_pair(program, &cora.token, "Mia Lantern", "Tom Harrow")
        .await;
    let (mia, tom, rel) = (&pair.mentor, &pair.mentee, pair.relationship_id);
    // A second mentor Tom could be proposed after the block.
    let max = beacon
        .approved_mentor(
            program,
            &cora.token,
            "Max Fernsby",
            &support::mentor_application("max"),
        )
        .await;
    applied(&beacon.send_message(&tom.token, rel, TOM_SAYS).await.1);
    applied(&beacon.send_message(&mia.token, rel, MIA_SAYS).await.1);

    // --- Concerns: only the mentor raises them; the mentee hears nothing.
    let refused = beacon.raise_concern(&tom.token, rel, CONCERN).await;
    rejected(&refused, ErrorCode::Forbidden);
    let tom_feed_before = beacon.pull_all(&tom.token, 0).await;
    let blank = beacon.raise_concern(&mia.token, rel, "   ").await;
    assert_eq!(
        rejected(&blank, ErrorCode::ValidationFailed)
            .field
            .as_deref(),
        Some("text")
    );
    applied(&beacon.raise_concern(&mia.token, rel, CONCERN).await);
    assert_eq!(
        beacon.pull_all(&tom.token, 0).await,
        tom_feed_before,
        "the mentee's feed gets nothing when a concern is raised"
    );

    let reply = beacon.concerns(&cora.token).await;
    let queue: ConcernQueue = reply.expect(StatusCode::OK);
    assert_eq!(queue.concerns.len(), 1, "{queue:#?}");
    let concern = &queue.concerns[0];
    assert_eq!(concern.relationship_id, rel);
    assert_eq!(concern.mentor_id, mia.me.user_id);
    assert_eq!(concern.mentee_id, tom.me.user_id);
    assert_eq!(concern.text, CONCERN, "the mentor's own words");
    assert_eq!(concern.mentor_display_name, "Mia Lantern");
    support::assert_absent(
        "the coordinator's concern queue",
        &reply.text,
        &[("Tom's message", TOM_SAYS), ("Mia's message", MIA_SAYS)],
    );
    // The other program's coordinator sees nothing of it; members are not coordinators.
    let reply = beacon.concerns(&otto.token).await;
    let theirs: ConcernQueue = reply.expect(StatusCode::OK);
    assert!(
        theirs.concerns.is_empty() && theirs.reports.is_empty(),
        "another program's coordinator sees this program's concerns: {theirs:#?}"
    );
    assert!(!reply.text.contains(&rel.to_string()));
    for member in [mia, tom] {
        beacon
            .concerns(&member.token)
            .await
            .error(StatusCode::FORBIDDEN, ErrorCode::Forbidden);
    }
    beacon
        .get("/v1/coordinator/concerns", None)
        .await
        .error(StatusCode::UNAUTHORIZED, ErrorCode::Unauthenticated);

    // --- Report and block: the mentee reports the mentor and blocks them.
    let proposed: Vec<Uuid> = beacon
        .proposal_list(&tom.token)
        .await
        .proposals
        .iter()
        .map(|p| p.mentor_id)
        .collect();
    assert!(proposed.contains(&max.me.user_id), "{proposed:?}");
    applied(&beacon.report_member(&tom.token, rel, REPORT, true).await);
    for member in [tom, mia] {
        let view = beacon
            .relationship_view(&member.token, rel)
            .await
            .expect("the relationship is in the feed");
        assert_eq!(
            view.relationship.state,
            RelationshipState::Closed,
            "a block closes the relationship: {view:#?}"
        );
    }
    let queue: ConcernQueue = beacon.concerns(&cora.token).await.expect(StatusCode::OK);
    assert_eq!(queue.reports.len(), 1, "{queue:#?}");
    let report = &queue.reports[0];
    assert_eq!(report.relationship_id, rel);
    assert_eq!(report.reporter_id, tom.me.user_id);
    assert_eq!(report.reported_id, mia.me.user_id);
    assert_eq!(report.text, REPORT);
    assert!(report.blocked);
    let theirs: ConcernQueue = beacon.concerns(&otto.token).await.expect(StatusCode::OK);
    assert!(theirs.reports.is_empty(), "{theirs:#?}");

    // The conversation is read-only now, and Mia is never proposed to Tom again.
    let closed = beacon
        .send_message(&mia.token, rel, "After the block")
        .await
        .1;
    rejected(&closed, ErrorCode::Conflict);
    assert_eq!(beacon.conversation(&tom.token, rel).await.len(), 2);
    let proposed: Vec<Uuid> = beacon
        .proposal_list(&tom.token)
        .await
        .proposals
        .iter()
        .map(|p| p.mentor_id)
        .collect();
    assert!(
        !proposed.contains(&mia.me.user_id),
        "a blocked mentor is proposed again: {proposed:?}"
    );
    assert!(proposed.contains(&max.me.user_id), "{proposed:?}");
    let (_, again) = beacon.request_mentor(&tom.token, mia.me.user_id).await;
    assert_eq!(
        again.status,
        MutationStatus::Rejected,
        "requesting a blocked mentor must be refused: {again:?}"
    );
    // Tom can still be matched with someone else.
    let (_, with_max) = beacon.request_mentor(&tom.token, max.me.user_id).await;
    applied(&with_max);

    // Leak checks: the concern reaches Mia (its author) and Cora; the report Tom and Cora.
    beacon.assert_only_sent_to(
        &[("the concern", CONCERN)],
        &[mia.me.user_id, cora.me.user_id],
    );
    beacon.assert_only_sent_to(
        &[("the report", REPORT)],
        &[tom.me.user_id, cora.me.user_id],
    );
    beacon.assert_only_sent_to(
        &[("Tom's message", TOM_SAYS), ("Mia's message", MIA_SAYS)],
        &[tom.me.user_id, mia.me.user_id],
    );
    support::assert_absent(
        "the server log",
        &beacon.server_log(),
        &[
            ("Tom's message", TOM_SAYS),
            ("Mia's message", MIA_SAYS),
            ("the concern", CONCERN),
            ("the report", REPORT),
        ],
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn push_registrations_are_validated() {
    let (beacon, program) = Beacon::started_with_program();
    let ada = beacon
        .signup(program, &email("ada"), &password("ada"), "Ada Quill")
        .await;
    let token = ada.token.as_str();
    let up = PushProviderKind::UnifiedPush;

    for endpoint in [
        format!("https://push.example.org/up/{ENDPOINT_SECRET}"),
        format!("http://127.0.0.1:9/up/{ENDPOINT_SECRET}"),
        "http://[::1]:8080/up".to_owned(),
        "http://localhost:4000/up".to_owned(),
    ] {
        let reply = beacon.register_push(token, up, &endpoint).await;
        assert_eq!(
            reply.status,
            StatusCode::NO_CONTENT,
            "{endpoint} must be accepted: {}",
            reply.text
        );
    }
    for endpoint in [
        "http://push.example.org/up".to_owned(),
        "http://10.1.2.3/up".to_owned(),
        "http://192.168.0.1:8080/up".to_owned(),
        "ftp://push.example.org/up".to_owned(),
        "file:///etc/passwd".to_owned(),
        "push.example.org/up".to_owned(),
        String::new(),
        // Loopback look-alikes: the host is not loopback.
        "http://127.0.0.1.nip.io/up".to_owned(),
        "http://localhost.evil.example/up".to_owned(),
        "http://127.0.0.1@evil.example/up".to_owned(),
        format!("https://push.example.org/{}", "a".repeat(2048)),
    ] {
        let reply = beacon.register_push(token, up, &endpoint).await;
        let error = reply.error(StatusCode::BAD_REQUEST, ErrorCode::ValidationFailed);
        assert_eq!(
            error.field.as_deref(),
            Some("endpoint"),
            "{endpoint:.60}: {error:?}"
        );
    }
    // Not signed in.
    let anonymous = beacon
        .send(
            reqwest::Method::PUT,
            "/v1/push/registration",
            None,
            &serde_json::json!({"provider": "unified_push", "endpoint": "https://push.example.org/x"}),
        )
        .await;
    anonymous.error(StatusCode::UNAUTHORIZED, ErrorCode::Unauthenticated);
    // Unknown fields and providers are malformed.
    beacon
        .send(
            reqwest::Method::PUT,
            "/v1/push/registration",
            Some(token),
            &serde_json::json!({"provider": "carrier_pigeon", "endpoint": "https://x.org/"}),
        )
        .await
        .error(StatusCode::BAD_REQUEST, ErrorCode::MalformedRequest);
    let deleted = beacon.delete("/v1/push/registration", Some(token)).await;
    assert_eq!(deleted.status, StatusCode::NO_CONTENT, "{}", deleted.text);
    assert_eq!(
        beacon.delete("/v1/push/registration", None).await.status,
        StatusCode::UNAUTHORIZED
    );
    support::assert_absent(
        "the server log",
        &beacon.server_log(),
        &[("a push endpoint's secret path", ENDPOINT_SECRET)],
    );
}
