//! The coordinator's desk: intake (exact assignment, confirmation), quiet matches, metrics and
//! program settings; plus export and account deletion with mentoring data.

use std::time::Duration;

use axum::http::{Method, StatusCode};
use serde_json::{Value, json};

use super::mentoring_support::{
    act, applied, approved_mentor, coordinator, feed, mentee, push, request_mentor,
};
use super::{PASSWORD, TestApp};

/// The best total by trying every assignment (each mentee: no mentor or any mentor with room),
/// maximising the number assigned first, then the total.
fn brute_force(scores: &[Vec<Option<i64>>], capacity: &mut [u32], i: usize) -> (usize, i64) {
    if i == scores.len() {
        return (0, 0);
    }
    let mut best = brute_force(scores, capacity, i + 1);
    for j in 0..capacity.len() {
        if let Some(score) = scores[i][j]
            && capacity[j] > 0
        {
            capacity[j] -= 1;
            let (n, total) = brute_force(scores, capacity, i + 1);
            capacity[j] += 1;
            best = best.max((n + 1, total + score));
        }
    }
    best
}

#[tokio::test]
async fn intake_proposes_the_exact_assignment_and_confirm_creates_requests() {
    let app = TestApp::new().await;
    let coord = coordinator(&app).await;
    let mentors = [
        approved_mentor(&app, &coord.token, 1).await,
        approved_mentor(&app, &coord.token, 2).await,
    ];
    let mut mentees = Vec::new();
    for goals in [["work"].as_slice(), &[], &["work", "sleep"], &[]] {
        let m = app
            .sign_up(&format!("m-{}@example.org", uuid::Uuid::now_v7()))
            .await;
        let mut request = super::mentoring_support::request();
        request["goal_tags"] = json!(goals);
        applied(
            &push(
                &app,
                &m.token,
                json!({"type": "submit_mentee_request", "request": request}),
            )
            .await,
        );
        mentees.push(m);
    }
    let reply = app
        .call(
            Method::POST,
            "/v1/coordinator/intake",
            Some(&coord.token),
            None,
        )
        .await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
    let pairs = reply.body["pairs"].as_array().unwrap().clone();
    assert_eq!(pairs.len(), 3, "{}", reply.body);
    assert_eq!(reply.body["unassigned"].as_array().unwrap().len(), 1);
    // Brute force over the same scores (every pair passes the hard filters here; the per-pair
    // score is the one the intake reported for that mentee with that mentor, or the proposals'
    // score for pairs it did not choose).
    let mut scores = vec![vec![None; mentors.len()]; mentees.len()];
    for (i, m) in mentees.iter().enumerate() {
        let proposals = app.get("/v1/matching/proposals?limit=20", &m.token).await;
        for p in proposals.body["proposals"].as_array().unwrap() {
            let j = mentors
                .iter()
                .position(|x| json!(x.me.user_id) == p["mentor_id"])
                .unwrap();
            scores[i][j] = p["score"].as_i64();
        }
    }
    let (assigned, best) = brute_force(&scores, &mut [1, 2], 0);
    assert_eq!(assigned, 3);
    assert_eq!(reply.body["total_score"].as_i64().unwrap(), best);
    assert!(
        pairs
            .iter()
            .all(|p| !p["explanation"].as_str().unwrap().is_empty())
    );

    let choices: Vec<Value> = pairs
        .iter()
        .map(|p| json!({"mentee_id": p["mentee_id"], "mentor_id": p["mentor_id"]}))
        .collect();
    let confirm = |pairs: Vec<Value>| {
        app.call(
            Method::POST,
            "/v1/coordinator/intake/confirm",
            Some(&coord.token),
            Some(json!({"pairs": pairs})),
        )
    };
    // A pair that no longer fits (the same mentee twice): 409 and nothing created.
    let mut twice = choices.clone();
    twice.push(choices[0].clone());
    let reply = confirm(twice).await;
    assert_eq!(reply.status, StatusCode::CONFLICT, "{}", reply.body);
    assert!(
        reply.body["message"]
            .as_str()
            .unwrap()
            .contains(choices[0]["mentee_id"].as_str().unwrap())
    );
    assert_eq!(app.count("relationships"), 0);
    let reply = confirm(choices).await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
    assert_eq!(reply.body["relationship_ids"].as_array().unwrap().len(), 3);
    assert_eq!(app.count("relationships"), 3);
    let reply = app
        .call(
            Method::POST,
            "/v1/coordinator/intake",
            Some(&coord.token),
            None,
        )
        .await;
    assert_eq!(reply.body["pairs"], json!([]));
}

