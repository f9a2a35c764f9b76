// Small talk gets short, proper replies instead of a policy search: greetings, thanks, praise,
// "who are you / what can you do" (what the bot does, two example questions, how to complain), and
// asking for a person (the window, 12345, or the officer of the sender's open ticket).
import type { AppFeature, AppMiddleware } from "./deps.ts";
import { textReply } from "../core/message.ts";
import type { SmalltalkKind } from "../core/understanding.ts";
import { understandingOf } from "./understand.ts";

export const HELP_TEXT = [
  "政务帮可以帮您：",
  "1. 咨询政策：办事材料、办理时限、责任单位、收费、办理地点，每条答复都写明依据的文件和条款。例如：“刻公章收钱吗？”“村里的服务驿站哪年建成？”",
  "2. 投诉举报：直接描述遇到的问题（什么事、涉及的部门或窗口、大概时间），我会立即登记工单，告诉您工单号、负责的单位和各环节期限；可以不留姓名。",
  "3. 查询工单：问“我的投诉怎么样了”，或发送“查询 工单号”；补充情况：“补充 工单号 内容”；办结后可评价“满意 工单号”或“不满意 工单号”。",
  "知识库没有的内容，请咨询政务服务中心窗口或拨打12345政务服务便民热线。",
].join("\n");

export const HUMAN_TEXT =
  "政务帮是自动应答，没有人工坐席。需要人工办理的，可以去政务服务中心现场咨询，或拨打12345政务服务便民热线；如果您有还在办的投诉工单，负责办理的部门会按工单上的联系方式与您联系，您也可以问我“我的投诉怎么样了”，查看由谁在办。";

const REPLIES: Record<SmalltalkKind, string> = {
  greeting: `您好！${HELP_TEXT}`,
  thanks: "不客气！还有其他问题随时问我。",
  praise: "谢谢您的肯定！有其他政策问题或需要反映的情况，随时告诉我。",
  capability: HELP_TEXT,
  identity: `我是政务帮，一个依据本地营商环境政策自动答复的助手。${HELP_TEXT}`,
  human: HUMAN_TEXT,
  farewell: "再见！有需要随时找我。",
  ack: "好的。还有其他问题随时问我。",
};

export const smalltalk = (): AppMiddleware => async (ctx) => {
  const u = understandingOf(ctx);
  const kind = u.smalltalk ?? "ack";
  ctx.reply = textReply("other", REPLIES[kind], { outcome: "smalltalk", confidence: u.confidence });
};

export const smalltalkFeature: AppFeature = (app) => app.use(smalltalk());
