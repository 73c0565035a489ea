//! The matcher behind [`super::detect`]: normalisation into tokens, a tiny phrase-pattern
//! language compiled once per language, and the context checks (negation, subject, reported
//! speech, quotation, past framing, idioms) applied to every match.
//!
//! ## Pattern language
//! A pattern is a space-separated list of *elements*; an element is a `|`-separated list of
//! alternatives, and an alternative is one or more words joined by `_` (`can_not`, `end_it_all`).
//! - `word?` (suffix on the element) makes the element optional;
//! - `@name` expands the lexicon's word class `name`;
//! - `$` (as an alternative) matches the end of a clause without consuming a token;
//! - `!a|b_c` (a whole element) is a negative look-ahead: the match fails if followed by it;
//! - a leading `^` means the match needs an explicit first-person subject ("I self-harm").
//!
//! Words are compared after normalisation (lower case, accents folded, letter runs squeezed:
//! "kill" and "kiiill" are both "kil"), so patterns are written in plain lower-case ASCII.
//! Between two elements up to two *skippable* words (intensifiers such as "just", "really",
//! "fucking") may appear: "I want to just die" matches "want to die".

use std::collections::{HashMap, HashSet};

use super::{Confidence, CrisisFamily, PatternLanguage};

/// How much one pattern says on its own.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Strength {
    /// Enough by itself to surface help, at this confidence.
    Strong(Confidence),
    /// A weak cue: only counts in combination (see [`Cue`]).
    Weak(Cue),
}

/// Kinds of weak cue. Hopelessness + intent, two intent/timing cues, or goodbye + any other
/// cue (without a "see you tomorrow") make a signal; a single weak cue never does.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Cue {
    Hopeless,
    Intent,
    Goodbye,
}

pub(super) struct PatternSpec {
    pub family: CrisisFamily,
    pub strength: Strength,
    pub pattern: &'static str,
}

/// Shorthand for a strong pattern.
pub(super) const fn strong(
    family: CrisisFamily,
    confidence: Confidence,
    pattern: &'static str,
) -> PatternSpec {
    PatternSpec {
        family,
        strength: Strength::Strong(confidence),
        pattern,
    }
}

/// Shorthand for a weak cue.
pub(super) const fn weak(family: CrisisFamily, cue: Cue, pattern: &'static str) -> PatternSpec {
    PatternSpec {
        family,
        strength: Strength::Weak(cue),
        pattern,
    }
}

/// Everything one language needs, as static text. Word lists are whitespace-separated; phrase
/// lists are `|`-separated phrases of space-separated words.
pub(super) struct LexiconSpec {
    pub language: PatternLanguage,
    /// Token rewrites applied after normalisation: contractions, slang, common misspellings.
    pub canonical: &'static [(&'static str, &'static str)],
    /// Word classes for `@name` in patterns (`|`-separated alternatives).
    pub classes: &'static [(&'static str, &'static str)],
    pub negators: &'static str,
    /// A word that negates only when followed by one of `negator_pairs` ("no intention").
    pub conditional_negator: &'static str,
    pub negator_pairs: &'static str,
    /// Words the negation and subject look-backs may step over ("I would never *really want to*").
    pub fillers: &'static str,
    /// Intensifiers that may sit between pattern elements.
    pub skippable: &'static str,
    pub first_person: &'static str,
    pub third_person: &'static str,
    /// Verb forms that only a third person takes ("wants", "says").
    pub third_person_verbs: &'static str,
    /// Words that tie a pattern to the writer ("myself", "my"); such patterns skip the subject check.
    pub self_words: &'static str,
    pub reporting_verbs: &'static str,
    /// Voices, thoughts or a brain "telling me to …": command hallucinations and intrusive
    /// thoughts are the writer's own experience, not another speaker.
    pub inner_voices: &'static str,
    /// Songs, films, books…: a match in the same clause as one of these is about the work.
    pub media: &'static str,
    /// Extra words that attribute quoted text ("a line from", "the quote").
    pub quote_attribution: &'static str,
    pub clause_words: &'static str,
    pub past_markers: &'static str,
    pub present_markers: &'static str,
    /// Words before a year that make it a past marker ("in 2019").
    pub year_prepositions: &'static str,
    pub future_contact: &'static str,
    /// What, right after a match ending in one of `idiom_heads`, turns it into an idiom
    /// ("want to die *of embarrassment*").
    pub idiom_after: &'static str,
    pub idiom_heads: &'static str,
    pub humour: &'static str,
    pub patterns: &'static [PatternSpec],
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Token {
    pub word: String,
    pub sentence: u32,
    pub clause: u32,
    pub quoted: bool,
}

#[derive(Debug)]
enum Elem {
    Words {
        alts: Vec<Vec<String>>,
        optional: bool,
        clause_end: bool,
    },
    NotFollowedBy(Vec<Vec<String>>),
}

#[derive(Debug)]
struct Pattern {
    family: CrisisFamily,
    strength: Strength,
    elems: Vec<Elem>,
    needs_first_person: bool,
    self_anchored: bool,
}

/// One pattern that survived every context check.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Hit {
    pub family: CrisisFamily,
    pub strength: Strength,
    /// For strong hits: the confidence after quotation/humour adjustments.
    pub confidence: Confidence,
    pub pattern: usize,
    pub language: PatternLanguage,
}

