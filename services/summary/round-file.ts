import { z } from "zod";
import { COMMITMENT_LEVELS } from "../domain/response.ts";

/**
 * The offline summariser's input: one round — its questions, what members vote on, the members and
 * their responses — as a JSON file (example: docs/examples/round.json). In the file format the
 * vote options double as the interventions members commit to, so a commitment's `interventionId`
 * is an option id.
 *
 * Objects are strict: an unknown field is an error, so a typo ("minRespondent") is reported rather
 * than silently ignored.
 */

const id = z.string().trim().min(1);
const text = z.string().trim().min(1);

const QuestionSchema = z.strictObject({
  id,
  theme: text,
  text,
  kind: z.enum(["view", "recommendation"]),
  required: z.boolean().optional(),
});

const OptionSchema = z.strictObject({
  id,
  label: text,
  description: z.string().optional(),
});

const MemberSchema = z.strictObject({
  id,
  name: z.string().optional(),
  organisation: z.string().optional(),
});

const CommitmentSchema = z.strictObject({
  interventionId: id,
  level: z.enum(COMMITMENT_LEVELS),
  representative: z.string().optional(),
  resources: z.string().optional(),
  timescale: z.string().optional(),
  impact: z.string().optional(),
});

const ResponseSchema = z.strictObject({
  memberId: id,
  answers: z.record(z.string(), z.string()).optional(),
  votes: z.record(z.string(), z.number().int().min(0)).optional(),
  commitments: z.array(CommitmentSchema).optional(),
});

export const RoundFileSchema = z
  .strictObject({
    round: z.strictObject({
      id,
      title: text,
      boardName: z.string().optional(),
      anonymous: z.boolean(),
      minRespondents: z.number().int().min(1).optional(),
      questions: z.array(QuestionSchema).optional(),
      options: z.array(OptionSchema).optional(),
      votesPerMember: z.number().int().min(1).optional(),
    }),
    members: z.array(MemberSchema),
    responses: z.array(ResponseSchema),
  })
  .superRefine((file, ctx) => {
    const issue = (path: Array<string | number>, message: string) => ctx.addIssue({ code: "custom", path, message });
    const duplicates = (ids: string[], path: (i: number) => Array<string | number>, what: string) => {
      const seen = new Set<string>();
      ids.forEach((x, i) => {
        if (seen.has(x)) issue(path(i), `duplicate ${what} "${x}"`);
        seen.add(x);
      });
    };
    const questions = file.round.questions ?? [];
    const options = file.round.options ?? [];
    duplicates(questions.map((q) => q.id), (i) => ["round", "questions", i, "id"], "question id");
    duplicates(options.map((o) => o.id), (i) => ["round", "options", i, "id"], "option id");
    duplicates(file.members.map((m) => m.id), (i) => ["members", i, "id"], "member id");
    duplicates(file.responses.map((r) => r.memberId), (i) => ["responses", i, "memberId"], "response for member");

    const questionIds = new Set(questions.map((q) => q.id));
    const optionIds = new Set(options.map((o) => o.id));
    const memberIds = new Set(file.members.map((m) => m.id));
    file.responses.forEach((r, i) => {
      if (!memberIds.has(r.memberId)) issue(["responses", i, "memberId"], `unknown member "${r.memberId}" (not in members)`);
      for (const q of Object.keys(r.answers ?? {})) {
        if (!questionIds.has(q)) issue(["responses", i, "answers", q], `unknown questionId "${q}" (not in round.questions)`);
      }
      let total = 0;
      for (const [o, n] of Object.entries(r.votes ?? {})) {
        if (!optionIds.has(o)) issue(["responses", i, "votes", o], `unknown option "${o}" (not in round.options)`);
        total += n;
      }
      if (file.round.votesPerMember !== undefined && total > file.round.votesPerMember) {
        issue(["responses", i, "votes"], `${total} votes placed but round.votesPerMember is ${file.round.votesPerMember}`);
      }
      (r.commitments ?? []).forEach((c, j) => {
        if (!optionIds.has(c.interventionId)) issue(["responses", i, "commitments", j, "interventionId"], `unknown intervention "${c.interventionId}" (interventions are round.options)`);
      });
      duplicates((r.commitments ?? []).map((c) => c.interventionId), (j) => ["responses", i, "commitments", j, "interventionId"], "commitment to intervention");
    });
  });

