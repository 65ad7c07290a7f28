// The command line of obs-sse-check: options, their values, and messages for what is wrong with
// them (an unknown option gets the nearest known one as a suggestion). Loads nothing but node:util.
import { parseArgs } from "node:util";
import { MAX_INPUT_MIB } from "./limits";
import { printable } from "../policies/printable";
import { editDistance } from "../policies/configErrors";
import { TOOL_NAME } from "./version";

export const FORMATS = ["text", "json", "sarif", "junit", "github"] as const;
export type Format = (typeof FORMATS)[number];

/** Which findings fail the run (exit 1): mandatory ones (the default), any, or none. */
export const FAIL_ON = ["mandatory", "advisory", "never"] as const;
export type FailOn = (typeof FAIL_ON)[number];
/** A --var or --var-file option, in command-line order (later ones win, as in Terraform). */
export type VariableSetting = { readonly kind: "var"; readonly text: string } | { readonly kind: "file"; readonly file: string };

export interface CommandLine {
    readonly format: Format;
    readonly config?: string | undefined;
    readonly output?: string | undefined;
    readonly stack?: string | undefined;
    readonly baseline?: string | undefined;
    readonly failOn: FailOn;
    /** --policy NAME (repeatable): only these policies run. Names are checked against the pack later. */
    readonly policies: readonly string[];
    /** --skip-policy NAME (repeatable): these policies do not run. */
    readonly skipPolicies: readonly string[];
    /** --list: print the policies (level with --config, severity, documentation) instead of checking. */
    readonly list: boolean;
    /** --backend-config FILE or KEY=VALUE, in order (repeatable), as terraform init takes them. */
    readonly backendConfigs: readonly string[];
    /** --var NAME=VALUE and --var-file FILE, for Terraform source directories. */
    readonly variables?: readonly VariableSetting[];
    /** --source DIR: the Terraform configuration plans were made from. */
    readonly source?: string;
    /** --no-source: plans are read without the .tf files beside them. */
    readonly noSource?: boolean;
    readonly inputs: readonly string[];
}

export const USAGE = `Usage: ${TOOL_NAME} [--format text|json|sarif|junit|github] [--config policy-config.json] [--output FILE] [--stack NAME]
       [--baseline report.json] [--fail-on mandatory|advisory|never] [--policy NAME]... [--skip-policy NAME]...
       [--var NAME=VALUE]... [--var-file FILE]... [--source DIR | --no-source] [--backend-config FILE|KEY=VALUE]... <input>...
       ${TOOL_NAME} --list [--config policy-config.json] [--format text|json]

Checks Terraform plans and states, and Pulumi programs, against the OBS server-side-encryption rules.

Inputs:
  plan.json        output of: terraform plan -out tfplan && terraform show -json tfplan > plan.json
                   (UTF-8, or UTF-16 with a byte order mark as Windows PowerShell 5.1 writes it)
  state.json       a deployed Terraform state: terraform show -json > state.json (no plan file), or
                   the raw state file (terraform.tfstate, version 4; terraform state pull > it)
  -                a plan read from standard input: terraform show -json tfplan | ${TOOL_NAME} -
  <directory>      a Pulumi program (a directory with Pulumi.yaml), previewed under mocks; or a
                   directory of Terraform .tf files (without Pulumi.yaml), evaluated without a plan,
                   and its backend "s3" (docs/terraform-backend.md)
  export.json      a Pulumi stack export (pulumi stack export --file export.json), checked as
                   pulumi policy analyze --file checks a stack's state
  Plans over ${MAX_INPUT_MIB} MiB, and inputs that are neither regular files nor directories
  (FIFOs, devices, sockets), are refused.

Options:
  -f, --format     text (default: the policy section as pulumi preview prints it), json, sarif,
                   junit (JUnit XML: a test case per resource and policy), github (workflow annotations)
  -c, --config     policy config, the same file as pulumi's --policy-pack-config
  -o, --output     write the report to FILE instead of standard output (replaced whole, or left
                   as it was if the report cannot be written)
  -s, --stack      the stack whose Pulumi.<stack>.yaml config a Pulumi program is previewed with
  --baseline       an earlier --format json report: only findings not in it count
  --fail-on        which findings make the exit code 1: mandatory (default), advisory (any), never
  --policy         run only this policy (repeatable)
  --skip-policy    do not run this policy (repeatable)
  --list           print the policies with their level, severity and documentation link
  --backend-config FILE or KEY=VALUE for the backend "s3" of .tf directories, as terraform init
                   takes it (repeatable, later ones win); plan JSON does not carry the backend
  --var NAME=VALUE, --var-file FILE
                   root variable values for Terraform directories, as terraform plan takes them
                   (repeatable; later ones win over earlier ones and over *.tfvars files)
  --source DIR     the Terraform configuration plans and states were made from: provider arguments
                   plan JSON records only by reference, and the provider configuration a state does
                   not hold, are evaluated from it; findings get source locations
                   (default: the plan's or state's directory, when it holds .tf files)
  --no-source      read plans and states alone, without the .tf files beside them
  -h, --help       show this help
  -v, --version    show the version

Suppress a finding with a comment above its Terraform block or attribute:
  # obs-sse:ignore:<policy>[,<policy>][:exp:YYYY-MM-DD] <reason>

Exit codes: 0 no mandatory violation, 1 at least one mandatory violation (not suppressed, not in the
baseline; --fail-on changes which findings count), 2 bad usage or input.`;

