// Tells a complaint or report (which becomes a ticket at once) from a question ABOUT complaining,
// from an ordinary policy question, and from thanks and greetings. Rules, not a model: every
// decision carries the reasons that made it, so an admin can see why a message became a ticket.
import { foldWidth } from "../core/text.ts";

export type Priority = "normal" | "high";

export interface Detection {
  isComplaint: boolean;
  category: string;
  realName?: boolean;
  anonymous?: boolean;
  priority: Priority;
  reasons: string[];
}

export const CATEGORIES = [
  "乱收费乱罚款/吃拿卡要",
  "政商交往/干部作风",
  "执法检查",
  "政府诚信/承诺未兑现",
  "市政公用报装",
  "窗口服务/审批时限",
  "其他",
] as const;
export type Category = (typeof CATEGORIES)[number];

// Earlier rules win: a 用气报装 complaint that mentions 推诿 is about 报装, not about a window.
const CATEGORY_RULES: { category: Category; re: RegExp }[] = [
  { category: "乱收费乱罚款/吃拿卡要", re: /乱收费|乱罚款|乱摊派|乱检查|吃拿卡要|索要|好处费|回扣|红包|礼金|请吃|收受|变相收费|违规收费|多收费|收费不合理/ },
  { category: "政商交往/干部作风", re: /官商勾结|为官不为|权力寻租|暗箱操作|利益输送|庸懒散|不作为|乱作为|受贿|行贿|贪污|腐败|内定|量身定做/ },
  { category: "执法检查", re: /执法|检查|罚款|查封|扣押|处罚|检查组|停产整顿/ },
  { category: "政府诚信/承诺未兑现", re: /承诺|兑现|招商引资|政府诚信|新官不理旧账|拖欠|欠款|补贴(?:没|未|迟迟)|奖励(?:没|未|迟迟)|失信/ },
  { category: "市政公用报装", re: /报装|用水|用电|用气|供水|供电|供气|燃气|接电|接水|通水|通电|通气|供热|热力|排水|管网/ },
  { category: "窗口服务/审批时限", re: /窗口|大厅|态度|审批|办事|来回跑|跑了|推诿|踢皮球|一次性告知|首问|拖延|超时|没办下来|不予受理|办理|材料|证照|营业执照/ },
];

// Words that describe a grievance someone suffered; each names why it counts.
const GRIEVANCE: { re: RegExp; why: string }[] = [
  { re: /推诿|推脱|踢皮球|扯皮/, why: "推诿" },
  { re: /刁难|为难/, why: "刁难" },
  { re: /吃拿卡要/, why: "吃拿卡要" },
  { re: /乱收费|乱摊派|违规收费|多收费/, why: "乱收费" },
  { re: /乱罚款|乱检查|乱罚/, why: "乱罚款" },
  { re: /索要|好处费|回扣|要红包|收红包|礼金/, why: "索要财物" },
  { re: /态度(?:很|特别|非常|极其|太)?(?:差|恶劣|生硬|蛮横|不好)|爱答不理|不耐烦|甩脸色/, why: "态度差" },
  { re: /来回跑|反复跑|跑了[一二三四五六七八九十几两\d]+[趟次回]|到处跑|多次跑|白跑|空跑|跑空|明天再来|改天再来/, why: "来回跑" },
  { re: /没(?:有)?办下来|迟迟(?:不|没|未)|一直(?:不|没|未)|拖着不|久拖不决|不给办|不予办理|拖了|卡着不|还没(?:有)?(?:接通|办好|办完|批下来|下来|通过|解决|回复|给)|耽误(?:事|生产|工期|开业|经营)|[一两三几]个多月了|好几个月了/, why: "拖延不办" },
  { re: /官商勾结|为官不为|权力寻租|暗箱操作|不作为|乱作为|受贿|贪污|腐败/, why: "干部作风问题" },
  { re: /多头检查|重复检查|检查.{0,8}(?:[二三四五六七八九十几两]|\d{1,3})[次拨回]|(?:[二三四五六七八九十几两]|\d{1,3})[拨次回](?:检查|上门)|轮流上门|影响(?:正常)?(?:生产|经营)|没法(?:正常)?(?:生产|经营|营业)|停产/, why: "执法检查扰企" },
  { re: /(?:承诺|答应)的?.{0,30}(?:没|未|不)(?:有)?兑现|(?:承诺|答应).{0,40}(?:没有?(?:任何|一点)?动静|动静都没有|没(?:有)?下文|一直没|至今没|还没|在研究)|新官不理旧账/, why: "承诺未兑现" },
  { re: /以罚代管|罚款不开票|不开(?:发)?票|指定中介|变相指定|必须找他们|不然就别想|进了谁的口袋/, why: "违规执法/指定中介" },
  { re: /请(?:你们|政府|领导|有关部门)?(?:管管|管一管|处理一下|给个说法|查一下|查查|核实一下|调查一下)|讨个说法|太欺负人|求助无门/, why: "请求处理" },
];