#[tokio::test]
async fn quiet_matches_metrics_and_settings() {
    let app = TestApp::new().await;
    let coord = coordinator(&app).await;
    let mentor = approved_mentor(&app, &coord.token, 3).await;
    let ana = mentee(&app).await;
    let (outcome, id) = request_mentor(&app, &ana.token, mentor.me.user_id).await;
    applied(&outcome);
    applied(&act(&app, &mentor.token, id, json!({"type": "accept"})).await);
    for token in [&ana.token, &mentor.token] {
        applied(
            &act(
                &app,
                token,
                id,
                json!({"type": "acknowledge_agreement", "agreement_version": 1}),
            )
            .await,
        );
    }
    let _waiting = mentee(&app).await;
    let quiet = app.get("/v1/coordinator/quiet-matches", &coord.token).await;
    assert_eq!(quiet.body["days"], 7);
    assert_eq!(quiet.body["items"], json!([]));
    app.state
        .clock()
        .advance(Duration::from_secs(8 * 24 * 3600));
    let quiet = app.get("/v1/coordinator/quiet-matches", &coord.token).await;
    assert_eq!(quiet.body["items"][0]["relationship_id"], json!(id));
    assert_eq!(quiet.body["items"][0]["days_quiet"], 8);
    let metrics = app.get("/v1/coordinator/metrics", &coord.token).await;
    assert_eq!(metrics.status, StatusCode::OK, "{}", metrics.body);
    assert_eq!(metrics.body["mentors_approved"], 1);
    assert_eq!(metrics.body["mentees_waiting"], 1);
    assert_eq!(metrics.body["quiet_matches"], 1);
    let active = metrics.body["relationships_by_state"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["state"] == "active")
        .cloned()
        .unwrap();
    assert_eq!(active["count"], 1);
    applied(
        &act(
            &app,
            &ana.token,
            id,
            json!({"type": "request_change", "reason": "Change-secret"}),
        )
        .await,
    );
    let metrics = app.get("/v1/coordinator/metrics", &coord.token).await;
    assert_eq!(metrics.body["change_requests"], 1);
    assert_eq!(metrics.body["rematch_rate_percent"], 100);
    assert!(!metrics.body.to_string().contains("secret"));

    let settings = app
        .get("/v1/coordinator/program/settings", &coord.token)
        .await;
    assert_eq!(settings.body["response_window_hours"], 72);
    let mut bad = settings.body.clone();
    bad["no_contact_days"] = json!(0);
    let put = |body: Value| {
        app.call(
            Method::PUT,
            "/v1/coordinator/program/settings",
            Some(&coord.token),
            Some(body),
        )
    };
    let reply = put(bad).await;
    assert_eq!(reply.status, StatusCode::BAD_REQUEST);
    assert_eq!(reply.body["field"], "no_contact_days");
    let mut bad = settings.body.clone();
    bad["catalog"]["areas"] = json!([]);
    assert_eq!(put(bad).await.body["field"], "catalog.areas");
    let mut good = settings.body.clone();
    good["catalog"]["areas"] = json!(["grief", "anxiety"]);
    good["no_contact_days"] = json!(3);
    let reply = put(good).await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
    let program = app
        .call(
            Method::GET,
            &format!("/v1/programs/{}", app.program_id),
            None,
            None,
        )
        .await;
    assert_eq!(
        program.body["catalog"]["areas"],
        json!(["grief", "anxiety"])
    );
    let reply = app
        .call(
            Method::PUT,
            "/v1/coordinator/program/settings",
            Some(&ana.token),
            Some(settings.body),
        )
        .await;
    assert_eq!(reply.status, StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn export_includes_mentoring_data_and_deletion_leaves_the_other_side_nothing() {
    let app = TestApp::new().await;
    let coord = coordinator(&app).await;
    let mentor = approved_mentor(&app, &coord.token, 2).await;
    applied(
        &push(
            &app,
            &mentor.token,
            json!({"type": "update_profile", "display_name": "Zed Uniquename"}),
        )
        .await,
    );
    let ana = mentee(&app).await;
    let (outcome, id) = request_mentor(&app, &ana.token, mentor.me.user_id).await;
    applied(&outcome);
    let export = app.get("/v1/me/export", &mentor.token).await;
    assert_eq!(
        export.body["mentor_application"]["application"]["references"][0]["name"],
        "Ref Secretname"
    );
    assert_eq!(export.body["relationships"][0]["my_role"], "mentor");
    let export = app.get("/v1/me/export", &ana.token).await;
    assert_eq!(
        export.body["mentee_request"]["request"]["goals"],
        "Goal-text-private"
    );
    assert_eq!(
        export.body["relationships"][0]["relationship"]["id"],
        json!(id)
    );
    assert!(
        feed(&app, &ana.token)
            .await
            .iter()
            .any(|c| c.to_string().contains("Zed Uniquename"))
    );

    let reply = app
        .call(
            Method::DELETE,
            "/v1/me",
            Some(&mentor.token),
            Some(json!({"password": PASSWORD})),
        )
        .await;
    assert_eq!(reply.status, StatusCode::NO_CONTENT, "{}", reply.body);
    let ana_feed = feed(&app, &ana.token).await;
    let text = serde_json::to_string(&ana_feed).unwrap();
    assert!(!text.contains("Zed Uniquename") && !text.contains("I have been there"));
    assert!(!text.contains(&mentor.me.user_id.to_string()));
    let last = ana_feed
        .iter()
        .rev()
        .find(|c| c["body"]["type"] == "relationship_changed")
        .unwrap();
    assert_eq!(last["body"]["view"]["relationship"]["state"], "closed");
    assert_eq!(
        last["body"]["view"]["relationship"]["close_reason"],
        "unspecified"
    );
    assert_eq!(app.count("relationships"), 0);
    assert_eq!(app.count("mentor_applications"), 0);
    // Ana may ask someone else.
    let other = approved_mentor(&app, &coord.token, 1).await;
    applied(&request_mentor(&app, &ana.token, other.me.user_id).await.0);
}

#[tokio::test]
async fn a_coordinator_sets_the_check_in_cadence_and_nobody_else_can() {
    let app = &TestApp::new().await;
    let coord = coordinator(app).await;
    let settings_uri = "/v1/coordinator/program/settings";
    let program_uri = format!("/v1/programs/{}", app.program_id);
    let cadence = || async {
        let settings = app.get(settings_uri, &coord.token).await;
        let program = app.call(Method::GET, &program_uri, None, None).await;
        assert_eq!(program.status, StatusCode::OK);
        (
            settings.body["checkin_cadence_days"].clone(),
            program.body["checkin_cadence_days"].clone(),
        )
    };
    let put = |token: String, body: Value| async move {
        app.call(Method::PUT, settings_uri, Some(&token), Some(body))
            .await
    };
    // Never set: the default, in the settings and in the public program information.
    assert_eq!(cadence().await, (json!(3), json!(3)));
    let original = app.get(settings_uri, &coord.token).await.body;

    // Out of range: refused naming the field; not a whole number of days: malformed, naming it.
    for (bad, code) in [
        (json!(0), "validation_failed"),
        (json!(32), "validation_failed"),
        (json!(-1), "malformed_request"),
        (json!(70_000), "malformed_request"),
        (json!("weekly"), "malformed_request"),
        (json!(7.5), "malformed_request"),
    ] {
        let mut body = original.clone();
        body["checkin_cadence_days"] = bad.clone();
        let reply = put(coord.token.clone(), body).await;
        assert_eq!(reply.status, StatusCode::BAD_REQUEST, "{bad}");
        assert_eq!(reply.body["code"], code, "{bad}");
        if code == "validation_failed" {
            assert_eq!(reply.body["field"], "checkin_cadence_days");
        } else {
            let message = reply.body["message"].as_str().unwrap();
            assert!(message.contains("checkin_cadence_days"), "{message}");
        }
    }
    assert_eq!(app.get(settings_uri, &coord.token).await.body, original);
    assert_eq!(cadence().await, (json!(3), json!(3)), "nothing changed");

    // Weekly: stored, and every device learns it from the program information.
    let mut weekly = original.clone();
    weekly["checkin_cadence_days"] = json!(7);
    let reply = put(coord.token.clone(), weekly.clone()).await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
    assert_eq!(reply.body, weekly);
    assert_eq!(cadence().await, (json!(7), json!(7)));

    // Not signed in, a mentee of the program, a coordinator of another program: ours stays 7.
    let mut daily = original.clone();
    daily["checkin_cadence_days"] = json!(1);
    let reply = app
        .call(Method::PUT, settings_uri, None, Some(daily.clone()))
        .await;
    assert_eq!(reply.status, StatusCode::UNAUTHORIZED);
    let ana = app.sign_up("ana-cadence@example.org").await;
    let reply = put(ana.token.clone(), daily.clone()).await;
    assert_eq!(reply.status, StatusCode::FORBIDDEN);
    assert_eq!(
        app.get(settings_uri, &ana.token).await.status,
        StatusCode::FORBIDDEN
    );
    let stranger = super::lifecycle::other_program_coordinator(app).await;
    let reply = put(stranger.clone(), daily).await;
    assert_eq!(reply.status, StatusCode::OK, "they set their own program's");
    assert_eq!(
        app.get(settings_uri, &stranger).await.body["checkin_cadence_days"],
        1
    );
    assert_eq!(cadence().await, (json!(7), json!(7)));
}
