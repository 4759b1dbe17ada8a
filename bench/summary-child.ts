/**
 * One summary measurement in a fresh process, so peak RSS belongs to one size:
 * `node --import tsx bench/summary-child.ts <members>` prints one JSON line.
 *
 * Measured: the summary as the bot builds it — on the summary thread, a large round's reading
 * shared with reader threads (services/summary/threads/) — of a synthetic feedback round of
 * <members> responses × 5 themes: wall time and CPU time of all threads (CPU time is the better
 * guide when something else is using the machine). `ms` is a running bot's (the threads already
 * started, by the first summary); `firstMs` the first summary of a fresh process, threads starting;
 * `inThreadMs` the same summary built on this thread alone (the design before the threads).
 * Generating the round is not timed. Peak RSS is
 * the process's maxRSS (process.resourceUsage), i.e. everything this process ever held — Node, the
 * wink model, the input and the summary — with the RSS just before the call reported alongside.
 */
import { buildSummary } from "../services/summary/summary.builder.ts";
import { loadConfig } from "../services/config/config.ts";
import { SummaryThread } from "../services/summary/threads/summary-thread.ts";
import { syntheticSummaryInput } from "./synthetic.ts";

const members = Number(process.argv[2] ?? 1000);
const input = syntheticSummaryInput(members);
const answers = input.responses.reduce((n, r) => n + Object.keys(r.answers).length, 0);
const chars = input.responses.reduce((n, r) => n + Object.values(r.answers).reduce((m, a) => m + a.length, 0), 0);

const rssBeforeMB = process.memoryUsage().rss / 2 ** 20;
// As many reader threads as the bot would have (SUMMARY_READER_THREADS, default 0).
const readers = loadConfig(process.env).summaryReaderThreads;
const thread = new SummaryThread({ readers });
const t00 = performance.now();
await thread.summarise(input);
const firstMs = performance.now() - t00;
const cpu0 = process.cpuUsage();
const t0 = performance.now();
const summary = await thread.summarise(input);
const ms = performance.now() - t0;
const cpu = process.cpuUsage(cpu0);
const peakMB = process.resourceUsage().maxRSS / 1024; // maxRSS is in kilobytes
await thread.close();
const t1 = performance.now();
buildSummary(input);
const inThreadMs = performance.now() - t1;

const points = summary.themes.reduce((n, t) => n + t.points.length + t.recommendations.length, 0);
const top = summary.themes.map((t) => ({ theme: t.theme, respondents: t.respondents, points: t.points.length, first: t.points[0] && `${t.points[0].supporters}: ${t.points[0].statement}` }));
process.stdout.write(`${JSON.stringify({ members, answers, chars, readers, ms: Math.round(ms), firstMs: Math.round(firstMs), inThreadMs: Math.round(inThreadMs), cpuMs: Math.round((cpu.user + cpu.system) / 1000), rssMB: Math.round(peakMB), rssBeforeMB: Math.round(rssBeforeMB), points, top })}\n`);
