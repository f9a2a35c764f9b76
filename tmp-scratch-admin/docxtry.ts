import { makeDocx } from "../tests/fixtures/make-docx.ts";
import mammoth from "mammoth";
const buf = await makeDocx(["关于优化营商环境的若干措施", "一、工作任务", "1.优化企业开办服务,全面实现企业开办1日办结。(责任单位:市场监管局)"]);
console.log(JSON.stringify(await mammoth.extractRawText({ buffer: buf })));
try { await mammoth.extractRawText({ buffer: Buffer.from("PK\x03\x04garbage") }); } catch (e) { console.log("ERR", (e as Error).message); }
