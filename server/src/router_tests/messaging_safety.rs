//! Concerns, reports and blocking, and what export and account deletion do with messages: the
//! coordinator sees the raiser's words and ids, never a message; a block closes the relationship
//! and the blocked mentor is never proposed again.

use axum::http::{Method, StatusCode};
use domain::program::ProgramInfo;
use domain::wire::v1::SessionCreated;
use serde_json::{Value, json};
use uuid::Uuid;

use super::mentoring_support::{
    applied, feed, last_of, make_coordinator, push, push_mutation, rejected,
};
use super::messaging_support::{acknowledge, messages, pair, receipts, send};
use super::{PASSWORD, TestApp, assert_error};
use crate::db::store::programs;

const MESSAGE: &str = "Message-secret-text";

fn concern(relationship_id: Uuid, text: &str) -> Value {
    json!({"type": "raise_concern", "relationship_id": relationship_id,
           "concern_id": Uuid::now_v7(), "text": text})
}

fn report(relationship_id: Uuid, text: &str, block: bool) -> Value {
    json!({"type": "report_member", "relationship_id": relationship_id,
           "report_id": Uuid::now_v7(), "text": text, "block": block})
}

async fn queue(app: &TestApp, token: &str) -> Value {
    let reply = app.get("/v1/coordinator/concerns", token).await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
    reply.body
}

/// A coordinator of another program.
async fn other_coordinator(app: &TestApp) -> SessionCreated {
    let program_id = Uuid::now_v7();
    let program = ProgramInfo {
        program_id,
        organisation: "Elsewhere".into(),
        name: "Other".into(),
        locales: vec!["en-GB".into()],
        crisis_resources: vec![],
        catalog: domain::mentoring::profile::ProgramCatalog::default(),
        checkin_cadence_days: domain::checkins::CheckInCadence::default(),
    };
    app.state
        .db()
        .write(move |cx| programs::insert(cx, &program, 1))
        .await
        .unwrap();
    let mut body = app.sign_up_body("other-coordinator@example.org");
    body["program_id"] = json!(program_id);
    let reply = app
        .call(Method::POST, "/v1/auth/signup", None, Some(body))
        .await;
    assert_eq!(reply.status, StatusCode::CREATED, "{}", reply.body);
    let session: SessionCreated = serde_json::from_value(reply.body).unwrap();
    make_coordinator(app, session.me.user_id).await;
    session
}

#[tokio::test]
async fn mentors_raise_concerns_that_coordinators_see_without_messages() {
    let app = TestApp::new().await;
    let pair = pair(&app).await;
    applied(&send(&app, &pair.mentee.token, pair.id, MESSAGE).await);
    let mentee_feed = feed(&app, &pair.mentee.token).await;

    rejected(
        &push(&app, &pair.mentee.token, concern(pair.id, "Mentee-words")).await,
        "forbidden",
    );
    let stranger = app.sign_up("stranger@example.org").await;
    rejected(
        &push(&app, &stranger.token, concern(pair.id, "Stranger-words")).await,
        "not_found",
    );
    let blank = push(&app, &pair.mentor.token, concern(pair.id, "  ")).await;
    rejected(&blank, "validation_failed");
    assert_eq!(blank["error"]["field"], "text");
    let raised = json!({"mutation_id": Uuid::now_v7(), "created_at_ms": 1,
                        "body": concern(pair.id, "Mentor-worried-words")});
    applied(&push_mutation(&app, &pair.mentor.token, &raised).await);
    let mut reused = raised.clone();
    reused["mutation_id"] = json!(Uuid::now_v7());
    rejected(
        &push_mutation(&app, &pair.mentor.token, &reused).await,
        "conflict",
    );
    assert_eq!(
        feed(&app, &pair.mentee.token).await,
        mentee_feed,
        "the mentee hears nothing"
    );

    let queue = queue(&app, &pair.coordinator.token).await;
    let concerns = queue["concerns"].as_array().unwrap();
    assert_eq!(concerns.len(), 1, "{queue}");
    assert_eq!(concerns[0]["text"], "Mentor-worried-words");
    assert_eq!(concerns[0]["relationship_id"], json!(pair.id));
    assert_eq!(concerns[0]["mentor_id"], json!(pair.mentor.me.user_id));
    assert_eq!(concerns[0]["mentee_id"], json!(pair.mentee.me.user_id));
    assert_eq!(concerns[0]["concern_id"], raised["body"]["concern_id"]);
    assert!(!queue.to_string().contains(MESSAGE));

    // Other programs' coordinators see nothing of it; members are not coordinators.
    let elsewhere = other_coordinator(&app).await;
    assert_eq!(
        queue_of(&app, &elsewhere.token).await,
        json!({"concerns": [], "reports": []})
    );
    for token in [&pair.mentor.token, &pair.mentee.token] {
        assert_error(
            &app.get("/v1/coordinator/concerns", token).await,
            StatusCode::FORBIDDEN,
            "forbidden",
        );
    }
}

