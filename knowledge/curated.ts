// The hook for curated additions to the knowledge base (files under ZWB_KB_DIR/faq/, written by
// administrators from the unanswered questions): wording indexed with a measure (a known phrasing,
// a thesaurus term) and curated answers. The loader comes from outside (insights/, via the
// composition root), so this domain knows only the shape; the set is part of the version, built
// and swapped with it, and a broken file rejects the reload like any broken document.
import type { Measure } from "./types.ts";
import type { LoadError } from "./load-error.ts";

export interface CuratedAnswer {
  id: string;
  file: string;
  /** The questions it answers, as people asked them. */
  questions: string[];
  answer: string;
  /** The measure it cites; null for a platform statement (平台说明). */
  measureId: string | null;
}

export interface CuratedSet {
  /** Extra text indexed with a measure, by measure id. */
  phrasings: ReadonlyMap<string, string>;
  answers: CuratedAnswer[];
  /** Every question wording the curators dealt with (linked, answered, or the reason for a thesaurus entry). */
  questions: string[];
  /** Changes whenever a curated file does; part of the knowledge-base version. */
  fingerprint: string;
  files: number;
  errors: LoadError[];
  warnings: string[];
}

export type CuratedLoader = (dir: string, measures: readonly Measure[]) => Promise<CuratedSet>;

export const NO_CURATED: CuratedSet = { phrasings: new Map(), answers: [], questions: [], fingerprint: "", files: 0, errors: [], warnings: [] };
