// Phone and ID-card numbers as complainants type them: masked wherever text leaves the ticket itself
// (logs, group confirmations, officer notices). The ticket keeps the original.

// Mobile numbers as people type them: 13812345678, +86 138 1234 5678, 0086-138-1234-5678.
const PHONE = /(?<!\d)(?:(?:\+|00)86[\s-]?)?(1[3-9]\d)[\s-]?\d{4}[\s-]?(\d{4})(?!\d)/g;
// 18-digit ID numbers, and the old 15-digit ones.
const ID_CARD = /(?<![0-9A-Za-z])(\d{6})(?:\d{8}(\d{3}[\dXx])|\d{6}(\d{3}))(?![0-9A-Za-z])/g;

export function scrub(s: string): string {
  // Full-width digits (１３８…) are digits too.
  const t = /[\uff10-\uff19\uff0b]/.test(s) ? s.normalize("NFKC") : s;
  return t.replace(ID_CARD, (_m, head, tail18, tail15) => `${head}********${tail18 ?? tail15}`).replace(PHONE, "$1****$2");
}
