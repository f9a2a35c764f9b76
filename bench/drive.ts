// The load shape the ticket benches share: `total` calls spread over `senders` loops, each waiting for
// its previous call, and the complaint texts they send.
import { pct } from "./knowledge.ts";

export const COMPLAINTS = [
  "我要投诉!行政审批大厅窗口的工作人员态度很差,让我来回跑了三趟",
  "我要投诉,我们厂申请用电报装两个多月了还没接通,一直推诿",
  "举报:执法检查一个月上门五次,影响正常生产经营",
  "我要投诉,招商引资时承诺的奖励迟迟没有兑现",
  "我要投诉,税务大厅窗口推诿,发票的事让我来回跑了三趟",
];

export interface RunResult {
  perSec: number;
  p50: number;
  p99: number;
}


/** `total` calls of `op` spread over `senders` loops that each wait for their previous call. */
export async function drive(total: number, senders: number, op: (i: number) => Promise<unknown>): Promise<RunResult> {
  const lat: number[] = [];
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: senders }, async () => {
      for (let i = next++; i < total; i = next++) {
        const t0 = performance.now();
        await op(i);
        lat.push(performance.now() - t0);
      }
    }),
  );
  const secs = (performance.now() - started) / 1000;
  return { perSec: total / secs, p50: pct(lat, 50), p99: pct(lat, 99) };
}
