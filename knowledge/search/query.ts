// What a question asks for. The aspect steers ranking (prefer measures holding that kind of fact)
// and decides which fact the answer states first.

export type Aspect = "timeLimit" | "date" | "units" | "target" | "material" | "frequency" | "general";

const RULES: [Aspect, RegExp][] = [
  // "多久…一次" asks how often, not how long: test before timeLimit.
  ["frequency", /(多久|多长时间|多少天|几个月|隔多久|频次|频率|几次).{0,10}(一|1)(次|期|回|起|轮)|每(多久|隔多久)|多久(召开|开展|监督|检查|报告|通报|评价|分析)|(什么|多长|多久的?)(周期|频次|频率)(评价|开展|召开|检查|通报|报告|分析)?|每(年|月|季度|周|半年)(几|多少)次/],
  ["units", /谁(来)?(负责|牵头|管|办)|由谁|找谁|哪(个|些|一)?(个)?(部门|单位|局|机构|科室)|责任单位|牵头单位|配合单位|负责单位|主管部门|归谁/],
  ["material", /材料|资料|要件|证件|带什么|提交什么|准备什么|需要(哪些|什么)(东西|手续)|申请条件|什么条件|条件是/],
  ["date", /什么时候|何时|哪天|截止|几月|时间节点|完成时间|哪一年|年底前|月底前|建成时间|期限是哪/],
  ["timeLimit", /多久|几天|多长时间|多少天|几个工作日|多少个工作日|时限|周期|多长|多快|办结时间|几个小时|多少小时|压缩|几日|多少日|期限/],
  ["target", /多少|比例|比率|百分之|目标|[率度]是|[率度]要|达到|覆盖/],
];

export function detectAspects(question: string): Aspect[] {
  const out: Aspect[] = [];
  for (const [a, re] of RULES) if (re.test(question)) out.push(a);
  if (out.includes("frequency")) return out.filter((a) => a !== "timeLimit");
  return out.length ? out : ["general"];
}

/**
 * Everyday words enterprises use for what the policies call by an official name. Expansion
 * adds the official term; the user's own words still count.
 */
const SYNONYMS: [RegExp, string][] = [
  [/开(公司|店|厂)|注册(公司|企业)|办(营业)?执照|成立(公司|企业)|新办企业|新开办|新办的企业|开办的企业|设立企业/, "企业开办"],
  [/接水|通水|装水表|用水申请/, "用水报装"],
  [/接气|通气|燃气|天然气/, "用气报装"],
  [/接电|通电|用电申请/, "用电"],
  [/拿地|土地预审|用地预审/, "建设用地预审"],
  [/差评|不满意评价/, "差评"],
  [/热线/, "12345"],
  [/网上办|网办|线上办理|在网上/, "网上可办"],
  [/服务站|便民站/, "驿站"],
  [/吊车|塔吊|起重机/, "起重机械"],
  [/施工许可/, "施工许可证"],
  [/窗口人员|窗口工作人员|办事员/, "窗口工作人员"],
  // Everyday verbs and nouns for what the plans call 牵头, 试用期, 报告, 收费…
  [/挑头|带头|主抓|领头/, "牵头"],
  [/试岗|试工|见习期/, "试用期"],
  [/汇报|上报|报送/, "报告"],
  [/要钱|收钱|花钱|交钱|费用|多少钱/, "收费"],
  [/开会|碰头会/, "会议"],
  [/满意度|好评率/, "满意率"],
  [/办事大厅|政务大厅|服务大厅/, "政务服务大厅"],
  [/查企业|进企业检查|上门检查/, "涉企检查"],
  [/拖欠|欠款|欠账/, "拖欠"],
];

export function expandQuery(question: string): string {
  const extra: string[] = [];
  for (const [re, term] of SYNONYMS) if (re.test(question) && !question.includes(term)) extra.push(term);
  return extra.length ? `${question} ${extra.join(" ")}` : question;
}

/** Questions that are about the bot or try to steer it, never about policy. */
export const META_REQUEST =
  /(系统|初始)?提示词|system\s*prompt|忽略(之前|以上|上面|前面|所有)|ignore (all|previous)|你的(指令|设定|规则)|扮演|越狱|jailbreak/i;
