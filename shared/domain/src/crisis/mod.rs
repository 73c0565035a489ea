//! On-device crisis-language detection: does a mentee's own message read as a crisis, so that the
//! app should put the program's crisis resources in front of them before the message goes?
//!
//! [`detect`] takes the message and the writer's locale and returns the strongest
//! [`CrisisSignal`] found, if any: which [`CrisisFamily`] of warning sign matched and how
//! confident the match is. It is pure, allocation-light and fast (a 4,000-character message takes
//! well under a millisecond in a release build). It never leaves the device: the signal is not
//! serialisable on purpose, and nothing here sends or logs anything.
//!
//! # How it works
//! 1. **Normalisation** (per language): lower case; Latin accents folded; apostrophes inside words
//!    dropped whatever their shape (`don't`, `don’t`, `dont` are one word); runs of one letter
//!    squeezed (`sooo` = `so`, `dieeee` = `die`, and `kill` is compared as `kil`, which also
//!    forgives `kil`); contractions, slang and common misspellings rewritten (`im` → `i am`,
//!    `wanna` → `want to`, `kms` / `ctb` → `kill myself`, `sh` → `self harm`, `unalive` → `kill`,
//!    `sewerslide` → `suicide`, `myslef` → `myself`); a `*` or `/` inside a word is dropped like
//!    an apostrophe (`sh*t` is one word, not "sh" + "t"; `s/h` = `sh`; `w/o` = `without`). Text is split into sentences (`. ! ? …` and new lines) and clauses
//!    (`, ; :` and words such as "but", "and", "because"); text between quotation marks
//!    (`"…"`, `“…”`, `'…'`, `‘…’`, `«…»`) is marked as quoted. Laughing emoji read as "lol".
//! 2. **Phrase patterns** per language, grouped into families (see [`CrisisFamily`]). Each is
//!    either *strong* (enough alone, with a confidence) or a *weak cue* (see below). Patterns are
//!    phrase-shaped, never single alarming words: "kill myself", not "kill"; "want to die", not
//!    "die" — which is what keeps idioms out ("this traffic is killing me", "I could kill for a
//!    coffee", "dying to see the film", "I'm dead 😂" match nothing).
//! 3. **Context checks** on every match:
//!    - *Negation*: a negator ("not", "never", "without", "stopped", "no intention/plans of")
//!      reached from the match by stepping back over fillers only ("I would never *really want
//!      to* hurt myself"), within the clause. "I'm not okay. I want to die." is still a crisis: the
//!      negation is in another sentence. Phrases that contain their own negation ("I don't want
//!      to live", "I never want to wake up again") are patterns in their own right.
//!    - *Reported speech*: a third-person subject ("she wants to die", "my friend is feeling
//!      suicidal") or a reporting verb with someone else as its subject in the clause ("he said",
//!      "they asked me if I ever …"). "I told my mentor I want to die" is the writer's own.
//!    - *Quotation*: quoted text attributed to a song, film, book, line, or another speaker is
//!      ignored; quoted text with no attribution ("I keep hearing 'just end it'") may be
//!      self-talk and still counts, one confidence step lower. A match in the same clause as a
//!      song/film/book/poem is also ignored.
//!    - *Past framing* (decision): a distant-past or recovery marker ("used to", "years ago",
//!      "back then", "when I was a teenager", "in 2019", "survived a", "clean for") in the
//!      match's clause or the one before it means the writer is telling their story, not in
//!      crisis — *unless* the match's own clause says it is back ("now", "again", "still",
//!      "tonight", "lately"). Recent past is **not** past framing: "I cut myself last night" and
//!      "I tried to kill myself last week" are crises.
//!    - *Inner voices*: a reporting verb whose subject is a voice, thought or brain ("the voices
//!      keep telling me to kill myself") is the writer's own experience — command hallucinations
//!      are a recognised risk — while "they asked me if I ever wanted to …" stays reported.
//!    - *Idioms*: "die of embarrassment", "die laughing", "die for a …" after a death word.
//!    - *Humour* ("lol", "😂") lowers confidence by one step but never hides a match.
//!
//!    Besides fixed phrases, a *death predicate* (`@death` in `en.rs`: "die", "stop breathing",
//!    "end it", "overdose", "not wake up" …) after a verb or noun of wanting, planning, daring or
//!    commanding ("planning to die", "the courage to end it", "telling me to …"), and a means
//!    word with a purpose ("bought paracetamol to overdose"), match as Medium confidence.
//! 4. **Weak cues** never fire alone: hopelessness ("no way out", "I can't take it anymore",
//!    "I'm a burden"), intent or timing ("end it", "tonight's the night", "everything is ready",
//!    "I won't be here tomorrow") and goodbye hints ("goodbye everyone", "sorry for everything",
//!    "I'm giving away my things"). Hopelessness + intent, two intent cues, or a goodbye hint +
//!    any other cue make a medium-confidence signal — the "no way out *with intent*" rule —
//!    unless the message also arranges future contact ("see you Thursday", "talk tomorrow").
//!
//! # Precision and recall (decision)
//! Missing a crisis is worse than a false alarm, so where a phrase is ambiguous between a
//! hyperbole and a crisis it is flagged: "If I have to sit through another meeting I'll kill
//! myself" raises a (high-confidence) signal. What keeps false alarms rare is that patterns are
//! phrases, not words, and that the context checks above only *remove* a match when the context
//! is explicit (a negator, another speaker, an attributed quote, a past marker, an idiom). The
//! labelled test sets in `tests/data/` measure both; see `tests/crisis_corpus.rs`.
//!
//! # Other decisions
//! - **"kys"** ("kill yourself") is directed at someone else: abuse, not the writer's crisis. It
//!   raises no signal here; report and block handle it. "kms" is the writer's own and does.
//! - **Locales**: English has the complete pattern set; Spanish (`es`, `es-*`) a smaller one and
//!   is checked together with English (people code-switch and internet slang such as "kms" is
//!   English). Any other locale falls back to English patterns — see [`pattern_languages`].
//! - **Immediate danger from someone else** ([`CrisisFamily::Danger`]: "I don't feel safe at
//!   home", "he's going to hurt me", "he threatened to kill me") surfaces the same resources. A
//!   named person plus a future "kill me" is *not* matched ("my mum is going to kill me when
//!   she sees my grades" is the commonest idiom); "threatened/tried to kill me" is.
//! - **"End of my rope/tether"** is a weak hopelessness cue only: alone it is everyday
//!   exasperation ("at the end of my rope with this printer"); with intent it fires.
//! - **"Overdose on …"** is hyperbole when what follows is food or media ("on chocolate", "on
//!   Netflix"); with a drug or "my …" it is an overdose. Dosage questions ("how many ibuprofen
//!   can I take") match nothing; "how many pills would it take" does.
//! - Single-word warning signs that are ordinary in everyday use ("pills", "rope", "bridge",
//!   "goodbye", "hopeless") are weak cues or need a verb ("saving up my pills", "the rope is
//!   ready"), never strong alone.

