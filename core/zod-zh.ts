// Chinese validation messages, one map for everything administrators read: the environment
// ("ZWB_HTTP_PORT：应为数字"), rule forms and curated entries ("逾期升级天数：至少为 1"). Short, without
// the field name (the caller puts the variable or the field's label in front). Passed per parse, so
// other schemas keep zod's defaults; anything not listed here falls back to zod's zh-CN locale.
import { z } from "zod";

const zhCN = z.locales.zhCN().localeError;

const TYPE_ZH: Record<string, string> = { number: "数字", int: "整数", string: "文字", boolean: "是/否", array: "列表", object: "对象" };

export const zhErrorMap: z.core.$ZodErrorMap = (iss) => {
  switch (iss.code) {
    case "invalid_type":
      if (iss.input === undefined) return "必须填写";
      return `应为${TYPE_ZH[iss.expected] ?? iss.expected}`;
    case "too_small":
      if (iss.origin === "number") return iss.inclusive ? `至少为 ${iss.minimum}` : `应大于 ${iss.minimum}`;
      if (iss.origin === "string") return Number(iss.minimum) <= 1 ? "不能为空" : `至少 ${iss.minimum} 个字`;
      if (iss.origin === "array") return Number(iss.minimum) <= 1 ? "至少填写一项" : `至少填写 ${iss.minimum} 项`;
      break;
    case "too_big":
      if (iss.origin === "number") return iss.inclusive ? `至多为 ${iss.maximum}` : `应小于 ${iss.maximum}`;
      if (iss.origin === "string") return `至多 ${iss.maximum} 个字`;
      if (iss.origin === "array") return `至多 ${iss.maximum} 项`;
      break;
    case "invalid_value":
      return `应为以下之一：${iss.values.map(String).join("、")}`;
    case "invalid_format":
      if (iss.format === "regex") return "格式不正确";
      if (iss.format === "url") return "应为合法的 URL";
      break;
    case "unrecognized_keys":
      return `不认识的字段：${iss.keys.join("、")}`;
    case "not_multiple_of":
      return `应为 ${iss.divisor} 的倍数`;
  }
  const fallback = zhCN(iss);
  return (typeof fallback === "string" ? fallback : fallback?.message) ?? "格式不正确";
};