async fn queue_of(app: &TestApp, token: &str) -> Value {
    queue(app, token).await
}

#[tokio::test]
async fn reporting_with_a_block_closes_the_relationship_for_good() {
    let app = TestApp::new().await;
    let pair = pair(&app).await;
    applied(&send(&app, &pair.mentor.token, pair.id, MESSAGE).await);
    let outcome = push(
        &app,
        &pair.mentee.token,
        report(pair.id, "Report-words: unkind messages", true),
    )
    .await;
    applied(&outcome);
    for token in [&pair.mentee.token, &pair.mentor.token] {
        let change = last_of(&app, token, "relationship_changed").await;
        assert_eq!(change["body"]["view"]["relationship"]["state"], "closed");
    }
    let own = last_of(&app, &pair.mentee.token, "relationship_changed").await;
    assert_eq!(own["position"], outcome["position"]);
    // The conversation is read-only now.
    rejected(
        &send(&app, &pair.mentor.token, pair.id, "hello?").await,
        "conflict",
    );

    let queue = queue(&app, &pair.coordinator.token).await;
    let reports = queue["reports"].as_array().unwrap();
    assert_eq!(reports.len(), 1, "{queue}");
    assert_eq!(reports[0]["reporter_id"], json!(pair.mentee.me.user_id));
    assert_eq!(reports[0]["reported_id"], json!(pair.mentor.me.user_id));
    assert_eq!(reports[0]["blocked"], true);
    assert_eq!(reports[0]["text"], "Report-words: unkind messages");
    assert!(!queue.to_string().contains(MESSAGE));

    // The blocked mentor (who still has capacity) is never proposed to the mentee again.
    let proposals = app
        .get("/v1/matching/proposals?limit=20", &pair.mentee.token)
        .await;
    assert_eq!(proposals.status, StatusCode::OK, "{}", proposals.body);
    assert!(
        !proposals
            .body
            .to_string()
            .contains(&pair.mentor.me.user_id.to_string()),
        "{}",
        proposals.body
    );
    // Reporting a closed relationship without blocking is still possible; blocking again is not.
    applied(
        &push(
            &app,
            &pair.mentor.token,
            report(pair.id, "Mentor-report", false),
        )
        .await,
    );
    rejected(
        &push(&app, &pair.mentor.token, report(pair.id, "Again", true)).await,
        "conflict",
    );
    assert_eq!(
        queue_of(&app, &pair.coordinator.token).await["reports"]
            .as_array()
            .unwrap()
            .len(),
        2
    );
}

