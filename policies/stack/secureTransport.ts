// Does a bucket policy refuse plain HTTP for a bucket and all its objects? A statement counts only
// when it denies every principal every action (or every object action) on the bucket and on all
// its objects, on the sole condition that the request did not come over TLS. Anything narrower
// leaves some HTTP request allowed, so it does not count.
//
// Bucket policies come in dialects: the S3 one (`aws:SecureTransport`, `arn:aws:s3:::bucket`)
// and OBS's own format. A dialect is described as data below; the checker reads the description.
import type { PolicyDialect } from "../resources";
import { isRecord } from "../values";

/** What differs between the bucket-policy formats that OBS accepts. */
export interface PolicyFormat {
    /** Condition keys that say whether the request came over TLS (compared case-insensitively). */
    readonly secureTransportKeys: readonly [string, ...string[]];
    /** Keys of a Principal map under which "*" means everyone. */
    readonly everyoneKeys: readonly string[];
    /** Whether a bare `"Principal": "*"` means everyone in this format. */
    readonly bareStarIsEveryone: boolean;
    /** The prefix of every action of the service ("s3:"); an action pattern covering all of them covers everything. */
    readonly actionPrefix: string;
    /** The actions that authorise the matrix's object interfaces; covering all of them also counts. */
    readonly objectActions: readonly string[];
    /** The resource naming the bucket itself. */
    bucketResource(bucket: string): string;
    /** The resource naming the bucket's objects: this text followed by any key. */
    objectResourcePrefix(bucket: string): string;
    /** The statement to add, for messages. */
    exampleStatement(bucket: string): Record<string, unknown>;
}

/**
 * S3-format bucket policies (OTC `s3api/access_control/bucket_policy`). Uploads, multipart parts
 * and copy targets are authorised by s3:PutObject; HEAD, GET and copy sources by s3:GetObject.
 */
export const S3_POLICY_FORMAT: PolicyFormat = {
    secureTransportKeys: ["aws:SecureTransport"],
    everyoneKeys: ["AWS"],
    bareStarIsEveryone: true,
    actionPrefix: "s3:",
    objectActions: ["s3:PutObject", "s3:GetObject"],
    bucketResource: (bucket) => `arn:aws:s3:::${bucket}`,
    objectResourcePrefix: (bucket) => `arn:aws:s3:::${bucket}/`,
    exampleStatement: (bucket) => ({
        Effect: "Deny",
        Principal: "*",
        Action: "s3:*",
        Resource: [`arn:aws:s3:::${bucket}`, `arn:aws:s3:::${bucket}/*`],
        Condition: { Bool: { "aws:SecureTransport": "false" } },
    }),
};

/**
 * OBS-format bucket policies (the native API's, taken by the opentelekomcloud obs* and the
 * huaweicloud bucket policies): principals are `{"ID": [...]}`, actions bare names ("PutObject",
 * "*"), resources "<bucket>" and "<bucket>/<key pattern>", and the TLS condition key is
 * `SecureTransport`.
 */
export const OBS_POLICY_FORMAT: PolicyFormat = {
    secureTransportKeys: ["SecureTransport"],
    everyoneKeys: ["ID"],
    bareStarIsEveryone: false,
    actionPrefix: "",
    objectActions: ["PutObject", "GetObject"],
    bucketResource: (bucket) => bucket,
    objectResourcePrefix: (bucket) => `${bucket}/`,
    exampleStatement: (bucket) => ({
        Sid: "DenyInsecureTransport",
        Effect: "Deny",
        Principal: { ID: ["*"] },
        Action: ["*"],
        Resource: [bucket, `${bucket}/*`],
        Condition: { Bool: { SecureTransport: ["false"] } },
    }),
};

export const POLICY_FORMATS: Readonly<Record<PolicyDialect, PolicyFormat>> = { s3: S3_POLICY_FORMAT, obs: OBS_POLICY_FORMAT };

/** Condition operators that test a boolean key; others (Null, StringEquals, …) do not say "over HTTP". */
const BOOLEAN_OPERATORS: ReadonlySet<string> = new Set(["Bool", "BoolIfExists"]);

const asList = (v: unknown): unknown[] => (Array.isArray(v) ? v : v === undefined ? [] : [v]);

const STAR = 0x2a;
const QUESTION = 0x3f;