const EXPLICIT = /(?:^|[,，。!！?？;；\s])(?:我|我们|本人|本公司|我司|现|特此)?(?:要|想|来|必须)?(?:实名|匿名)?(?:投诉|举报|反映(?:这个|一个|一下)?(?:问题|情况))|(?:我|我们|必须|要|想|帮我们)反映(?:一下|到)?|(?:投诉|举报)一下|^(?:实名|匿名)?反映(?:一下)?[:：]|^(?:投诉|举报|反映)[::]|^(?:实名|匿名)?(?:投诉|举报)/;
export const ABOUT_COMPLAINING =
  /(?:怎么|如何|怎样|在哪|哪里|哪儿|哪个|什么|多久|多长时间|几天|能否|可以|是否|有没有|渠道|电话|热线|专线|途径|方式|流程|依托).{0,10}(?:投诉|举报)|(?:投诉|举报).{0,12}(?:怎么|如何|怎样|多久|多长时间|几天|哪个|哪里|电话|热线|专线|渠道|流程|方式|途径|依托|有答复|答复吗|受理吗|处理吗|管用吗|有用吗|会不会|能不能|可不可以|泄露|保密|报复|比例|要求是|区别|不同|一样吗)|(?:投诉|举报)的话/;
const QUESTION = /[?？]|吗(?:[,。!]|$)|怎么|如何|怎样|是否|能否|可否|会不会|能不能|是不是|有没有|如果|还是|哪[些个天年里儿一]|几[号月天个次件项]|多久|多少|多长时间|什么|啥|咋|请问/;
// Asking for information ("想了解一下乱收费怎么认定") rather than asking for something to be done.
const INFO_SEEKING = /了解一下|想了解|想问|问一下|咨询一下|怎么认定|如何认定|认定标准|什么是|是什么(?:意思|规定|标准|要求|条件)|(?:机制|制度|办法|流程|程序)是什么|是什么[?？]?$|指的是|有哪些规定|怎么规定|依据是什么|以哪天|为节点/;
// Real questions, as opposed to rhetorical ones ("这不是变相指定中介吗").
const INFO_QUESTION = /怎么|如何|怎样|是否|能否|是不是|还是|哪[些个天年里儿一]|几[号月天个次件项]|多久|多少|多长时间|什么时候|啥时候|比例|要求是|请问/;
// Signs that the writer is telling what happened to them, not asking about a topic.
const EXPERIENCE = /我|我们|我司|本公司|本企业|咱们|被|让我|向我|给我|至今|迟迟|已经|一直|到现在|好几次|[一两三几]年多了|连续|(?:[二三四五六七八九十两]|好几|\d{1,3})(?:趟|次|拨)|[一二三四五六七八九十几两\d]+(?:个多?月|天了|周了)/;
// What happened, beyond a pronoun: "我想了解乱收费" is a question, "被乱收费三次" is not.
const STRONG_EXPERIENCE = /被|让我|向我|给我|至今|迟迟|已经|一直|到现在|好几次|连续|(?:[二三四五六七八九十两]|好几|\d{1,3})(?:趟|次|拨)|[一二三四五六七八九十几两\d]+(?:个多?月|天了|周了|年多了)/;
// Independent signs of a grievance, for messages that use none of the listed grievance words.
const SIGNS: { re: RegExp; why: string }[] = [
  { re: new RegExp(`${STRONG_EXPERIENCE.source}|我们?(?:在|去|到).{1,24}(?:办|交|申请|排队|找)|结果(?:他们|窗口|对方)?`), why: "讲述经历" },
  { re: /不像话|太过分|岂有此理|欺负|离谱|强买强卖|霸王|不开(?:收据|发票|票)|不给(?:开)?(?:票|发票|收据)|没人管|不管不问|不作为|刷手机|玩手机|睡觉|擅离职守|贵一倍|吃回扣|捞好处|骂[我人]|辱骂|威胁|恐吓|打击报复|什么服务态度|没有(?:任何)?(?:文件|政策|法律)?依据|(?:文件|依据)[^,，。]{0,8}找不到|问依据也不说|拖欠|一分(?:钱)?(?:都|也)?没(?:给|兑现|到)|发不出|内定|量身定做|暗箱|说好的[^,，。]{0,12}(?:呢|没|不)|还说要等|又说|三天两头|暂停服务/, why: "负面评价" },
  { re: /请(?:你们|政府|领导|有关部门|相关部门)?.{0,4}(?:严肃)?(?:处理|查处|查一查|查查|查一下|调查|管管|管一管|解决|核实|纠正|整改|追责)|给个说法|要个说法|严查|必须追责|帮(?:我们|忙)?反映/, why: "要求处理" },
];
// "我要投诉", "举报一下": someone lodging a complaint now, whatever else the message asks.
const FIRST_PERSON_INTENT = /(?:我|我们|本人|我司)(?:要|想|必须|现在)?(?:实名|匿名)?(?:投诉|举报|反映)|(?:投诉|举报|反映)一下/;
// Offices and their staff, as complainants name them.
const ACTOR = /窗口|大厅|部门|单位|局|所里|所的|站的|队的|执法队|管委会|街道|政府|工作人员|办事员|干部|领导|他们|对方|城管|交警|税务|环保|安监|消防|供电|供水|燃气公司|银行/;
const GRATITUDE = /(?:解决了|办好了|处理好了|办下来了|办完了).{0,24}(?:谢谢|感谢|点赞|表扬|(?<!不)满意|很好|不错)|(?:谢谢|感谢|表扬|点赞).{0,20}(?:及时|热情|耐心|帮忙|帮助|解决)|(?:挺|很|非常|特别)(?<!不)满意/;
// Someone speaking for themselves; a question without it asks about policy, not a grievance.
const FIRST_PERSON = /我|我们|我司|本公司|本企业|本人|咱|俺/;
const SMALL_TALK = /^(?:谢谢|感谢|多谢|谢了|辛苦了|好的|收到|明白了|你好|您好|早上好|上午好|下午好|晚上好|在吗|hello|hi)[\s!,。~]*(?:谢谢|您|你|啦|了)?[\s!,。~]*$/i;
const REAL_NAME = /实名|我(?:叫|是)[\u4e00-\u9fa5]{2,4}[,。\s]|本人[\u4e00-\u9fa5]{2,4}[,。\s]|联系(?:电话|方式)|手机号?[::]?\s*\d/;
const ANONYMOUS = /匿名|不愿透露|不留(?:名|姓名)|保密身份/;
const HIGH_PRIORITY = /官商勾结|为官不为/;