/// What one language's scan of a message found.
#[derive(Debug, Default)]
pub(super) struct Scan {
    pub hits: Vec<Hit>,
    pub future_contact: bool,
}

pub(super) struct Lexicon {
    language: PatternLanguage,
    canonical: HashMap<String, Vec<String>>,
    negators: HashSet<String>,
    conditional_negator: Option<String>,
    negator_pairs: HashSet<String>,
    fillers: HashSet<String>,
    skippable: HashSet<String>,
    first_person: HashSet<String>,
    third_person: HashSet<String>,
    third_person_verbs: HashSet<String>,
    reporting_verbs: HashSet<String>,
    inner_voices: HashSet<String>,
    media: HashSet<String>,
    quote_attribution: HashSet<String>,
    clause_words: HashSet<String>,
    humour: HashSet<String>,
    year_prepositions: HashSet<String>,
    past_markers: Vec<Vec<String>>,
    present_markers: Vec<Vec<String>>,
    future_contact: Vec<Vec<String>>,
    idiom_after: Vec<Vec<String>>,
    idiom_heads: HashSet<String>,
    patterns: Vec<Pattern>,
    /// Patterns by the words their first element can start with.
    index: HashMap<String, Vec<usize>>,
}

// ---------------------------------------------------------------------------------------------
// Normalisation
// ---------------------------------------------------------------------------------------------

/// Lower-cases and folds Latin accents ("Ñ" → "n", "é" → "e").
fn fold_char(c: char, out: &mut String) {
    for lower in c.to_lowercase() {
        let folded = match lower {
            'à' | 'á' | 'â' | 'ã' | 'ä' | 'å' => 'a',
            'è' | 'é' | 'ê' | 'ë' => 'e',
            'ì' | 'í' | 'î' | 'ï' => 'i',
            'ò' | 'ó' | 'ô' | 'õ' | 'ö' => 'o',
            'ù' | 'ú' | 'û' | 'ü' => 'u',
            'ñ' => 'n',
            'ç' => 'c',
            'ý' | 'ÿ' => 'y',
            other => other,
        };
        out.push(folded);
    }
}

/// Collapses runs of the same letter ("sooo" → "so", "kill" → "kil"); digits are kept as typed.
pub(super) fn squeeze(word: &str) -> String {
    let mut out = String::with_capacity(word.len());
    let mut last = None;
    for c in word.chars() {
        if last == Some(c) && c.is_alphabetic() {
            continue;
        }
        out.push(c);
        last = Some(c);
    }
    out
}

/// Lower-case, folded and squeezed: the form every word is compared in.
pub(super) fn normal_word(word: &str) -> String {
    let mut folded = String::with_capacity(word.len());
    for c in word.chars() {
        fold_char(c, &mut folded);
    }
    squeeze(&folded)
}

