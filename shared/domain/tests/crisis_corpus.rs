//! Precision and recall of `domain::crisis::detect` on the labelled phrase sets in `tests/data/`
//! (`label<TAB>text`, label `pos` or `neg`). Run with
//! `cargo test -p domain crisis -- --nocapture` to see the figures and the phrases that fail.
//!
//! The sets were written before the patterns and are not copied into them: they measure how the
//! patterns generalise, so some phrases are expected to fail and are listed, not hidden.

use domain::crisis::detect;

struct Outcome {
    true_pos: u32,
    false_neg: Vec<String>,
    true_neg: u32,
    false_pos: Vec<String>,
}

impl Outcome {
    fn positives(&self) -> u32 {
        self.true_pos + count(&self.false_neg)
    }

    fn negatives(&self) -> u32 {
        self.true_neg + count(&self.false_pos)
    }

    fn recall(&self) -> f64 {
        f64::from(self.true_pos) / f64::from(self.positives())
    }

    fn precision(&self) -> f64 {
        let flagged = self.true_pos + count(&self.false_pos);
        f64::from(self.true_pos) / f64::from(flagged.max(1))
    }
}

fn count(list: &[String]) -> u32 {
    u32::try_from(list.len()).expect("small test set")
}

fn evaluate(data: &str, locale: &str) -> Outcome {
    let mut outcome = Outcome {
        true_pos: 0,
        false_neg: Vec::new(),
        true_neg: 0,
        false_pos: Vec::new(),
    };
    for (number, line) in data.lines().enumerate() {
        let line = line.trim_end_matches('\r');
        if line.trim().is_empty() || line.starts_with('#') {
            continue;
        }
        let (label, text) = line
            .split_once('\t')
            .unwrap_or_else(|| panic!("line {}: expected label<TAB>text", number + 1));
        let flagged = detect(text, locale).is_some();
        match (label, flagged) {
            ("pos", true) => outcome.true_pos += 1,
            ("pos", false) => outcome.false_neg.push(text.to_owned()),
            ("neg", false) => outcome.true_neg += 1,
            ("neg", true) => outcome.false_pos.push(text.to_owned()),
            _ => panic!("line {}: unknown label {label:?}", number + 1),
        }
    }
    let name = locale;
    println!(
        "crisis detector [{name}]: {} positive, {} negative phrases",
        outcome.positives(),
        outcome.negatives()
    );
    println!(
        "  recall    {:.3} ({} of {} crises flagged)",
        outcome.recall(),
        outcome.true_pos,
        outcome.positives()
    );
    println!(
        "  precision {:.3} ({} of {} flags were crises)",
        outcome.precision(),
        outcome.true_pos,
        outcome.true_pos + count(&outcome.false_pos)
    );
    for text in &outcome.false_neg {
        println!("  missed (false negative): {text}");
    }
    for text in &outcome.false_pos {
        println!("  false alarm (false positive): {text}");
    }
    outcome
}

#[test]
fn crisis_english_corpus_precision_and_recall() {
    let outcome = evaluate(include_str!("data/crisis_en.tsv"), "en");
    assert!(outcome.positives() >= 90 && outcome.negatives() >= 90);
    assert!(outcome.positives() + outcome.negatives() >= 200);
    assert!(outcome.recall() >= 0.95, "recall {:.3}", outcome.recall());
    assert!(
        outcome.precision() >= 0.9,
        "precision {:.3}",
        outcome.precision()
    );
}

#[test]
fn crisis_spanish_corpus_precision_and_recall() {
    let outcome = evaluate(include_str!("data/crisis_es.tsv"), "es");
    assert!(outcome.positives() + outcome.negatives() >= 40);
    assert!(outcome.recall() >= 0.9, "recall {:.3}", outcome.recall());
    assert!(
        outcome.precision() >= 0.9,
        "precision {:.3}",
        outcome.precision()
    );
}

/// Phrases written after the first version of the patterns. Its misses (21 of 40 found at the
/// time) led to wider patterns, so it is no longer held out; the floors guard against regressions.
#[test]
fn crisis_english_holdout_precision_and_recall() {
    let outcome = evaluate(include_str!("data/crisis_en_holdout.tsv"), "en-GB");
    assert!(outcome.recall() >= 0.95, "recall {:.3}", outcome.recall());
    assert!(
        outcome.precision() >= 0.9,
        "precision {:.3}",
        outcome.precision()
    );
}

/// A second set, written after the patterns were widened. Its misses (15 of 25 found at the time)
/// led to the generalised death-predicate, means-with-purpose and inner-voice rules, so it is no
/// longer held out (25 of 25 after); the floors guard against regressions.
#[test]
fn crisis_english_second_holdout_precision_and_recall() {
    let outcome = evaluate(include_str!("data/crisis_en_holdout2.tsv"), "en-US");
    assert!(outcome.recall() >= 0.95, "recall {:.3}", outcome.recall());
    assert!(
        outcome.precision() >= 0.9,
        "precision {:.3}",
        outcome.precision()
    );
}

/// A third set, written and frozen before the generalisation pass that followed the second set's
/// misses: 20 of 35 found before that pass, 21 of 35 after (precision 20/21, then 21/22). Its
/// misses then guided a third pass (family-level rules: indifference to one's own death, hoping
/// for a fatal event, life itself unbearable, relapse + self-harm verb, means with a location,
/// "overdose on" hyperbole, …), so it is NO LONGER HELD OUT: 35 of 35, precision 35/35 after
/// that pass. These figures say nothing about unseen phrasings (the fourth set measures that);
/// the floors guard against regressions.
#[test]
fn crisis_english_third_holdout_precision_and_recall() {
    let outcome = evaluate(include_str!("data/crisis_en_holdout3.tsv"), "en-AU");
    assert!(outcome.positives() >= 30 && outcome.negatives() >= 30);
    assert!(outcome.recall() >= 0.95, "recall {:.3}", outcome.recall());
    assert!(
        outcome.precision() >= 0.9,
        "precision {:.3}",
        outcome.precision()
    );
}

/// A fourth set (122 phrases), written on 2026-11-25 by someone who had not seen the patterns
/// (see `data/crisis_en_holdout4_README.md`), frozen before the widening pass that followed and
/// never used for tuning. Before that pass: recall 0.475 (29 of 61), precision 0.879 (29 of 33);
/// after it: recall 0.541 (33 of 61), precision 0.892 (33 of 37). Widening pattern families lifts
/// the designed and tuned sets to ~1.0 but unseen phrasings far less: this is the honest figure,
/// and the floors only guard against regressions.
#[test]
fn crisis_english_fourth_holdout_precision_and_recall() {
    let outcome = evaluate(include_str!("data/crisis_en_holdout4.tsv"), "en-GB");
    assert!(outcome.positives() >= 55 && outcome.negatives() >= 55);
    assert!(outcome.recall() >= 0.52, "recall {:.3}", outcome.recall());
    assert!(
        outcome.precision() >= 0.85,
        "precision {:.3}",
        outcome.precision()
    );
}
