// The language layer's public face: one reading of a message (understand), the phrase tables as
// validated data, the thesaurus, the normalization every query goes through.
export { understand } from "./understand.ts";
export { Language, LanguageRuntime, NO_CORPUS, shippedThes, type CorpusVocabulary } from "./language.ts";
export { readMessage, toSimplified } from "./normalize.ts";
export { detectAspects, textAnswers, isListQuestion, asksParts, isYesNo, asksGuide, stripAsked } from "./aspects.ts";
export { readGrievance, categoryOf, COMPLAINT_AT, AMBIGUOUS_AT, type Grievance } from "./grievance.ts";
export { readSmalltalk } from "./smalltalk.ts";
export { Thesaurus, loadThesaurus, parseThesaurus, ThesaurusError, type Expansion } from "./thesaurus.ts";
export { LEXICON, type Lexicon } from "./lexicon/index.ts";
export type { Vocabulary } from "./vocabulary.ts";