/** Bad usage: the command exits 2 with this message and a pointer to --help. */
export class UsageError extends Error {
    constructor(message: string) {
        super(message);
        this.name = "UsageError";
    }
}

const OPTIONS = {
    format: { type: "string", short: "f" },
    config: { type: "string", short: "c" },
    output: { type: "string", short: "o" },
    stack: { type: "string", short: "s" },
    baseline: { type: "string" },
    "fail-on": { type: "string" },
    policy: { type: "string" },
    "skip-policy": { type: "string" },
    list: { type: "boolean" },
    "backend-config": { type: "string" },
    var: { type: "string" },
    "var-file": { type: "string" },
    source: { type: "string" },
    "no-source": { type: "boolean" },
    help: { type: "boolean", short: "h" },
    version: { type: "boolean", short: "v" },
} as const;

type OptionName = keyof typeof OPTIONS;

const VALUE_HINT: Record<string, string> = {
    format: `one of ${FORMATS.join(", ")}`,
    config: "a policy config file",
    output: "a file to write the report to",
    stack: "a stack name",
    baseline: "an earlier --format json report",
    "fail-on": `one of ${FAIL_ON.join(", ")}`,
    policy: "a policy name",
    "skip-policy": "a policy name",
    "backend-config": "a backend configuration file or KEY=VALUE",
    var: "NAME=VALUE",
    "var-file": "a Terraform variable file (.tfvars or .tfvars.json)",
    source: "a Terraform configuration directory",
};

/** Options that may be given more than once, each time with one value. */
const REPEATABLE: ReadonlySet<OptionName> = new Set<OptionName>(["policy", "skip-policy", "backend-config"]);

/** Optimal string alignment distance (one implementation, shared with the config's typo hints). */
export { editDistance };

/** The known word nearest to `word` (a prefix of it, or at most a third of its letters away), if any. */
export function nearest(word: string, known: readonly string[]): string | undefined {
    const lower = word.toLowerCase();
    const prefixed = known.filter((k) => lower.length >= 2 && k.startsWith(lower));
    if (prefixed.length === 1) return prefixed[0];
    let best: string | undefined;
    let bestDistance = Math.max(1, Math.floor(lower.length / 3));
    for (const k of known) {
        const distance = editDistance(lower, k);
        if (distance <= bestDistance && (best === undefined || distance < editDistance(lower, best))) {
            best = k;
            bestDistance = distance;
        }
    }
    return best;
}

function isOptionName(name: string): name is OptionName {
    return Object.prototype.hasOwnProperty.call(OPTIONS, name);
}

function unknownOption(rawName: string, name: string): UsageError {
    // Only the option's name is repeated (made printable), never a value given with it.
    const shown = printable(rawName);
    const longNames = Object.keys(OPTIONS);
    const suggestion = rawName.startsWith("--") ? nearest(name, longNames) : undefined;
    const hint = suggestion ? `; did you mean --${suggestion}?` : "";
    return new UsageError(`unknown option '${shown}'${hint} (to name an input that starts with '-', put it after '--')`);
}