export function categorize(text: string): Category {
  const t = foldWidth(text);
  for (const r of CATEGORY_RULES) if (r.re.test(t)) return r.category;
  return "其他";
}

export function detectComplaint(input: string): Detection {
  const text = foldWidth(input);
  const reasons: string[] = [];
  const anonymous = ANONYMOUS.test(text);
  const realName = !anonymous && REAL_NAME.test(text);
  const category = categorize(text);
  const no = (why: string): Detection => ({ isComplaint: false, category, priority: "normal", reasons: [...reasons, why] });

  if (!text || SMALL_TALK.test(text)) return no("寒暄/致谢");
  // "之前反映的问题已经解决了,来说声谢谢": thanks for a result, not a new grievance.
  if (GRATITUDE.test(text) && !FIRST_PERSON_INTENT.test(text)) return no("致谢/反馈已解决");
  const grievances = GRIEVANCE.filter((g) => g.re.test(text)).map((g) => g.why);
  const explicit = EXPLICIT.test(text);
  const aboutComplaining = ABOUT_COMPLAINING.test(text);
  const question = QUESTION.test(text);
  const experience = EXPERIENCE.test(text);

  for (const g of grievances) reasons.push(`诉求内容: ${g}`);

  // A question about the rules of complaining, or one that merely starts with 投诉/反映 ("投诉同比下降
  // 40%还是30%", "想反映一下…是不是3个工作日"), tells nothing that happened to anyone: no ticket.
  const told = STRONG_EXPERIENCE.test(text) || SIGNS.some((x) => x.re.test(text));
  const asksRule = question || /比例|要求|标准|机制|规定|流程|渠道|方式|途径/.test(text);
  if (aboutComplaining && asksRule && !told && !FIRST_PERSON.test(text) && !/[:：]/.test(text.slice(0, 8))) return no("询问投诉规则");
  if (question && INFO_QUESTION.test(text) && !told && !grievances.length && !/[:：]/.test(text.slice(0, 8))) return no("政策问题中提到投诉相关词语");

  let isComplaint: boolean;
  // "实名举报官商勾结的线索,核查比例要求是多少?" asks about the rule; nobody is reporting anything.
  const asking = INFO_SEEKING.test(text) || (question && INFO_QUESTION.test(text));
  if (INFO_SEEKING.test(text) && !STRONG_EXPERIENCE.test(text)) return no("咨询政策规定");
  const signsNow = SIGNS.filter((x) => x.re.test(text)).length;
  // A question form can be rhetorical ("罚款项目在哪个文件里都找不到…这就是乱罚款"): a grievance told
  // together with another sign of one outweighs it.
  const toldGrievance = grievances.length > 0 && (EXPERIENCE.test(text) || signsNow > 0);
  if (asking && !FIRST_PERSON_INTENT.test(text) && !/[:：]/.test(text.slice(0, 8)) && !toldGrievance && signsNow < 2 && (!FIRST_PERSON.test(text) || INFO_SEEKING.test(text)))
    return no("政策问题中提到投诉相关词语");
  if (explicit && grievances.length > 0) isComplaint = true;
  else if (aboutComplaining && question) return no("询问投诉渠道或流程");
  else if (explicit) {
    // "我要投诉" with something to say beyond the keyword itself.
    const rest = text.replace(/我们?|本人|要|想|实名|投诉|举报|反映|问题|情况|[,。!?::\s]/g, "");
    isComplaint = rest.length >= 4;
    if (!isComplaint) return no("只有投诉意向,未说明事由");
  } else if (grievances.length > 0) {
    // "乱收费怎么处罚?" asks about a topic; "报装一个多月没办下来" tells what happened.
    isComplaint = !question || experience;
    if (!isComplaint) return no("政策问题中提到相关词语");
  } else {
    // No listed grievance: a message still reads as a complaint when independent signs add up —
    // an experience told, a negative judgement, a request that someone act — and it asks nothing.
    const signs = SIGNS.filter((x) => x.re.test(text)).map((x) => x.why);
    // A plain statement about what an office or its staff did is itself a sign: questions ask,
    // complaints tell.
    if (!question && text.length >= 15 && ACTOR.test(text)) signs.push("陈述对方做法");
    if (signs.length >= 2 && !(question && INFO_QUESTION.test(text) && !/请.{0,6}(处理|查|管|解决)/.test(text))) {
      reasons.push(...signs.map((w) => `诉求迹象: ${w}`));
      isComplaint = true;
    } else return no(question ? "一般咨询" : "未发现投诉内容");
  }

  if (explicit) reasons.unshift("明确表示投诉/举报");
  const high = realName && HIGH_PRIORITY.test(text);
  if (high) reasons.push("实名举报官商勾结/为官不为:优先办理、100%核查");
  const d: Detection = { isComplaint, category, priority: high ? "high" : "normal", reasons };
  if (realName) d.realName = true;
  if (anonymous) d.anonymous = true;
  return d;
}
