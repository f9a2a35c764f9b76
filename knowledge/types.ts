// The knowledge base's data: documents split into measures (items), each with facts extracted as data.

export interface DocumentMeta {
  id: string; // file stem, e.g. "xuwei-2021-zuofeng-jianshe"
  title: string;
  issuer?: string | null;
  docNumber?: string | null;
  date?: string | null; // "2021-06-07" or "2024"
  region?: string | null;
  file: string;
}

export type LimitVerb = "办结" | "不超过" | "内完成" | "压缩" | "以内" | "其他";

export interface TimeLimitFact {
  /** Numeric value; for 压缩三分之一 the fraction (1/3). */
  value: number;
  unit: "工作日" | "日" | "天" | "小时" | "个月" | "年" | "分钟" | "fraction";
  working: boolean; // 工作日 vs calendar
  verb: LimitVerb;
  /** The phrase as written, e.g. "3个工作日", "1日办结", "压缩三分之一". */
  text: string;
  /** What the limit applies to, the clause before it (e.g. the clause "…报装时间不超过3个工作日" stands after what it limits). */
  subject: string;
  /** Which limit a table column states: 法定时限 or 承诺时限 (absent in prose). */
  kind?: "statutory" | "promised";
  unsure?: boolean;
}

export interface DeadlineFact {
  text: string; // "10月底前", "2025年底前", "6月中旬前", "每月23日之前", "持续推进"
  year?: number; // from the text or the document's year
  month?: number;
  /** Which part of the month: "end" (底), "mid" (中旬), "early" (上旬), day number when stated. */
  day?: number | "end" | "mid" | "early";
  /** ISO date of the deadline when it can be fixed (end of month for 月底前, 20th for 中旬, 10th for 上旬). */
  date?: string;
  /** "持续推进", "长期坚持" in a deadline's place: a duty without an end date. */
  ongoing?: boolean;
  subject: string;
  /** Extraction unsure (no fixable date, or read from free prose): marked in `kb show`. */
  unsure?: boolean;
}

export interface RecurringFact {
  text: string; // "每季度", "每半年", "每两周", "每月23日之前"
  every: "day" | "week" | "2weeks" | "month" | "quarter" | "halfyear" | "year";
  day?: number; // e.g. 23 for 每月23日之前
  /** "每季度或半年": the other admissible cadence of the same duty. */
  or?: RecurringFact["every"];
  subject: string;
}

export interface UnitsFact {
  lead: string[]; // 责任单位 / 牵头单位
  cooperating: string[]; // 配合单位 / 协同落实
  /** Where the names were read: a label ("牵头单位:"), a closing parenthesis, a table column, prose
   * ("由X会同Y"), or the enclosing section. Prose is the least sure. */
  source?: "label" | "paren" | "table" | "prose" | "section";
}

export interface TargetFact {
  text: string; // "95%以上", "100%"
  value: number; // 95
  subject: string; // "网上可办率"
}

export interface RequirementFact {
  kind: "material" | "condition";
  text: string; // "营业执照", "资料齐全", "符合论证条件"
  unsure?: boolean;
}

export interface Facts {
  timeLimits: TimeLimitFact[];
  deadlines: DeadlineFact[];
  recurring: RecurringFact[];
  units: UnitsFact;
  targets: TargetFact[];
  requirements: RequirementFact[];
}

export interface Measure {
  /** Unique in the KB: `${docId}#${label path}`. */
  id: string;
  docId: string;
  docTitle: string;
  /** Heading path, e.g. ["四、重点任务", "(一)在干部作风方面", "量化指标", "4"]. */
  path: string[];
  /** The item's own label as printed, e.g. "13", "(一)", "4". */
  label: string;
  /** The item's heading/lead phrase, e.g. "推进市政公用服务便利化" (optional, for display). */
  title?: string;
  /** The item text (normalized: full-width punctuation unified, chrome removed). */
  text: string;
  /** The text as published when the document is in Traditional characters (text is Simplified). */
  original?: string;
  /** A table row: the table's caption and header, and this row's cells (text reads "事项：…；承诺时限：…"). */
  row?: { table: string; header: string[]; cells: string[] };
  facts: Facts;
}

/** A table found in a document, as read: caption, header cells, how many rows became measures. */
export interface TableInfo {
  caption: string;
  header: string[];
  rows: number;
  /** The meaning each header cell was read as ("item", "promisedLimit", "lead", …; "" unknown). */
  columns: string[];
}

export interface ParsedDocument {
  meta: DocumentMeta;
  measures: Measure[];
  warnings: string[];
  tables?: TableInfo[];
  /** The document was in Traditional characters and was read in Simplified. */
  traditional?: boolean;
}

/** A retrieved measure with its fused score. */
export interface Hit {
  measure: Measure;
  score: number;
}