#[tokio::test]
async fn a_report_without_a_block_leaves_the_relationship_open() {
    let app = TestApp::new().await;
    let pair = pair(&app).await;
    let before = last_of(&app, &pair.mentee.token, "relationship_changed").await;
    applied(
        &push(
            &app,
            &pair.mentor.token,
            report(pair.id, "Mentor-report", false),
        )
        .await,
    );
    assert_eq!(
        last_of(&app, &pair.mentee.token, "relationship_changed").await,
        before
    );
    applied(&send(&app, &pair.mentee.token, pair.id, "still here").await);
}

#[tokio::test]
async fn export_holds_the_persons_messages_concerns_and_reports() {
    let app = TestApp::new().await;
    let pair = pair(&app).await;
    applied(&send(&app, &pair.mentee.token, pair.id, "From-mentee").await);
    applied(&send(&app, &pair.mentor.token, pair.id, "From-mentor").await);
    applied(&push(&app, &pair.mentor.token, concern(pair.id, "Concern-words")).await);
    applied(
        &push(
            &app,
            &pair.mentee.token,
            report(pair.id, "Report-words", false),
        )
        .await,
    );

    let export = app.get("/v1/me/export", &pair.mentee.token).await;
    assert_eq!(export.status, StatusCode::OK);
    let texts: Vec<&str> = export.body["messages"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["text"].as_str().unwrap())
        .collect();
    assert_eq!(texts, ["From-mentee", "From-mentor"]);
    assert_eq!(export.body["reports"][0]["text"], "Report-words");
    assert_eq!(export.body["concerns"], json!([]));
    assert!(!export.body.to_string().contains("Concern-words"));

    let export = app.get("/v1/me/export", &pair.mentor.token).await;
    assert_eq!(export.body["concerns"][0]["text"], "Concern-words");
    assert_eq!(export.body["reports"], json!([]));
    assert!(!export.body.to_string().contains("Report-words"));
}

#[tokio::test]
async fn deleting_an_account_deletes_the_persons_messages_everywhere() {
    let app = TestApp::new().await;
    let pair = pair(&app).await;
    applied(&send(&app, &pair.mentee.token, pair.id, "Mentee-secret").await);
    applied(&send(&app, &pair.mentor.token, pair.id, "Mentor-words").await);
    applied(&acknowledge(&app, &pair.mentee.token, pair.id, 2, 2).await);
    applied(&push(&app, &pair.mentor.token, concern(pair.id, "Concern-words")).await);
    applied(
        &push(
            &app,
            &pair.mentee.token,
            report(pair.id, "Report-words", false),
        )
        .await,
    );
    assert_eq!(receipts(&app, &pair.mentor.token).await.len(), 1);

    let reply = app
        .call(
            Method::DELETE,
            "/v1/me",
            Some(&pair.mentee.token),
            Some(json!({"password": PASSWORD})),
        )
        .await;
    assert_eq!(reply.status, StatusCode::NO_CONTENT, "{}", reply.body);

    let mentor_feed = feed(&app, &pair.mentor.token).await;
    let text = serde_json::to_string(&mentor_feed).unwrap();
    assert!(!text.contains("Mentee-secret"));
    assert!(!text.contains(&pair.mentee.me.user_id.to_string()));
    assert!(receipts(&app, &pair.mentor.token).await.is_empty());
    let kept = messages(&app, &pair.mentor.token).await;
    assert_eq!(kept.len(), 1, "the mentor keeps their own words");
    assert_eq!(kept[0]["text"], "Mentor-words");
    assert_eq!(app.count("messages"), 0);
    assert_eq!(app.count("receipts"), 0);
    assert_eq!(app.count("reports"), 0);

    // The mentor's concern stays for the coordinator, about a former member.
    let queue = queue(&app, &pair.coordinator.token).await;
    assert_eq!(queue["concerns"][0]["mentee_id"], json!(Uuid::nil()));
    assert_eq!(queue["concerns"][0]["mentee_display_name"], "Former member");
    assert!(
        !queue
            .to_string()
            .contains(&pair.mentee.me.user_id.to_string())
    );
}
