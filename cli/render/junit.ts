// The junit format: JUnit XML as CI test reports read it (Jenkins, GitLab, Azure Pipelines), one
// <testsuite> per input and one <testcase> per subject and policy that judged it (classname: the
// policy, name: the resource address or URN). A finding that fails the run (mandatory, or any with
// --fail-on advisory) is a <failure>; JUnit has no warning, so other advisory findings go to the
// test case's <system-out>, which these tools show beside the test without failing it. Suppressed
// findings and findings in the baseline make a passing test case <skipped> with the reason.
// Only the elements and attributes of the common JUnit schema (Jenkins' junit-10.xsd) are written.
import { printable } from "../../policies/printable";
import { counts, isSuppressed, type Finding, type InputReport } from "../report";
import { TOOL_NAME } from "../version";
import { locationText } from "./text";

/** Characters XML 1.0 does not allow, even escaped. */
const NOT_XML = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g;
/** Halves of surrogate pairs without their other half. */
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

/** Text for XML character data: markup characters escaped, input's control characters shown as escapes. */
export function xmlText(text: string): string {
    return text
        .replace(LONE_SURROGATE, "\ufffd")
        .replace(NOT_XML, (ch) => `\\u${ch.charCodeAt(0).toString(16).padStart(4, "0")}`)
        .replace(/&/g, "&amp;")
        .replace(/</g, "&lt;")
        .replace(/>/g, "&gt;");
}

/** Text for an attribute value in double quotes: also quotes and line breaks (kept as character references). */
export function xmlAttribute(text: string): string {
    return xmlText(text).replace(/"/g, "&quot;").replace(/\n/g, "&#10;").replace(/\r/g, "&#13;").replace(/\t/g, "&#9;");
}

/** A message as lines made printable, joined again (its newlines kept). */
function printableLines(text: string): string {
    return text.split("\n").map(printable).join("\n");
}

interface TestCase {
    readonly subject: string;
    readonly policy: string;
    readonly findings: Finding[];
}

export interface JunitOptions {
    /** Which findings fail the run (--fail-on): those are failures. Default "mandatory". */
    readonly failOn?: "mandatory" | "advisory" | "never";
    /**
     * Each policy's description, by name: a failure's message attribute is the first line of the
     * finding's text after its policy's description (which every message of the policy starts with).
     */
    readonly descriptions?: ReadonlyMap<string, string>;
}

/** The first line of a finding's own text (after its policy's description, when the message starts with it). */
function headline(f: Finding, descriptions: ReadonlyMap<string, string> | undefined): string {
    const description = descriptions?.get(f.policy);
    const own = description !== undefined && f.message.startsWith(`${description}\n`) ? f.message.slice(description.length + 1) : f.message;
    return own.split("\n").find((l) => l.trim() !== "") ?? f.policy;
}

/** The test cases of one input: every (subject, policy) the check judged, and every one with a finding, in order. */
function testCases(r: InputReport): TestCase[] {
    const cases = new Map<string, TestCase>();
    const at = (subject: string, policy: string): TestCase => {
        const key = `${subject}\u0000${policy}`;
        let c = cases.get(key);
        if (c === undefined) {
            c = { subject, policy, findings: [] };
            cases.set(key, c);
        }
        return c;
    };
    for (const checked of r.checked ?? []) for (const policy of checked.policies) at(checked.subject, policy);
    for (const f of r.findings) at(f.resource, f.policy).findings.push(f);
    return [...cases.values()];
}

type Outcome = "failure" | "skipped" | "passed";

function fails(f: Finding, failOn: JunitOptions["failOn"]): boolean {
    return counts(f) && (f.enforcementLevel === "mandatory" || failOn === "advisory");
}

function outcomeOf(c: TestCase, failOn: JunitOptions["failOn"]): Outcome {
    if (c.findings.some((f) => fails(f, failOn))) return "failure";
    if (c.findings.length > 0 && c.findings.every((f) => !counts(f))) return "skipped";
    return "passed";
}

/** Why a finding does not count, in a line. */
function notCounted(f: Finding): string {
    if (isSuppressed(f)) {
        const s = f.suppression!;
        return `suppressed by ${s.kind === "inSource" ? "a comment" : "an exemption"}${s.expires !== undefined ? ` until ${s.expires}` : ""}: ${printable(s.reason)}`;
    }
    return "in the baseline";
}

/** A finding's text for the report: where it is, its level, its message. */
function findingText(f: Finding): string {
    const where = locationText(f);
    const expired =
        f.suppression?.expired === true
            ? `\n(its suppression expired after ${f.suppression.expires ?? "its last day"}: it counts again)`
            : "";
    return `[${f.enforcementLevel}]${where !== "" ? ` at ${where}` : ""}\n${printableLines(f.message)}${expired}`;
}

function* testCaseXml(c: TestCase, failOn: JunitOptions["failOn"], descriptions?: ReadonlyMap<string, string>): Generator<string> {
    const name = xmlAttribute(printable(c.subject));
    const classname = xmlAttribute(printable(c.policy));
    if (c.findings.length === 0) {
        yield `    <testcase classname="${classname}" name="${name}"/>\n`;
        return;
    }
    yield `    <testcase classname="${classname}" name="${name}">\n`;
    const failing = c.findings.filter((f) => fails(f, failOn));
    const outcome = outcomeOf(c, failOn);
    if (outcome === "failure") {
        const [first] = failing;
        const summary = first !== undefined ? printable(headline(first, descriptions)) : "";
        const level = failing.some((f) => f.enforcementLevel === "mandatory") ? "mandatory" : "advisory";
        yield `      <failure message="${xmlAttribute(summary)}" type="${level}">${xmlText(failing.map(findingText).join("\n\n"))}</failure>\n`;
    } else if (outcome === "skipped") {
        yield `      <skipped message="${xmlAttribute(c.findings.map(notCounted).join("; "))}"/>\n`;
    }
    // Everything not said by the failure: advisory findings that pass, and those that do not count.
    const rest = c.findings.filter((f) => !fails(f, failOn));
    if (rest.length > 0) {
        const text = rest.map((f) => (counts(f) ? findingText(f) : `${findingText(f)}\n(not counted: ${notCounted(f)})`)).join("\n\n");
        yield `      <system-out>${xmlText(text)}</system-out>\n`;
    }
    yield "    </testcase>\n";
}

/** The JUnit XML report, in pieces. */
export function* junitReport(reports: readonly InputReport[], options: JunitOptions = {}): Generator<string> {
    const failOn = options.failOn ?? "mandatory";
    const suites = reports.map((r) => {
        const cases = testCases(r);
        const outcomes = cases.map((c) => outcomeOf(c, failOn));
        return {
            r,
            cases,
            tests: cases.length,
            failures: outcomes.filter((o) => o === "failure").length,
            skipped: outcomes.filter((o) => o === "skipped").length,
        };
    });
    const total = (key: "tests" | "failures" | "skipped") => suites.reduce((n, s) => n + s[key], 0);
    yield '<?xml version="1.0" encoding="UTF-8"?>\n';
    yield `<testsuites name="${TOOL_NAME}" tests="${total("tests")}" failures="${total("failures")}" errors="0" skipped="${total("skipped")}">\n`;
    for (const [id, s] of suites.entries()) {
        yield `  <testsuite name="${xmlAttribute(printable(s.r.input))}" id="${id}" tests="${s.tests}" failures="${s.failures}" errors="0" skipped="${s.skipped}">\n`;
        for (const c of s.cases) yield* testCaseXml(c, failOn, options.descriptions);
        yield "  </testsuite>\n";
    }
    yield "</testsuites>\n";
}
