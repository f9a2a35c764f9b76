// What the language layer needs to know of a corpus, as a port: the knowledge index implements it
// (knowledge/search/vocabulary.ts), so the language layer never imports the knowledge base.

export interface Vocabulary {
  /** Whether the corpus uses this word, or these characters in this order. */
  known(term: string): boolean;
  /** How many measures use the word (0 when unknown); larger means more common. */
  frequency(term: string): number;
  /** Every word of the corpus (distinct), for building the homophone index once. */
  words(): Iterable<string>;
  /** Terms that share measures with `term` (mined from the corpus), strongest first. */
  related(term: string): string[];
}

/** No corpus: nothing is known, nothing is corrected. */
export const EMPTY_VOCABULARY: Vocabulary = {
  known: () => false,
  frequency: () => 0,
  words: () => [],
  related: () => [],
};
