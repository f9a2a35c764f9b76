// Which unit answers a complaint: keyword rules, then the knowledge base's hint (the unit of the
// closest policy measure), then the category, then the default unit (营商办).
import type { RoutingConfig, DirectoryConfig } from "./config.ts";
import { foldWidth } from "../core/text.ts";

export interface Route {
  unit: string;
  reason: string;
}

/** Finds a directory unit named in a hint like "责任单位:经发局、建设局、行政审批局". */
export function unitFromHint(hint: string | undefined, directory: DirectoryConfig): string | null {
  if (!hint) return null;
  const units = Object.keys(directory.units).filter((u) => directory.units[u].length > 0);
  const exact = units.find((u) => u === hint.trim());
  if (exact) return exact;
  // The earliest-named unit in the hint leads (责任单位 come before 配合单位).
  let best: { unit: string; at: number } | null = null;
  for (const u of units) {
    const at = hint.indexOf(u);
    if (at >= 0 && (!best || at < best.at)) best = { unit: u, at };
  }
  return best?.unit ?? null;
}

export function routeComplaint(text: string, category: string, routing: RoutingConfig, directory: DirectoryConfig, unitHint?: string): Route {
  const t = foldWidth(text);
  for (const rule of routing.keywords) {
    const hit = rule.match.find((k) => t.includes(k));
    if (hit) return { unit: rule.unit, reason: `关键词「${hit}」` };
  }
  const hinted = unitFromHint(unitHint, directory);
  if (hinted) return { unit: hinted, reason: "相关政策措施的责任单位" };
  const byCategory = routing.categories[category];
  if (byCategory) return { unit: byCategory, reason: `分类「${category}」` };
  return { unit: routing.defaultUnit, reason: "默认单位" };
}
