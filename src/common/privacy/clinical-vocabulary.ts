import codeList from './vocabulary/codes.json' with { type: 'json' };
import english from './vocabulary/en.json' with { type: 'json' };
import french from './vocabulary/fr.json' with { type: 'json' };
import international from './vocabulary/international.json' with { type: 'json' };
import dutch from './vocabulary/nl.json' with { type: 'json' };

/**
 * Finds clinical vocabulary (diagnoses, body regions, symptoms, care, instruments, ICD-10 and
 * ICPC-2 codes, vertebral levels) in text an employer or employee may read. The words live as
 * data in `vocabulary/` (one file per language, plus the codes), so that they can be kept up to
 * date without touching this code; the file headers say how to edit them.
 *
 * A text is matched as written in any of the languages, since nothing says which one a writer
 * used: case and accents are ignored, and only whole words and phrases count ("back to work",
 * "terug", "le dossier" and "coupe" hold no clinical word).
 */

/** A language file: entries by category (the names only help the reader), and the exceptions. */
export interface WordList {
  language: string;
  about: string;
  /** Workplace phrases holding a listed word that name no health fact ("shoulder height"). */
  functionalPhrases?: string[];
  [category: string]: string | string[] | undefined;
}

export interface CodePattern {
  name: string;
  pattern: string;
  caseSensitive: boolean;
  examples: string[];
  notMatching: string[];
}

export interface CodeList {
  about: string;
  patterns: CodePattern[];
  ignoredAfter: string[];
  ignoredBefore: string[];
}

export const WORD_LISTS: readonly WordList[] = [english, dutch, french, international];
export const CODE_LIST: CodeList = codeList;

/** The categories of a word list that hold clinical entries (everything but the exceptions). */
export function clinicalEntries(list: WordList): string[] {
  return Object.entries(list)
    .filter(([key, value]) => key !== 'functionalPhrases' && Array.isArray(value))
    .flatMap(([, value]) => value as string[]);
}

/** Letters NFKD leaves whole, and apostrophes written several ways. */
const EXTRA_FOLDS: Record<string, string> = {
  œ: 'oe',
  Œ: 'OE',
  æ: 'ae',
  Æ: 'AE',
  ß: 'ss',
  ø: 'o',
  Ø: 'O',
  ł: 'l',
  Ł: 'L',
  '’': "'",
  '‘': "'",
  ʼ: "'",
};

/**
 * The text without accents (NFKD, combining marks removed), as written and lower-cased, with the
 * offsets in the original text of each character, so that a match can be quoted as written.
 */
interface FoldedText {
  cased: string;
  lower: string;
  start: number[];
  end: number[];
}

function fold(text: string): FoldedText {
  let cased = '';
  let lower = '';
  const start: number[] = [];
  const end: number[] = [];
  let offset = 0;
  for (const character of text) {
    // Plain ASCII, nearly all of what is written here, needs no normalising.
    const folded =
      character < '\u0080'
        ? character
        : (EXTRA_FOLDS[character] ?? character.normalize('NFKD')).replace(/\p{M}/gu, '');
    for (const unit of folded) {
      const lowered = unit.toLowerCase();
      cased += unit;
      // Lower-casing keeps the length of nearly every letter; the few it does not stay as they are.
      lower += lowered.length === unit.length ? lowered : unit;
      for (let index = 0; index < unit.length; index++) {
        start.push(offset);
        end.push(offset + character.length);
      }
    }
    offset += character.length;
  }
  return { cased, lower, start, end };
}

/** What separates the words of a phrase: any run of spaces and hyphens. */
const SEPARATOR = '[\\s\\-\u2010\u2011\u2012\u2013\u2014]+';
const SEPARATORS = new RegExp(SEPARATOR, 'gu');
/** A match ends where a word does. */
const WORD_END = '(?![\\p{L}\\p{N}])';
const WORDS = /[\p{L}\p{N}]+/gu;

/** Escapes what a regular expression in Unicode mode reads as syntax (and nothing else). */
const escape = (text: string) => text.replace(/[\\^$.*+?()[\]{}|/]/g, '\\$&');

/** Marks a word break inside an entry: any run of spaces and hyphens in the text. */
const BREAK = '\u0000';

interface TrieNode {
  next: Map<string, TrieNode>;
  ends: boolean;
}