export type RoundFile = z.infer<typeof RoundFileSchema>;

/** A round file that can't be used: `issues` are readable lines such as `round.questions[2].kind: must be "view" or "recommendation"`. */
export class RoundFileError extends Error {
  constructor(readonly issues: string[]) {
    super(issues.join("\n"));
    this.name = "RoundFileError";
  }
}

/** `round.questions[2].kind`, `responses[0].answers["two words"]`. */
export function issuePath(path: ReadonlyArray<PropertyKey>): string {
  let out = "";
  for (const key of path) {
    if (typeof key === "number") out += `[${key}]`;
    else if (typeof key === "string" && /^[A-Za-z_$][\w$-]*$/.test(key)) out += out === "" ? key : `.${key}`;
    else out += `[${JSON.stringify(String(key))}]`;
  }
  return out === "" ? "(file)" : out;
}

const article = (type: string): string => {
  switch (type) {
    case "int":
      return "a whole number";
    case "object":
    case "array":
      return `an ${type}`;
    case "record":
      return "an object";
    default:
      return `a ${type}`;
  }
};

const describe = (input: unknown): string =>
  input === null ? "null" : Array.isArray(input) ? "an array" : typeof input === "number" && !Number.isInteger(input) ? `${input}` : typeof input === "string" ? JSON.stringify(input.length > 40 ? `${input.slice(0, 40)}…` : input) : typeof input;

const orList = (values: readonly unknown[]): string => {
  const quoted = values.map((v) => JSON.stringify(v));
  return quoted.length <= 2 ? quoted.join(" or ") : `${quoted.slice(0, -1).join(", ")} or ${quoted[quoted.length - 1]}`;
};

/** Plain-English messages for zod's issues (the path is added by the caller). */
const errorMap: z.core.$ZodErrorMap = (issue) => {
  switch (issue.code) {
    case "invalid_type":
      return issue.input === undefined ? "is required" : `must be ${article(issue.expected)} (found ${describe(issue.input)})`;
    case "invalid_value":
      return `must be ${orList(issue.values)}`;
    case "too_small":
      if (issue.origin === "string") return "must not be empty";
      if (issue.origin === "array") return `must have at least ${String(issue.minimum)} item(s)`;
      return `must be at least ${String(issue.minimum)}`;
    case "unrecognized_keys":
      return `unknown field${issue.keys.length === 1 ? "" : "s"} ${issue.keys.map((k) => JSON.stringify(k)).join(", ")}`;
    default:
      return undefined;
  }
};

/** Where a JSON syntax error is, as "line L, column C", from the position in V8's message. */
function jsonErrorAt(text: string, message: string): string {
  const match = /position (\d+)/.exec(message);
  if (!match) return message;
  const position = Number(match[1]);
  const before = text.slice(0, position);
  const line = before.split("\n").length;
  const column = position - before.lastIndexOf("\n");
  const reason = message.replace(/\s*in JSON at position \d+.*$/, "").replace(/\s*\(line \d+ column \d+\)/, "");
  return `line ${line}, column ${column} (position ${position}): ${reason}`;
}

/** Parses and validates a round file's text; throws RoundFileError with readable messages. */
export function parseRoundFile(text: string): RoundFile {
  let data: unknown;
  try {
    data = JSON.parse(text.replace(/^\uFEFF/, ""));
  } catch (e) {
    throw new RoundFileError([`not valid JSON: ${jsonErrorAt(text.replace(/^\uFEFF/, ""), (e as Error).message)}`]);
  }
  const result = RoundFileSchema.safeParse(data, { error: errorMap });
  if (!result.success) throw new RoundFileError(result.error.issues.map((i) => `${issuePath(i.path)}: ${i.message}`));
  return result.data;
}
