import { readFileSync } from "node:fs";
import { pathToFileURL } from "node:url";
import type { RoundKind } from "../domain/round.ts";
import { summarise, type SummaryInput } from "./summary.builder.ts";
import { summaryToCsv, summaryToMarkdown } from "./format.ts";
import { parseRoundFile, RoundFileError, type RoundFile } from "./round-file.ts";
import type { Summary } from "./summary.types.ts";

/**
 * The offline summariser: a round file in, the round's summary out — the same analysis the bot runs
 * when a round closes, for re-analysing an exported round or trying the engine on your own data.
 *
 *   npm run --silent summarize -- <round.json> [--format json|md|csv] [--generated-at <ISO time>] [--words-only]
 *
 * Prints the summary to stdout: json (the Summary, 2-space indented), md (a readable report) or csv
 * (one row per point, UTF-8 with a BOM). Exit codes: 0 done, 1 the file can't be read or isn't a
 * valid round (each problem on stderr, e.g. `round.questions[2].kind: must be "view" or
 * "recommendation"`), 2 wrong usage.
 */

export const FORMATS = ["json", "md", "csv"] as const;
export type Format = (typeof FORMATS)[number];

const USAGE = "usage: summarize <round.json> [--format json|md|csv] [--generated-at <ISO time>] [--words-only]";

export class UsageError extends Error {}

export interface CliArgs {
  file: string;
  format: Format;
  generatedAt?: string;
  /** Group by words alone (no semantic stage). */
  wordsOnly?: boolean;
}

export function parseArgs(argv: string[]): CliArgs {
  let file: string | undefined;
  let format: string = "json";
  let generatedAt: string | undefined;
  let wordsOnly = false;
  for (let i = 0; i < argv.length; i += 1) {
    const arg = argv[i]!;
    const [flag, inline] = arg.startsWith("--") && arg.includes("=") ? [arg.slice(0, arg.indexOf("=")), arg.slice(arg.indexOf("=") + 1)] : [arg, undefined];
    const value = (): string => {
      const v = inline ?? argv[++i];
      if (v === undefined || v === "") throw new UsageError(`${flag} needs a value`);
      return v;
    };
    if (flag === "--format" || flag === "-f") format = value();
    else if (flag === "--generated-at") generatedAt = value();
    else if (flag === "--words-only") wordsOnly = true;
    else if (flag === "--help" || flag === "-h") throw new UsageError("");
    else if (flag.startsWith("-") && flag !== "-") throw new UsageError(`unknown option ${flag}`);
    else if (file === undefined) file = arg;
    else throw new UsageError(`unexpected argument ${arg}`);
  }
  if (file === undefined) throw new UsageError("no round file given");
  if (!(FORMATS as readonly string[]).includes(format)) throw new UsageError(`--format must be json, md or csv (not "${format}")`);
  if (generatedAt !== undefined && Number.isNaN(Date.parse(generatedAt))) throw new UsageError(`--generated-at must be an ISO date-time (not "${generatedAt}")`);
  return { file, format: format as Format, generatedAt: generatedAt === undefined ? undefined : new Date(generatedAt).toISOString(), wordsOnly };
}

/**
 * The round file as the summary builder's input. Members' organisations come from `members`;
 * everyone in `members` was invited. The round's kinds follow from what it has: feedback if it has
 * questions, a vote if it has options and a vote allowance (or anyone voted), commitments if anyone
 * committed — and then the options are the interventions.
 */
export function toSummaryInput(file: RoundFile, generatedAt: string): SummaryInput {
  const { round } = file;
  const questions = (round.questions ?? []).map((q) => ({ id: q.id, theme: q.theme, text: q.text, kind: q.kind }));
  const options = (round.options ?? []).map((o) => (o.description === undefined ? { id: o.id, label: o.label } : { id: o.id, label: o.label, description: o.description }));
  const anyVotes = file.responses.some((r) => Object.values(r.votes ?? {}).some((n) => n > 0));
  const anyCommitments = file.responses.some((r) => (r.commitments ?? []).length > 0);
  const kinds: RoundKind[] = [];
  if (questions.length > 0) kinds.push("feedback");
  if ((options.length > 0 && round.votesPerMember !== undefined) || anyVotes) kinds.push("vote");
  if (anyCommitments) kinds.push("commitment");
  const organisation = new Map(file.members.map((m) => [m.id, m.organisation]));
  return {
    round: {
      id: round.id,
      title: round.title,
      boardName: round.boardName ?? "",
      anonymous: round.anonymous,
      minRespondents: round.minRespondents ?? 3,
      questions,
      options,
      interventions: anyCommitments ? options : [],
      kinds,
    },
    invited: file.members.length,
    memberNames: file.members.flatMap((m) => (m.name ? [m.name] : [])),
    responses: file.responses.map((r) => {
      const org = organisation.get(r.memberId);
      return {
        memberId: r.memberId,
        ...(org === undefined ? {} : { organisation: org }),
        answers: r.answers ?? {},
        votes: r.votes ?? {},
        commitments: r.commitments ?? [],
      };
    }),
    generatedAt,
  };
}

export function render(summary: Summary, format: Format): string {
  switch (format) {
    case "json":
      return `${JSON.stringify(summary, null, 2)}\n`;
    case "md":
      return summaryToMarkdown(summary);
    case "csv":
      return summaryToCsv(summary);
  }
}

/** Runs the summariser; resolves to the exit code. */
export async function main(argv: string[], io: { out: (s: string) => void; err: (s: string) => void } = { out: (s) => process.stdout.write(s), err: (s) => process.stderr.write(s) }): Promise<number> {
  let args: CliArgs;
  try {
    args = parseArgs(argv);
  } catch (e) {
    if (!(e instanceof UsageError)) throw e;
    io.err(e.message ? `summarize: ${e.message}\n${USAGE}\n` : `${USAGE}\n`);
    return e.message ? 2 : 0;
  }
  let text: string;
  try {
    text = readFileSync(args.file, "utf8");
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    const why = code === "ENOENT" ? "no such file" : code === "EISDIR" ? "it is a directory" : code === "EACCES" ? "permission denied" : (e as Error).message;
    io.err(`summarize: can't read round file "${args.file}": ${why}\n`);
    return 1;
  }
  try {
    const file = parseRoundFile(text);
    const summary = await summarise(toSummaryInput(file, args.generatedAt ?? new Date().toISOString()), { semantic: !args.wordsOnly });
    io.out(render(summary, args.format));
    return 0;
  } catch (e) {
    if (!(e instanceof RoundFileError)) throw e;
    io.err(`summarize: "${args.file}" is not a valid round file:\n${e.issues.map((i) => `  ${i}`).join("\n")}\n`);
    return 1;
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  process.exitCode = await main(process.argv.slice(2));
}