/** The parsed command line, or "help"/"version". Throws UsageError. */
export function parseCommandLine(argv: readonly string[]): CommandLine | "help" | "version" {
    let tokens;
    try {
        // strict: false, so that every problem is reported here in this command's words.
        tokens = parseArgs({ args: [...argv], options: OPTIONS, strict: false, allowPositionals: true, tokens: true }).tokens;
    } catch {
        throw new UsageError("the command line cannot be read");
    }
    const values: Partial<Record<OptionName, string | true>> = {};
    const repeated: Partial<Record<OptionName, string[]>> = {};
    const inputs: string[] = [];
    const variables: VariableSetting[] = [];
    for (const token of tokens) {
        if (token.kind === "positional") {
            inputs.push(token.value);
            continue;
        }
        if (token.kind !== "option") continue;
        if (!isOptionName(token.name)) throw unknownOption(token.rawName, token.name);
        const name = token.name;
        const spec = OPTIONS[name];
        const rawName = token.rawName;
        if (spec.type === "boolean") {
            if (token.value !== undefined) throw new UsageError(`option '${rawName}' takes no value`);
            values[name] = true;
            continue;
        }
        let value = token.value;
        // `-f=json`: the short form with '=', as `--format=json` has it.
        if (value !== undefined && token.inlineValue && !rawName.startsWith("--") && value.startsWith("=")) value = value.slice(1);
        if (value === undefined || value === "") throw new UsageError(`option '${rawName}' needs a value: ${VALUE_HINT[name]}`);
        if (name === "var" || name === "var-file") {
            variables.push(name === "var" ? { kind: "var", text: value } : { kind: "file", file: value });
            continue;
        }
        if (REPEATABLE.has(name)) {
            (repeated[name] ??= []).push(value);
            continue;
        }
        if (values[name] !== undefined) throw new UsageError(`option '--${name}' is given more than once`);
        values[name] = value;
    }
    if (values.source !== undefined && values["no-source"] === true) throw new UsageError("--source and --no-source exclude each other");
    if (values.help) return "help";
    if (values.version) return "version";
    const format = typeof values.format === "string" ? values.format : "text";
    if (!(FORMATS as readonly string[]).includes(format)) {
        // The value is not repeated; a near miss is named.
        const suggestion = nearest(format, FORMATS);
        throw new UsageError(
            `--format: unknown format (a value of ${format.length} characters); the formats are ${FORMATS.join(", ")}${suggestion ? `; did you mean ${suggestion}?` : ""}`,
        );
    }
    const failOn = typeof values["fail-on"] === "string" ? values["fail-on"] : "mandatory";
    if (!(FAIL_ON as readonly string[]).includes(failOn)) {
        const suggestion = nearest(failOn, FAIL_ON);
        throw new UsageError(
            `--fail-on: unknown value (${failOn.length} characters); the values are ${FAIL_ON.join(", ")}${suggestion ? `; did you mean ${suggestion}?` : ""}`,
        );
    }
    if (values.list === true) {
        if (format !== "text" && format !== "json") throw new UsageError(`--list prints text or json, not ${format}`);
        if (inputs.length > 0) throw new UsageError("--list takes no input: it prints the policies and checks nothing");
    } else if (inputs.length === 0)
        throw new UsageError(
            "no input given: name a Terraform plan JSON file, - for a plan on standard input, or a Pulumi program directory",
        );
    const str = (v: string | true | undefined) => (typeof v === "string" ? v : undefined);
    return {
        format: format as Format,
        config: str(values.config),
        output: str(values.output),
        stack: str(values.stack),
        baseline: str(values.baseline),
        failOn: failOn as FailOn,
        policies: repeated.policy ?? [],
        skipPolicies: repeated["skip-policy"] ?? [],
        list: values.list === true,
        backendConfigs: repeated["backend-config"] ?? [],
        ...(variables.length > 0 && { variables }),
        ...(typeof values.source === "string" && { source: values.source }),
        ...(values["no-source"] === true && { noSource: true }),
        inputs,
    };
}