fn is_apostrophe(c: char) -> bool {
    matches!(c, '\'' | '’' | '‘' | 'ʼ' | '`' | '´')
}

/// Laughing emoji read as "lol" (they soften, never hide, a match).
fn is_laughing_emoji(c: char) -> bool {
    matches!(c, '😂' | '🤣' | '💀' | '😆' | '😹' | '😅')
}

struct Tokenizer<'a> {
    lexicon: &'a Lexicon,
    tokens: Vec<Token>,
    word: String,
    word_quoted: bool,
    sentence: u32,
    clause: u32,
}

impl Tokenizer<'_> {
    fn flush(&mut self) {
        if self.word.is_empty() {
            return;
        }
        let word = squeeze(&self.word);
        self.word.clear();
        let quoted = self.word_quoted;
        match self.lexicon.canonical.get(&word) {
            Some(replacement) => {
                for part in replacement {
                    self.push(part.clone(), quoted);
                }
            }
            None => self.push(word, quoted),
        }
    }

    fn push(&mut self, word: String, quoted: bool) {
        if self.lexicon.clause_words.contains(&word) {
            self.clause += 1;
        }
        self.tokens.push(Token {
            word,
            sentence: self.sentence,
            clause: self.clause,
            quoted,
        });
    }
}

impl Lexicon {
    /// Splits a message into normalised tokens with sentence, clause and quotation marks.
    pub(super) fn tokenize(&self, text: &str) -> Vec<Token> {
        let chars: Vec<char> = text.chars().collect();
        let mut t = Tokenizer {
            lexicon: self,
            tokens: Vec::with_capacity(chars.len() / 4),
            word: String::new(),
            word_quoted: false,
            sentence: 0,
            clause: 0,
        };
        let (mut in_double, mut in_single) = (false, false);
        for (i, &c) in chars.iter().enumerate() {
            let prev_alnum = i > 0 && chars[i - 1].is_alphanumeric();
            let next_alnum = chars.get(i + 1).is_some_and(|n| n.is_alphanumeric());
            if c.is_alphanumeric() {
                if t.word.is_empty() {
                    t.word_quoted = in_double || in_single;
                }
                fold_char(c, &mut t.word);
                continue;
            }
            if is_apostrophe(c) || matches!(c, '*' | '/') {
                if prev_alnum && next_alnum {
                    // Inside a word: "don't", "I’m"; masked or slashed "sh*t", "s/h", "w/o".
                    continue;
                }
                if !is_apostrophe(c) {
                    t.flush();
                    continue;
                }
                t.flush();
                if !prev_alnum && next_alnum {
                    in_single = true;
                } else if prev_alnum && !next_alnum {
                    in_single = false; // a closing quote, or a plural possessive
                }
                continue;
            }
            t.flush();
            match c {
                '"' => in_double = !in_double,
                '“' | '«' | '„' => in_double = true,
                '”' | '»' => in_double = false,
                '.' if prev_alnum && next_alnum => {} // "2.5", "o.d"
                '\n' | '\r' => {
                    t.sentence += 1;
                    t.clause += 1;
                    in_double = false;
                    in_single = false;
                }
                '.' | '!' | '?' | '…' | '¿' | '¡' => {
                    t.sentence += 1;
                    t.clause += 1;
                }
                ',' | ';' | ':' | '(' | ')' | '[' | ']' | '—' | '–' => t.clause += 1,
                c if is_laughing_emoji(c) => {
                    let quoted = in_double || in_single;
                    t.push("lol".to_owned(), quoted);
                }
                _ => {}
            }
        }
        t.flush();
        t.tokens
    }
}

// ---------------------------------------------------------------------------------------------
// Compilation
// ---------------------------------------------------------------------------------------------

fn word_set(list: &str) -> HashSet<String> {
    list.split_whitespace().map(normal_word).collect()
}

fn phrase_list(list: &str) -> Vec<Vec<String>> {
    list.split('|')
        .map(|phrase| {
            phrase
                .split_whitespace()
                .map(normal_word)
                .collect::<Vec<_>>()
        })
        .filter(|words| !words.is_empty())
        .collect()
}

