// What people type to rate the answer they just got — "有用", "没用", "不对" and their everyday
// variants — as validated data: every phrase with examples that must be read as it, and
// counter-examples that must not (questions that merely begin like feedback: "有用电扶持措施吗").
// Self-contained (the kernel's width folding and zod only), so a language layer can take it over whole.
import { z } from "zod";
import { foldWidth } from "../core/text.ts";
import type { Rating } from "./types.ts";

const Entry = z.strictObject({
  rating: z.enum(["useful", "useless", "wrong"]),
  /** Whole messages, after folding: punctuation, spaces, politeness and sentence particles removed. */
  phrases: z.array(z.string().min(1).max(12)).min(1),
  examples: z.array(z.string().min(1)).min(3),
  counterExamples: z.array(z.string().min(1)).min(3),
});
export type FeedbackEntry = z.infer<typeof Entry>;

const TABLE: FeedbackEntry[] = [
  {
    rating: "useful",
    phrases: ["有用", "有帮助", "有幫助", "帮到了", "帮到我了", "解决了", "好评", "👍", "赞"],
    examples: ["有用", "有用！", "很有用，谢谢", "谢谢，挺有帮助。", "有幫助", "真的解决了，感谢", "👍"],
    counterExamples: ["有用电扶持措施吗", "有用水报装的办理时限吗", "有帮助企业融资的措施吗", "解决了吗", "有用吗"],
  },
  {
    rating: "useless",
    phrases: ["没用", "没有用", "沒用", "沒有用", "无用", "沒什么用", "没什么用", "没帮助", "没有帮助", "沒有幫助", "没帮上", "没解决", "没有解决", "不是我想要的", "不是我要的", "不是我想问的", "答非所问", "看不懂"],
    examples: ["没用", "没用。", "没什么用啊", "沒有用", "这个没有帮助", "不是我想问的", "答非所问！"],
    counterExamples: ["没用过这个系统怎么办理", "没有用电接入的材料清单吗", "没解决的投诉多久回复", "无用地审批需要多久", "看不懂的材料找谁问"],
  },
  {
    rating: "wrong",
    phrases: ["不对", "不對", "不正确", "不準確", "不准确", "错了", "錯了", "答错了", "说错了", "有误", "有错误", "信息有误", "不是这样", "不是这样的"],
    examples: ["不对", "不对！", "你说的不对", "这个答案不正确", "錯了", "信息有误。", "不是这样的吧"],
    counterExamples: ["不对外开放的窗口怎么预约", "错过了申报时间怎么办", "不对称的收费标准找谁", "有误差的测量结果找谁复核", "不是这样办理的吗"],
  },
];

export const FEEDBACK_TABLE: readonly FeedbackEntry[] = z.array(Entry).parse(TABLE);

// Said around the rating without changing it: thanks, "this", "you said", sentence particles.
// Intensifiers (很/挺/真/非常/特别) change how much, not what: "挺有用" is "有用".
const PREFIX = /^(?:谢谢|多谢|感谢|嗯+|哦+|噢|好的|唉|哎|额|呃|这个|这条|这个回答|这个答案|这个回复|回答|答案|你说的|你这|你们|感觉|我觉得|好像|其实|还是|真的|确实|完全|很|挺|真|非常|特别|太)+/;
const SUFFIX = /(?:谢谢|多谢|感谢|了|的|啊|呀|哈|呢|吧|啦|哦|嘛|哇|喔|阿)+$/;
const NOISE = /[\s\p{P}~～^]+/gu;

/** The message as it is compared with the phrases. */
export function foldFeedback(text: string): string {
  let t = foldWidth(text).toLowerCase().replace(NOISE, "");
  for (let i = 0; i < 3; i++) t = t.replace(PREFIX, "").replace(SUFFIX, "");
  return t;
}

const BY_PHRASE = new Map<string, Rating>();
for (const e of FEEDBACK_TABLE) for (const p of e.phrases) BY_PHRASE.set(foldFeedback(p) || p, e.rating);

/** The rating a whole message gives, or null when it is anything else (a question, a complaint). */
export function matchFeedback(text: string): Rating | null {
  if (text.length > 30) return null;
  const folded = foldFeedback(text);
  if (!folded) return null;
  return BY_PHRASE.get(folded) ?? null;
}
