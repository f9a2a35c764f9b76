import { unsupportedFacts, extractFacts } from "/work/main/knowledge/answer/check.ts";
const p = [{ title: "关于进一步推进机关作风建设的实施方案", section: "13", text: "无外线工程的,用水用气办理报装时间不超过5个工作日;2021年10月底前完成。比例不低于80%。" , doc:"x"} as any];
for (const a of ["3-5个工作日", "3至5个工作日", "三到五个工作日", "3～5个工作日", "3或5个工作日", "3、5个工作日", "3到5天", "最快3天最长5个工作日", "3~5个工作日", "60%-80%", "60%～80%", "3 5个工作日", "10月底前", "9月底前", "2021年10月底", "2022年10月底", "15个工作日", "3个工作日", "5个工作日", "十五个工作日","当天办结","即办","2小时","五个半工作日"])
  console.log(a, "=>", JSON.stringify(unsupportedFacts(a, p)));