/** Scratch sets of pattern positions for positionsAfter (one byte per position), grown as needed: checks run one at a time. */
let reached = new Uint8Array(64);
let reachedNext = new Uint8Array(64);

/** Adds position `s` of `pattern` to `set`, with the positions after the stars from it on. */
function addPosition(set: Uint8Array, pattern: string, s: number): void {
    set[s] = 1;
    while (pattern.charCodeAt(s) === STAR) set[++s] = 1;
}

/**
 * The pattern positions reachable after reading `text` (code point by code point) with an IAM
 * wildcard pattern (`*` any run of characters, `?` one character), as a set of positions 0 to
 * `pattern.length` (one byte each, 1 when reached); position `pattern.length` means the whole
 * pattern is used. The set is scratch space, valid until the next call.
 */
function positionsAfter(pattern: string, text: string): Uint8Array {
    const m = pattern.length;
    if (reached.length <= m) {
        reached = new Uint8Array(2 * (m + 1));
        reachedNext = new Uint8Array(2 * (m + 1));
    }
    let states = reached;
    let next = reachedNext;
    states.fill(0, 0, m + 1);
    addPosition(states, pattern, 0);
    for (const ch of text) {
        // A character of two UTF-16 units (outside the BMP) matches only `?`, never a unit of the pattern.
        const unit = ch.length === 1 ? ch.charCodeAt(0) : -1;
        next.fill(0, 0, m + 1);
        let any = false;
        for (let s = 0; s < m; s++) {
            if (states[s] !== 1) continue;
            const p = pattern.charCodeAt(s);
            if (p === STAR) addPosition(next, pattern, s);
            else if (p === QUESTION || p === unit) addPosition(next, pattern, s + 1);
            else continue;
            any = true;
        }
        const read = states;
        states = next;
        next = read;
        if (!any) break;
    }
    reached = states;
    reachedNext = next;
    return states;
}

/** Whether the wildcard pattern matches exactly `text`. */
export function wildcardMatches(pattern: string, text: string): boolean {
    return positionsAfter(pattern, text)[pattern.length] === 1;
}

/** Whether the wildcard pattern matches `prefix` followed by any text at all (including none). */
export function wildcardCoversPrefix(pattern: string, prefix: string): boolean {
    // A position from which only stars are left, one at least.
    let trailing = pattern.length;
    while (trailing > 0 && pattern.charCodeAt(trailing - 1) === STAR) trailing--;
    const states = positionsAfter(pattern, prefix);
    for (let s = trailing; s < pattern.length; s++) if (states[s] === 1) return true;
    return false;
}

function strings(v: unknown): string[] {
    return asList(v).filter((x): x is string => typeof x === "string");
}

function isEveryone(principal: unknown, dialect: PolicyFormat): boolean {
    if (principal === "*") return dialect.bareStarIsEveryone;
    if (!isRecord(principal)) return false;
    // Principal keys compare case-insensitively ("ID", "id").
    const wanted = dialect.everyoneKeys.map((k) => k.toLowerCase());
    return Object.entries(principal).some(([k, v]) => wanted.includes(k.toLowerCase()) && strings(v).includes("*"));
}

function coversEveryAction(action: unknown, dialect: PolicyFormat): boolean {
    // Action names are case-insensitive.
    const patterns = strings(action).map((a) => a.toLowerCase());
    if (patterns.some((p) => wildcardCoversPrefix(p, dialect.actionPrefix.toLowerCase()))) return true;
    return dialect.objectActions.every((name) => patterns.some((p) => wildcardMatches(p, name.toLowerCase())));
}

function isFalse(v: unknown): boolean {
    return asList(v).some((x) => x === false || x === "false");
}

/** Why the Condition block does not amount to "the request is not over TLS", or undefined when it does. */
function conditionShortfall(condition: unknown, dialect: PolicyFormat): string | undefined {
    const keys = dialect.secureTransportKeys.map((k) => k.toLowerCase());
    const wanted = `Bool or BoolIfExists on ${dialect.secureTransportKeys.join(" or ")} = false`;
    if (!isRecord(condition)) return `it has no Condition ${wanted}`;
    let tests = 0;
    let narrower = false;
    for (const [operator, block] of Object.entries(condition)) {
        if (!isRecord(block)) return `its Condition is not a map of condition keys`;
        for (const [key, value] of Object.entries(block)) {
            if (BOOLEAN_OPERATORS.has(operator) && keys.includes(key.toLowerCase()) && isFalse(value)) tests++;
            else narrower = true;
        }
    }
    if (tests === 0) return `its Condition is not ${wanted}`;
    // Every condition of a statement must hold for it to apply: any other one narrows the deny.
    if (narrower) return "its Condition has further tests, which narrow the deny to some HTTP requests";
    return undefined;
}

