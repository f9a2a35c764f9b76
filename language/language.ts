// The language layer's state: the thesaurus in force and the vocabulary of the knowledge-base version
// being served (with its homophone index, built on first need). Swapped whole when either changes.
import shippedThesaurus from "../config/thesaurus.json" with { type: "json" };
import { parseThesaurus, type Thesaurus } from "./thesaurus.ts";
import { HomophoneIndex } from "./typo.ts";
import { EMPTY_VOCABULARY, type Vocabulary } from "./vocabulary.ts";

/** The vocabulary port plus segmentation into content words (the knowledge index implements both). */
export interface CorpusVocabulary extends Vocabulary {
  /** Content words of a text, stopwords removed, one per word. */
  terms(text: string): string[];
  /** Every token of a text, dictionary words only: what the dictionary cannot join stays single characters. */
  segment(text: string): string[];
}

export const NO_CORPUS: CorpusVocabulary = { ...EMPTY_VOCABULARY, terms: () => [], segment: (t) => [...t] };

let shipped: Thesaurus | undefined;
/** The thesaurus shipped in config/thesaurus.json (what serves until an administrator's file is read). */
export function shippedThes(): Thesaurus {
  shipped ??= parseThesaurus(shippedThesaurus, "config/thesaurus.json");
  return shipped;
}

export class Language {
  private homophones: HomophoneIndex | undefined;

  constructor(
    readonly thesaurus: Thesaurus = shippedThes(),
    readonly vocabulary: CorpusVocabulary = NO_CORPUS,
  ) {}

  /** Homophone typos corrected against the corpus (nothing without one). */
  correct(text: string): { text: string; corrections: string[] } {
    if (this.vocabulary === NO_CORPUS) return { text, corrections: [] };
    const tokens = this.vocabulary.segment(text);
    // The index of corpus words is built the first time a message has characters to check.
    if (!HomophoneIndex.hasSuspects(tokens)) return { text, corrections: [] };
    this.homophones ??= new HomophoneIndex(this.vocabulary);
    return this.homophones.correct(text, tokens);
  }

  withThesaurus(t: Thesaurus): Language {
    return new Language(t, this.vocabulary);
  }

  withVocabulary(v: CorpusVocabulary): Language {
    return v === this.vocabulary ? this : new Language(this.thesaurus, v);
  }
}

/**
 * The language layer as the bot runs it: the thesaurus in force (an administrator's file, re-read with
 * every knowledge-base reload) paired with the vocabulary of the version being served.
 */
export class LanguageRuntime {
  private cache: Language | undefined;

  constructor(private thes: Thesaurus = shippedThes()) {}

  get thesaurus(): Thesaurus {
    return this.thes;
  }

  setThesaurus(t: Thesaurus): void {
    this.thes = t;
    this.cache = undefined;
  }

  /** The language for a corpus vocabulary; the same vocabulary gets the same (cached) language. */
  for(vocabulary: CorpusVocabulary): Language {
    if (!this.cache || this.cache.vocabulary !== vocabulary || this.cache.thesaurus !== this.thes) this.cache = new Language(this.thes, vocabulary);
    return this.cache;
  }
}
