// Beijing time (Asia/Shanghai, UTC+8, no DST since 1991) on any server, whatever its time zone:
// deadlines, working days and what people read are all counted on Beijing calendar days.

export const BEIJING_OFFSET_MS = 8 * 3600_000;

const shifted = (t: Date | string | number): string => new Date(new Date(t).getTime() + BEIJING_OFFSET_MS).toISOString();

/** "YYYY-MM-DD" of the instant in Beijing. */
export function shanghaiDay(d: Date): string {
  return shifted(d).slice(0, 10);
}

/** "HH:MM" of the instant in Beijing. */
export function beijingHhmm(t: Date): string {
  return shifted(t).slice(11, 16);
}

/** "YYYY-MM-DD HH:MM" in Beijing, as the CLI and exports show times to people. */
export function beijingMinute(t: Date | string | number): string {
  return shifted(t).slice(0, 16).replace("T", " ");
}

/** Instant of HH:MM Beijing time on a "YYYY-MM-DD" day. */
export function atBeijing(day: string, hhmm: string): Date {
  return new Date(`${day}T${hhmm}:00+08:00`);
}

/** 00:00 Beijing time of a "YYYY-MM-DD" day. */
export function startOfShanghaiDay(day: string): Date {
  return atBeijing(day, "00:00");
}

/** 23:59:59.999 Beijing time of a "YYYY-MM-DD" day: a deadline "within N days" ends there. */
export function endOfShanghaiDay(day: string): Date {
  return new Date(startOfShanghaiDay(day).getTime() + 86_400_000 - 1);
}

/** The calendar day n days after a "YYYY-MM-DD" day (n may be negative). */
export function addDays(day: string, n: number): string {
  const t = Date.parse(`${day}T00:00:00Z`) + n * 86_400_000;
  return new Date(t).toISOString().slice(0, 10);
}

/** Weekday of a "YYYY-MM-DD" day, 0 = Sunday. */
export function weekday(day: string): number {
  return new Date(`${day}T00:00:00Z`).getUTCDay();
}