/** Why one statement does not deny plain HTTP for the whole bucket; empty when it does. */
function statementShortfalls(statement: unknown, bucket: string, dialect: PolicyFormat): string[] {
    if (!isRecord(statement)) return ["it is not a map"];
    const out: string[] = [];
    if (statement.Effect !== "Deny") out.push("its Effect is not Deny");
    // Negated elements deny everything except what they name; the pack does not reason about
    // exceptions, so such a statement never counts.
    const negated = ["NotPrincipal", "NotAction", "NotResource"].filter((k) => k in statement);
    if (negated.length > 0) out.push(`it uses ${negated.join(" and ")}, which the pack does not evaluate`);
    else {
        if (!isEveryone(statement.Principal, dialect))
            out.push(`its Principal is not everyone (${dialect.bareStarIsEveryone ? '"*" or ' : ""}{"${dialect.everyoneKeys[0]}": "*"})`);
        if (!coversEveryAction(statement.Action, dialect))
            out.push(`its Action covers neither ${dialect.actionPrefix}* nor every object action (${dialect.objectActions.join(", ")})`);
        const resources = strings(statement.Resource);
        const bucketResource = dialect.bucketResource(bucket);
        const objectPrefix = dialect.objectResourcePrefix(bucket);
        if (!resources.some((r) => wildcardMatches(r, bucketResource)))
            out.push(`its Resource does not cover the bucket (${bucketResource})`);
        if (!resources.some((r) => wildcardCoversPrefix(r, objectPrefix)))
            out.push(`its Resource does not cover all its objects (${objectPrefix}*)`);
    }
    const condition = conditionShortfall(statement.Condition, dialect);
    if (condition) out.push(condition);
    return out;
}

/** What a policy document amounts to for one bucket. */
export type TransportVerdict =
    | { readonly kind: "denies-http" }
    /** A statement would count if the bucket's name (unknown during preview) is the one it names. */
    | { readonly kind: "bucket-name-unknown" }
    /** No statement counts; `near` says why for the statements that test secure transport at all. */
    | {
          readonly kind: "allows-http";
          readonly near: ReadonlyArray<{ readonly statement: number; readonly shortfalls: readonly string[] }>;
      };

/** A bucket name no wildcard-free resource can contain: only patterns that cover every bucket match it. */
const ANY_BUCKET = "\u0000";

export function secureTransportVerdict(
    doc: Record<string, unknown>,
    bucket: string | undefined,
    dialect: PolicyFormat = S3_POLICY_FORMAT,
): TransportVerdict {
    const statements = asList(doc.Statement);
    const near: Array<{ statement: number; shortfalls: string[] }> = [];
    let nameWouldDecide = false;
    const transportKeys = dialect.secureTransportKeys.map((k) => k.toLowerCase());
    for (const [i, statement] of statements.entries()) {
        const shortfalls = statementShortfalls(statement, bucket ?? ANY_BUCKET, dialect);
        if (shortfalls.length === 0) return { kind: "denies-http" };
        if (bucket === undefined && shortfalls.every((s) => s.startsWith("its Resource does not cover"))) nameWouldDecide = true;
        const mentionsTransport =
            isRecord(statement) &&
            isRecord(statement.Condition) &&
            Object.values(statement.Condition).some(
                (block) => isRecord(block) && Object.keys(block).some((k) => transportKeys.includes(k.toLowerCase())),
            );
        if (mentionsTransport) near.push({ statement: i + 1, shortfalls });
    }
    if (nameWouldDecide) return { kind: "bucket-name-unknown" };
    return { kind: "allows-http", near };
}

/** The statement to add, in the policy format of the bucket's API, for messages. */
export function secureTransportStatement(bucketName: string, dialect: PolicyFormat = S3_POLICY_FORMAT): string {
    return JSON.stringify(dialect.exampleStatement(bucketName));
}