mod en;
mod engine;
mod es;

use std::sync::OnceLock;

use engine::{Cue, Lexicon, Strength};

/// Which kind of warning sign a message matched.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum CrisisFamily {
    /// Wanting, intending or trying to kill oneself ("I want to die", "kms", "I'm suicidal").
    SuicidalIntent,
    /// Passive wish to be dead or gone, or being a burden ("I wish I was dead", "everyone would
    /// be better off without me", "I hope I don't wake up").
    DeathWish,
    /// Hurting oneself ("I've been cutting again", "the urge to self-harm").
    SelfHarm,
    /// No reason to live, no way out — alone when it names life itself ("life isn't worth
    /// living"), otherwise together with intent ("there's no way out except ending it").
    Hopelessness,
    /// A plan, a method or the means ("I've been saving up my pills", "I'm standing on the
    /// bridge", "I know how I'm going to do it").
    PlanOrMeans,
    /// Final messages and putting affairs in order ("this is goodbye", "by the time you read
    /// this", "please look after my cat when I'm gone").
    Goodbye,
    /// Immediate danger from someone else ("I don't feel safe at home", "he's going to hurt
    /// me", "he threatened to kill me"): not the writer's own crisis, but the same resources
    /// (and emergency numbers) are what they need first.
    Danger,
}

impl CrisisFamily {
    /// Order used to break ties between families at the same confidence.
    fn urgency(self) -> u8 {
        match self {
            CrisisFamily::Danger => 6,
            CrisisFamily::PlanOrMeans => 5,
            CrisisFamily::SuicidalIntent => 4,
            CrisisFamily::Goodbye => 3,
            CrisisFamily::SelfHarm => 2,
            CrisisFamily::DeathWish => 1,
            CrisisFamily::Hopelessness => 0,
        }
    }
}

