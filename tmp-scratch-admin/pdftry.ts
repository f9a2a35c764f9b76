import { makePdf } from "../tests/fixtures/make-pdf.ts";
import { extractText, getDocumentProxy } from "unpdf";
const buf = makePdf(["关于优化营商环境的若干措施", "一、工作任务", "1.优化企业开办服务,全面实现企业开办1日办结。(责任单位:市场监管局)", "2.推进用水报装,不超过3个工作日。(责任单位:建设局)"]);
const pdf = await getDocumentProxy(new Uint8Array(buf));
const r = await extractText(pdf, { mergePages: true });
console.log(JSON.stringify(r));
