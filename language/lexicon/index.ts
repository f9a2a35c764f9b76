// The shipped phrase tables, validated once when the language layer is first imported. A broken
// table stops the bot at start-up with the table, the field path and a Chinese message.
import question from "../tables/question.json" with { type: "json" };
import asked from "../tables/asked.json" with { type: "json" };
import grievance from "../tables/grievance.json" with { type: "json" };
import smalltalk from "../tables/smalltalk.json" with { type: "json" };
import processTable from "../tables/process.json" with { type: "json" };
import meta from "../tables/meta.json" with { type: "json" };
import categories from "../tables/categories.json" with { type: "json" };
import stopwords from "../tables/stopwords.json" with { type: "json" };
import conversation from "../tables/conversation.json" with { type: "json" };
import { loadTable, type Table } from "./schema.ts";

export const TABLE_SOURCES: Record<string, unknown> = {
  "question.json": question,
  "asked.json": asked,
  "grievance.json": grievance,
  "smalltalk.json": smalltalk,
  "process.json": processTable,
  "meta.json": meta,
  "categories.json": categories,
  "stopwords.json": stopwords,
  "conversation.json": conversation,
};

export interface Lexicon {
  question: Table;
  asked: Table;
  grievance: Table;
  smalltalk: Table;
  process: Table;
  meta: Table;
  categories: Table;
  stopwords: Table;
  conversation: Table;
}

function load(): Lexicon {
  const t = (file: string) => loadTable(TABLE_SOURCES[file], `language/tables/${file}`);
  return {
    question: t("question.json"),
    asked: t("asked.json"),
    grievance: t("grievance.json"),
    smalltalk: t("smalltalk.json"),
    process: t("process.json"),
    meta: t("meta.json"),
    categories: t("categories.json"),
    stopwords: t("stopwords.json"),
    conversation: t("conversation.json"),
  };
}

export const LEXICON: Lexicon = load();

export { loadTable, LexiconError, type Entry, type Table } from "./schema.ts";