/// How sure the detector is. Any signal should surface crisis help; the level lets the app word
/// it ("It sounds like you're going through a lot" vs. a direct check-in) and lets tests reason.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Confidence {
    /// Matched, but softened: quoted without attribution, or joking ("i want to die lol").
    Low,
    /// A phrase with some ambiguity, or a combination of weak cues.
    Medium,
    /// An explicit, first-person crisis phrase.
    High,
}

impl Confidence {
    fn lower(self) -> Self {
        match self {
            Confidence::High => Confidence::Medium,
            Confidence::Medium | Confidence::Low => Confidence::Low,
        }
    }
}

/// A language with its own pattern set.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum PatternLanguage {
    English,
    Spanish,
}

/// What [`detect`] found. Deliberately not serialisable: it stays on the device.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CrisisSignal {
    pub family: CrisisFamily,
    pub confidence: Confidence,
    /// The pattern set that matched (English also runs for Spanish locales).
    pub language: PatternLanguage,
}

/// The pattern sets used for a locale, in order: `es`/`es-*` → Spanish then English; `en`/`en-*`
/// and every other or malformed locale → English (the complete set is the safest fallback).
pub fn pattern_languages(locale: &str) -> &'static [PatternLanguage] {
    let language = locale.split(['-', '_']).next().unwrap_or_default().trim();
    if language.eq_ignore_ascii_case("es") {
        &[PatternLanguage::Spanish, PatternLanguage::English]
    } else {
        &[PatternLanguage::English]
    }
}

fn lexicon(language: PatternLanguage) -> &'static Lexicon {
    static ENGLISH: OnceLock<Lexicon> = OnceLock::new();
    static SPANISH: OnceLock<Lexicon> = OnceLock::new();
    match language {
        PatternLanguage::English => ENGLISH.get_or_init(|| Lexicon::compile(&en::ENGLISH)),
        PatternLanguage::Spanish => SPANISH.get_or_init(|| Lexicon::compile(&es::SPANISH)),
    }
}

/// Whether `text`, written by someone using `locale`, reads as a crisis; the strongest signal
/// found (highest confidence, then the most urgent family), or `None`.
///
/// ```
/// use domain::crisis::{detect, CrisisFamily};
/// assert_eq!(detect("I want to end it all", "en").unwrap().family, CrisisFamily::SuicidalIntent);
/// assert!(detect("I don't want to kill myself", "en").is_none());
/// assert!(detect("this traffic is killing me", "en-GB").is_none());
/// ```
pub fn detect(text: &str, locale: &str) -> Option<CrisisSignal> {
    let mut best: Option<CrisisSignal> = None;
    let mut consider = |signal: CrisisSignal| {
        let key = |s: &CrisisSignal| (s.confidence, s.family.urgency());
        if best.is_none_or(|b| key(&signal) > key(&b)) {
            best = Some(signal);
        }
    };
    let mut strong = Vec::new();
    let mut cues: Vec<(Cue, PatternLanguage, usize)> = Vec::new();
    let mut future_contact = false;
    for &language in pattern_languages(locale) {
        let scan = lexicon(language).scan(text);
        future_contact |= scan.future_contact;
        for hit in scan.hits {
            match hit.strength {
                Strength::Strong(_) => strong.push(hit),
                Strength::Weak(cue) => {
                    if !cues.contains(&(cue, language, hit.pattern)) {
                        cues.push((cue, language, hit.pattern));
                    }
                }
            }
        }
    }
    for hit in strong {
        let mut confidence = hit.confidence;
        if future_contact && hit.family == CrisisFamily::Goodbye {
            confidence = confidence.lower();
        }
        consider(CrisisSignal {
            family: hit.family,
            confidence,
            language: hit.language,
        });
    }
    if future_contact {
        cues.retain(|(cue, ..)| *cue != Cue::Goodbye);
    }
    let count = |wanted: Cue| cues.iter().filter(|(cue, ..)| *cue == wanted).count();
    let (hopeless, intent, goodbye) = (
        count(Cue::Hopeless),
        count(Cue::Intent),
        count(Cue::Goodbye),
    );
    let language = cues
        .first()
        .map_or(PatternLanguage::English, |(_, language, _)| *language);
    let combined = |family| CrisisSignal {
        family,
        confidence: Confidence::Medium,
        language,
    };
    if goodbye >= 1 && (goodbye + intent + hopeless) >= 2 {
        consider(combined(CrisisFamily::Goodbye));
    }
    if intent >= 2 {
        consider(combined(CrisisFamily::PlanOrMeans));
    }
    if hopeless >= 1 && intent >= 1 {
        consider(combined(CrisisFamily::Hopelessness));
    }
    best
}

#[cfg(test)]
mod tests;