fn parse_alternatives(
    element: &str,
    classes: &HashMap<&str, &str>,
    pattern: &str,
) -> (Vec<Vec<String>>, bool) {
    let mut alts = Vec::new();
    let mut clause_end = false;
    for alt in element.split('|') {
        if alt == "$" {
            clause_end = true;
        } else if let Some(name) = alt.strip_prefix('@') {
            let class = classes
                .get(name)
                .unwrap_or_else(|| panic!("unknown class @{name} in pattern {pattern:?}"));
            let (more, end) = parse_alternatives(class, classes, pattern);
            alts.extend(more);
            clause_end |= end;
        } else {
            assert!(!alt.is_empty(), "empty alternative in pattern {pattern:?}");
            alts.push(alt.split('_').map(normal_word).collect());
        }
    }
    (alts, clause_end)
}

fn compile_pattern(
    spec: &PatternSpec,
    classes: &HashMap<&str, &str>,
    self_words: &HashSet<String>,
) -> Pattern {
    let (needs_first_person, body) = match spec.pattern.strip_prefix('^') {
        Some(rest) => (true, rest),
        None => (false, spec.pattern),
    };
    let mut elems = Vec::new();
    for raw in body.split_whitespace() {
        if let Some(rest) = raw.strip_prefix('!') {
            let (alts, _) = parse_alternatives(rest, classes, spec.pattern);
            elems.push(Elem::NotFollowedBy(alts));
            continue;
        }
        let (raw, optional) = match raw.strip_suffix('?') {
            Some(rest) => (rest, true),
            None => (raw, false),
        };
        let (alts, clause_end) = parse_alternatives(raw, classes, spec.pattern);
        elems.push(Elem::Words {
            alts,
            optional,
            clause_end,
        });
    }
    match elems.first() {
        Some(Elem::Words {
            optional: false,
            clause_end: false,
            ..
        }) => {}
        _ => panic!("pattern {:?} must start with a required word", spec.pattern),
    }
    let self_anchored = elems.iter().any(|elem| match elem {
        Elem::Words { alts, .. } => alts.iter().flatten().any(|w| self_words.contains(w)),
        Elem::NotFollowedBy(_) => false,
    });
    Pattern {
        family: spec.family,
        strength: spec.strength,
        elems,
        needs_first_person,
        self_anchored,
    }
}

impl Lexicon {
    pub(super) fn compile(spec: &LexiconSpec) -> Self {
        let classes: HashMap<&str, &str> = spec.classes.iter().copied().collect();
        let self_words = word_set(spec.self_words);
        let patterns: Vec<Pattern> = spec
            .patterns
            .iter()
            .map(|p| compile_pattern(p, &classes, &self_words))
            .collect();
        let mut index: HashMap<String, Vec<usize>> = HashMap::new();
        for (id, pattern) in patterns.iter().enumerate() {
            if let Some(Elem::Words { alts, .. }) = pattern.elems.first() {
                let mut firsts: Vec<&String> = alts.iter().filter_map(|a| a.first()).collect();
                firsts.sort();
                firsts.dedup();
                for first in firsts {
                    index.entry(first.clone()).or_default().push(id);
                }
            }
        }
        let mut skippable = word_set(spec.skippable);
        let humour = word_set(spec.humour);
        skippable.extend(humour.iter().cloned());
        let conditional = spec.conditional_negator.trim();
        Lexicon {
            language: spec.language,
            canonical: spec
                .canonical
                .iter()
                .map(|(from, to)| {
                    (
                        normal_word(from),
                        to.split_whitespace().map(normal_word).collect(),
                    )
                })
                .collect(),
            negators: word_set(spec.negators),
            conditional_negator: (!conditional.is_empty()).then(|| normal_word(conditional)),
            negator_pairs: word_set(spec.negator_pairs),
            fillers: word_set(spec.fillers),
            skippable,
            first_person: word_set(spec.first_person),
            third_person: word_set(spec.third_person),
            third_person_verbs: word_set(spec.third_person_verbs),
            reporting_verbs: word_set(spec.reporting_verbs),
            inner_voices: word_set(spec.inner_voices),
            media: word_set(spec.media),
            quote_attribution: word_set(spec.quote_attribution),
            clause_words: word_set(spec.clause_words),
            humour,
            year_prepositions: word_set(spec.year_prepositions),
            past_markers: phrase_list(spec.past_markers),
            present_markers: phrase_list(spec.present_markers),
            future_contact: phrase_list(spec.future_contact),
            idiom_after: phrase_list(spec.idiom_after),
            idiom_heads: word_set(spec.idiom_heads),
            patterns,
            index,
        }
    }

