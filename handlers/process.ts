// Questions about how this platform handles complaints — how long until an answer, whether one must
// give one's name, how to follow progress, whether one can take a complaint back — are answered from
// the bot's own configured rules (config/sla.json and the ticket features), said to be the platform's
// rules and cited as such, so every time limit stated has its source. When the policies themselves
// answer the question well (a district's own rule), that cited answer comes first.
import type { AppFeature, AppMiddleware } from "./deps.ts";
import type { Citation, Reply } from "../core/message.ts";
import type { SlaConfig } from "../tickets/config.ts";
import { understandingOf } from "./understand.ts";
import { answerQuestion } from "./question.ts";

const PLATFORM = "按政务帮平台的投诉办理规则";

function deadlineLines(sla: SlaConfig): string[] {
  return sla.deadlines.map((d) => {
    const span = d.workdays !== undefined ? `${d.workdays}个工作日内` : `${d.months}个月内`;
    const from = d.from === "resolved" ? "办结后" : d.from === "replied" ? "首次答复后" : "登记后";
    return `· ${d.label}：${from}${span}`;
  });
}

/** The platform's rules as a citation: what the reply's numbers rest on. */
function platformCitation(sla: SlaConfig): Citation {
  return {
    doc: "platform-rules",
    title: "政务帮投诉办理规则",
    section: "config/sla.json",
    text: sla.deadlines.map((d) => `${d.label}:${d.rule}`).join("；"),
  };
}

export function processText(topic: string, sla: SlaConfig): string {
  switch (topic) {
    case "time":
      return [
        `${PLATFORM}，投诉登记后各环节的期限是（按法定工作日计算，节假日顺延）：`,
        ...deadlineLines(sla),
        "登记时会告诉您工单号、每个环节的具体日期和依据；临近期限系统会提醒负责办理的单位。",
      ].join("\n");
    case "anonymity":
    case "retaliation":
      return [
        `${PLATFORM}：可以不留姓名。不留姓名时不保存您的联系方式，办理结果凭工单号查询。`,
        "实名反映的，答复会私下发给您本人；群里只显示登记确认，手机号、身份证号等信息会隐去，只有负责办理的单位能看到完整内容。",
        "对涉及官商勾结、为官不为等问题线索的实名举报，平台优先办理、100%核查，并及时向举报人反馈办理情况。",
        topic === "retaliation" ? "如果因此受到报复，请立即再次反映，或拨打12345政务服务便民热线。" : "",
      ].filter(Boolean).join("\n");
    case "progress":
      return `${PLATFORM}：直接问我“我的投诉怎么样了”，或发送“查询 工单号”，即可看到工单状态、负责的单位和下一个期限；单位答复后，答复内容会私下转给您。`;
    case "withdraw":
      return `${PLATFORM}：刚登记的投诉，直接回复“撤销”并确认即可撤回；也可以发送“撤销 工单号”。撤回后不再办理，工单记录保留。`;
    case "supplement":
      return `${PLATFORM}：登记后可以随时补充。刚登记后直接发送补充内容（如“补充一下，……”），或发送“补充 工单号 内容”，补充会记入工单并转给负责的单位。`;
    case "rating":
      return `${PLATFORM}：办结后可以评价，发送“满意 工单号”或“不满意 工单号”；不满意的，工单重新交回办理，答复和办结期限重新计算。`;
    case "evidence":
      return `${PLATFORM}：说清楚什么事、涉及的部门或窗口、大概时间和您希望怎样解决即可，不要求提供证据；有票据、照片或文件编号的，可以登记后用“补充 工单号 内容”追加。`;
    default:
      return `${PLATFORM}：直接在这里描述遇到的问题（什么事、涉及的部门或窗口、大概时间），我会立即登记工单，告诉您工单号、负责的单位和各环节期限；可以不留姓名。也可以拨打12345政务服务便民热线。`;
  }
}

export const processAnswer = (): AppMiddleware => async (ctx) => {
  const u = understandingOf(ctx);
  const topic = u.process ?? "channel";
  const sla = ctx.deps.tickets.sla();
  const rules = processText(topic, sla);
  const cite = platformCitation(sla);
  // A district's own rule about handling complaints is the policies' to answer, with a citation.
  const kb = await answerQuestion(ctx, { ...u, intent: "question" });
  if (kb.a.outcome === "answer" && kb.a.confidence >= 0.75) {
    ctx.reply = { ...kb.reply, text: `${kb.reply.text}\n\n另外，${rules}`, citations: [...kb.reply.citations, cite] };
    return;
  }
  // Not grounded in the policy documents: the platform's own rules, cited as such.
  const reply: Reply = { intent: "question", outcome: "answer", confidence: u.confidence, offered: [], text: rules, grounded: false, citations: [cite], ticket: null, pushes: [] };
  ctx.reply = reply;
};

export const processFeature: AppFeature = (app) => app.use(processAnswer());