/** A trie of the entries written as one expression: each position tries one branch per letter. */
function trieExpression(node: TrieNode): string {
  const branches = [...node.next].map(
    ([unit, child]) => (unit === BREAK ? SEPARATOR : escape(unit)) + trieExpression(child),
  );
  if (!branches.length) return '';
  const body = branches.length === 1 ? branches[0] : `(?:${branches.join('|')})`;
  // Greedy: the longest entry is tried first, a shorter one it starts with when that fails.
  return node.ends ? `(?:${body})?` : body;
}

/**
 * Whole words and phrases, tried where a word starts (sticky), a phrase winning over a word it
 * starts with; an entry also matches its plural in s (nerve, nerves).
 */
function wholeWords(entries: readonly string[]): RegExp {
  const root: TrieNode = { next: new Map(), ends: false };
  for (const entry of entries) {
    const words = fold(entry.trim()).lower.split(SEPARATORS).filter(Boolean);
    if (!words.length) continue;
    let node = root;
    for (const unit of words.join(BREAK)) {
      let child = node.next.get(unit);
      if (!child) node.next.set(unit, (child = { next: new Map(), ends: false }));
      node = child;
    }
    node.ends = true;
  }
  return new RegExp(`${trieExpression(root)}s?${WORD_END}`, 'uy');
}

const TERMS = wholeWords(WORD_LISTS.flatMap(clinicalEntries));
const FUNCTIONAL_PHRASES = wholeWords(WORD_LISTS.flatMap((list) => list.functionalPhrases ?? []));
const CODES = CODE_LIST.patterns.map(
  ({ pattern, caseSensitive }) =>
    new RegExp(`(?:${pattern})${WORD_END}`, caseSensitive ? 'uy' : 'iuy'),
);
const IGNORED_AFTER = new Set(CODE_LIST.ignoredAfter.map((word) => fold(word).lower));
const IGNORED_BEFORE = new Set(CODE_LIST.ignoredBefore.map((word) => fold(word).lower));

interface Span {
  start: number;
  end: number;
}

/** Where `pattern` (sticky) matches from one of the word starts, without overlapping itself. */
function spans(pattern: RegExp, text: string, wordStarts: readonly number[]): Span[] {
  const found: Span[] = [];
  let covered = 0;
  for (const start of wordStarts) {
    if (start < covered) continue;
    pattern.lastIndex = start;
    const match = pattern.exec(text);
    if (match) {
      covered = start + match[0].length;
      found.push({ start, end: covered });
    }
  }
  return found;
}

/** A code right after "room" or right before "bolts" names a room or a bolt, not a diagnosis. */
function namesSomethingElse(lower: string, span: Span): boolean {
  const before = /([\p{L}\p{N}]+)[\s\-\u2013\u2014:.#°]*$/u.exec(lower.slice(0, span.start));
  const after = /^[\s\-\u2013\u2014:]*(\p{L}+)/u.exec(lower.slice(span.end));
  return Boolean(
    (before && IGNORED_AFTER.has(before[1])) || (after && IGNORED_BEFORE.has(after[1])),
  );
}

/**
 * The clinical words, phrases and codes in `text`, as written there, in order of appearance and
 * each once (the first spelling of a word that recurs).
 */
export function findClinicalTerms(text: string): string[] {
  if (!text) return [];
  const folded = fold(text);
  const wordStarts = [...folded.lower.matchAll(WORDS)].map((word) => word.index);
  let lower = folded.lower;
  for (const { start, end } of spans(FUNCTIONAL_PHRASES, lower, wordStarts)) {
    lower = lower.slice(0, start) + ' '.repeat(end - start) + lower.slice(end);
  }
  const found = [
    ...spans(TERMS, lower, wordStarts),
    ...CODES.flatMap((pattern) => spans(pattern, folded.cased, wordStarts)).filter(
      (span) => !namesSomethingElse(folded.lower, span),
    ),
  ].sort((a, b) => a.start - b.start || b.end - a.end);

  const terms = new Map<string, string>();
  let covered = 0;
  for (const span of found) {
    if (span.start < covered) continue;
    covered = span.end;
    const written = text.slice(folded.start[span.start], folded.end[span.end - 1]);
    const key = folded.lower.slice(span.start, span.end).replace(SEPARATORS, ' ');
    if (!terms.has(key)) terms.set(key, written);
  }
  return [...terms.values()];
}
