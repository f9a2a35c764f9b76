// 办事指南: the 9 common elements a government service guide states. Each element is either a
// value the policies state (with the quote it rests on) or null: "not stated by the policies",
// which the answer turns into "请向窗口咨询" instead of inventing one.

import { z } from "zod";

export const SourceSchema = z.object({
  doc: z.string().min(1),
  /** Measure label or path element, e.g. "8" or "四、重点任务>(三)…". */
  label: z.string().min(1),
  /** Copied verbatim from the normalized document text. */
  quote: z.string().min(2),
});

export const StatedSchema = z.object({
  value: z.string().min(1),
  source: SourceSchema,
});

const element = StatedSchema.nullable();

export const GUIDE_ELEMENTS = [
  "name",
  "implementingBody",
  "conditions",
  "materials",
  "procedure",
  "statutoryLimit",
  "promisedLimit",
  "fees",
  "placeAndPhone",
] as const;

export const GuideSchema = z
  .object({
    id: z.string().regex(/^[a-z0-9-]+$/, "id: lowercase letters, digits and '-'"),
    /** The service as users name it, plus other names they use. */
    service: z.string().min(1),
    aliases: z.array(z.string().min(1)).default([]),
    region: z.string().nullable().default(null),
    name: element,
    implementingBody: element,
    conditions: element,
    materials: element,
    procedure: element,
    statutoryLimit: element,
    promisedLimit: element,
    fees: element,
    placeAndPhone: element,
  })
  .strict();

export type Source = z.infer<typeof SourceSchema>;
export type Stated = z.infer<typeof StatedSchema>;
export type Guide = z.infer<typeof GuideSchema>;
export type GuideElement = (typeof GUIDE_ELEMENTS)[number];

/** Display names of the elements, for answers. */
export const ELEMENT_NAMES: Record<GuideElement, string> = {
  name: "事项名称",
  implementingBody: "实施机关",
  conditions: "办理条件",
  materials: "申请材料",
  procedure: "办理流程",
  statutoryLimit: "法定时限",
  promisedLimit: "承诺时限",
  fees: "收费标准",
  placeAndPhone: "办理地点和电话",
};
