// Greetings, thanks and help: answered briefly instead of being searched in the policies.
import type { AppFeature, AppMiddleware } from "./deps.ts";
import { textReply } from "../core/message.ts";

const GREETING = /^(你好|您好|hi|hello|在吗|在不在|早上好|上午好|下午好|晚上好|哈喽)[\s!！。,，~～?？]*$/i;
const THANKS = /^(谢谢|多谢|感谢|好的|好|收到|明白了?|知道了|ok|嗯+|辛苦了?)([你您]|啦|了|哈)?[\s!！。,，~～]*$/i;
const HELP = /^(帮助|help|\/help|菜单|功能|你能做什么|你会什么|怎么用|使用说明)[\s?？!！。]*$/i;

export const HELP_TEXT = [
  "政务帮可以帮您：",
  "1. 咨询政策：办事材料、办理时限、责任单位、目标要求，例如“企业开办多长时间能办结？”",
  "2. 投诉举报：直接描述问题（如“投诉窗口推诿”），立即生成工单并告知办理时限；可匿名。",
  "3. 查询工单：发送“查询 单号”；补充材料：“补充 单号 内容”；评价：“满意 单号”或“不满意 单号”。",
  "答复均注明政策出处；知识库没有的内容，请咨询窗口或拨打12345热线。",
].join("\n");

export const smalltalk = (): AppMiddleware => async (ctx, next) => {
  const t = ctx.msg.text.trim();
  const small = { outcome: "smalltalk" } as const;
  if (HELP.test(t)) ctx.reply = textReply("other", HELP_TEXT, small);
  else if (GREETING.test(t)) ctx.reply = textReply("other", `您好！${HELP_TEXT}`, small);
  else if (THANKS.test(t)) ctx.reply = textReply("other", "不客气！还有其他问题随时问我。", small);
  else return next();
};

/** Greetings, thanks and help get short replies instead of a policy search. */
export const smalltalkFeature: AppFeature = (app) => app.use(smalltalk());