    #[cfg(test)]
    pub(super) fn pattern_count(&self) -> usize {
        self.patterns.len()
    }
}

// ---------------------------------------------------------------------------------------------
// Matching
// ---------------------------------------------------------------------------------------------

/// Whether `words` occur at `pos`, all within `sentence`.
fn seq_at(tokens: &[Token], pos: usize, words: &[String], sentence: u32) -> bool {
    pos + words.len() <= tokens.len()
        && words
            .iter()
            .zip(&tokens[pos..])
            .all(|(w, t)| t.word == *w && t.sentence == sentence)
}

/// Whether any phrase occurs starting anywhere in `range`, entirely inside it.
fn phrase_in(tokens: &[Token], range: std::ops::Range<usize>, phrases: &[Vec<String>]) -> bool {
    range.clone().any(|pos| {
        phrases.iter().any(|p| {
            pos + p.len() <= range.end && p.iter().zip(&tokens[pos..]).all(|(w, t)| t.word == *w)
        })
    })
}

/// Whether position `pos` (between tokens `pos - 1` and `pos`) ends a clause.
fn at_clause_end(tokens: &[Token], pos: usize) -> bool {
    pos >= tokens.len() || pos == 0 || tokens[pos].clause != tokens[pos - 1].clause
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Subject {
    First,
    Third,
    Unknown,
}

impl Lexicon {
    fn match_elems(
        &self,
        elems: &[Elem],
        tokens: &[Token],
        pos: usize,
        sentence: u32,
        first: bool,
    ) -> Option<usize> {
        let Some((elem, rest)) = elems.split_first() else {
            return Some(pos);
        };
        match elem {
            Elem::NotFollowedBy(alts) => {
                if alts.iter().any(|a| seq_at(tokens, pos, a, sentence)) {
                    None
                } else {
                    self.match_elems(rest, tokens, pos, sentence, false)
                }
            }
            Elem::Words {
                alts,
                optional,
                clause_end,
            } => {
                let mut p = pos;
                let max_skip = if first { 0 } else { 2 };
                for skipped in 0..=max_skip {
                    if skipped > 0 {
                        let skippable = tokens.get(p).is_some_and(|t| {
                            t.sentence == sentence && self.skippable.contains(&t.word)
                        });
                        if !skippable {
                            break;
                        }
                        p += 1;
                    }
                    for alt in alts {
                        if seq_at(tokens, p, alt, sentence)
                            && let Some(end) =
                                self.match_elems(rest, tokens, p + alt.len(), sentence, false)
                        {
                            return Some(end);
                        }
                    }
                    if *clause_end
                        && at_clause_end(tokens, p)
                        && let Some(end) = self.match_elems(rest, tokens, p, sentence, false)
                    {
                        return Some(end);
                    }
                }
                if *optional {
                    self.match_elems(rest, tokens, pos, sentence, false)
                } else {
                    None
                }
            }
        }
    }

    /// Tokens before `start` in the same clause, nearest first.
    fn before_in_clause(tokens: &[Token], start: usize) -> impl Iterator<Item = (usize, &Token)> {
        let anchor = &tokens[start];
        tokens[..start]
            .iter()
            .enumerate()
            .rev()
            .take_while(move |(_, t)| t.sentence == anchor.sentence && t.clause == anchor.clause)
    }

    fn is_filler(&self, word: &str) -> bool {
        self.fillers.contains(word) || self.skippable.contains(word)
    }

    /// "I don't want to kill myself", "I would never hurt myself", "no intention of …": a
    /// negator reached from the match by stepping back over fillers only, in the same clause.
    fn negated(&self, tokens: &[Token], start: usize) -> bool {
        for (i, t) in Self::before_in_clause(tokens, start).take(8) {
            if self.negators.contains(&t.word) {
                return true;
            }
            if self.conditional_negator.as_ref() == Some(&t.word)
                && tokens
                    .get(i + 1)
                    .is_some_and(|next| self.negator_pairs.contains(&next.word))
            {
                return true;
            }
            if !(self.is_filler(&t.word)
                || self.first_person.contains(&t.word)
                || self.third_person.contains(&t.word))
            {
                return false;
            }
        }
        false
    }

    /// Who the matched words are about, looking back over fillers in the same clause.
    fn subject(&self, tokens: &[Token], start: usize) -> Subject {
        for (_, t) in Self::before_in_clause(tokens, start) {
            if self.first_person.contains(&t.word) {
                return Subject::First;
            }
            if self.third_person.contains(&t.word) || self.third_person_verbs.contains(&t.word) {
                return Subject::Third;
            }
            if !(self.is_filler(&t.word) || self.negators.contains(&t.word)) {
                break;
            }
        }
        Subject::Unknown
    }

    /// The subject of a reporting verb at `at`: the nearest non-filler word before it. Voices and
    /// thoughts ("the voices keep telling me to …") count as the writer: a command hallucination
    /// is a recognised risk, whereas "they asked me if I ever wanted to …" is someone else.
    fn reporter_is_writer(&self, tokens: &[Token], at: usize) -> bool {
        let sentence = tokens[at].sentence;
        for t in tokens[..at].iter().rev() {
            if t.sentence != sentence {
                break;
            }
            if self.first_person.contains(&t.word) || self.inner_voices.contains(&t.word) {
                return true;
            }
            if !self.is_filler(&t.word) {
                return false;
            }
        }
        // "Said I want to die": no one else named, so it is the writer speaking.
        true
    }

    /// "My friend said …", "they asked me if …": someone other than the writer is speaking.
    fn reported(&self, tokens: &[Token], start: usize) -> bool {
        Self::before_in_clause(tokens, start).any(|(i, t)| {
            self.reporting_verbs.contains(&t.word) && !self.reporter_is_writer(tokens, i)
        })
    }

    /// A song, film, book … in the same clause (or, for quoted text, in the sentence around it).
    fn media_in_clause(&self, tokens: &[Token], start: usize, end: usize) -> bool {
        let (sentence, first, last) = (
            tokens[start].sentence,
            tokens[start].clause,
            tokens[end - 1].clause,
        );
        tokens.iter().any(|t| {
            t.sentence == sentence
                && (first..=last).contains(&t.clause)
                && self.media.contains(&t.word)
        })
    }

    fn quote_attributed(&self, tokens: &[Token], start: usize) -> bool {
        let sentence = tokens[start].sentence;
        tokens.iter().enumerate().any(|(i, t)| {
            let near = t.sentence + 1 >= sentence && t.sentence <= sentence + 1;
            let same = t.sentence == sentence;
            (near && (self.media.contains(&t.word) || self.quote_attribution.contains(&t.word)))
                || (same
                    && !t.quoted
                    && self.reporting_verbs.contains(&t.word)
                    && !self.reporter_is_writer(tokens, i))
        })
    }

    /// "I used to want to die, but now …": a distant-past or recovery marker in the match's
    /// clause or the clause before it, with no "now/again/still/tonight" in the match's clause.
    fn past_framed(&self, tokens: &[Token], start: usize, end: usize) -> bool {
        let sentence = tokens[start].sentence;
        let (first, last) = (tokens[start].clause, tokens[end - 1].clause);
        let in_sentence = |t: &Token| t.sentence == sentence;
        let scope_start = tokens
            .iter()
            .position(|t| in_sentence(t) && t.clause + 1 >= first)
            .unwrap_or(start);
        let scope_end = tokens
            .iter()
            .rposition(|t| in_sentence(t) && t.clause <= last)
            .map_or(end, |i| i + 1);
        let year = (scope_start..scope_end).any(|i| {
            let w = tokens[i].word.as_bytes();
            w.len() == 4
                && w.iter().all(u8::is_ascii_digit)
                && (w.starts_with(b"19") || w.starts_with(b"20"))
                && i > 0
                && self.year_prepositions.contains(&tokens[i - 1].word)
        });
        // "When I was 16 …": an age is a distant-past marker like a year.
        let age = (scope_start..scope_end).any(|i| {
            i >= 3
                && tokens[i].word.bytes().all(|b| b.is_ascii_digit())
                && tokens[i - 1].word == "was"
                && self.first_person.contains(&tokens[i - 2].word)
                && tokens[i - 3].word == "when"
        });
        if !year && !age && !phrase_in(tokens, scope_start..scope_end, &self.past_markers) {
            return false;
        }
        let clause_start = tokens
            .iter()
            .position(|t| in_sentence(t) && t.clause >= first)
            .unwrap_or(start);
        let clause_end = tokens
            .iter()
            .rposition(|t| in_sentence(t) && t.clause <= last)
            .map_or(end, |i| i + 1);
        !phrase_in(tokens, clause_start..clause_end, &self.present_markers)
    }

    fn idiom_follows(&self, tokens: &[Token], end: usize) -> bool {
        let last = &tokens[end - 1];
        let sentence = last.sentence;
        self.idiom_heads.contains(&last.word)
            && self
                .idiom_after
                .iter()
                .any(|p| seq_at(tokens, end, p, sentence))
    }

    fn humorous(&self, tokens: &[Token], sentence: u32) -> bool {
        tokens.iter().any(|t| {
            (t.sentence == sentence || t.sentence == sentence + 1)
                && (self.humour.contains(&t.word)
                    || ["jaja", "haha", "jeje", "hehe"]
                        .iter()
                        .any(|p| t.word.starts_with(p)))
        })
    }

    /// Applies every context check to a match; `None` when the context rules it out.
    fn evaluate(&self, id: usize, tokens: &[Token], start: usize, end: usize) -> Option<Hit> {
        let pattern = &self.patterns[id];
        if self.negated(tokens, start) {
            return None;
        }
        if !pattern.self_anchored || pattern.needs_first_person {
            match self.subject(tokens, start) {
                Subject::Third => return None,
                Subject::Unknown if pattern.needs_first_person => return None,
                _ => {}
            }
        }
        if self.reported(tokens, start) {
            return None;
        }
        let quoted = tokens[start..end].iter().all(|t| t.quoted);
        if quoted && self.quote_attributed(tokens, start) {
            return None;
        }
        if self.media_in_clause(tokens, start, end)
            || self.past_framed(tokens, start, end)
            || self.idiom_follows(tokens, end)
        {
            return None;
        }
        let mut confidence = match pattern.strength {
            Strength::Strong(confidence) => confidence,
            Strength::Weak(_) => Confidence::Low,
        };
        if quoted {
            confidence = confidence.lower();
        }
        if self.humorous(tokens, tokens[start].sentence) {
            confidence = confidence.lower();
        }
        Some(Hit {
            family: pattern.family,
            strength: pattern.strength,
            confidence,
            pattern: id,
            language: self.language,
        })
    }

    /// Every pattern that matches `text` and survives its context checks.
    pub(super) fn scan(&self, text: &str) -> Scan {
        let tokens = self.tokenize(text);
        let mut scan = Scan {
            hits: Vec::new(),
            future_contact: phrase_in(&tokens, 0..tokens.len(), &self.future_contact),
        };
        for (start, token) in tokens.iter().enumerate() {
            let Some(ids) = self.index.get(&token.word) else {
                continue;
            };
            for &id in ids {
                let elems = &self.patterns[id].elems;
                if let Some(end) = self.match_elems(elems, &tokens, start, token.sentence, true)
                    && let Some(hit) = self.evaluate(id, &tokens, start, end)
                {
                    scan.hits.push(hit);
                }
            }
        }
        scan
    }
}
