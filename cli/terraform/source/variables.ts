// The values of a root module's input variables, from the sources Terraform reads, lowest
// precedence first (https://developer.hashicorp.com/terraform/language/values/variables#variable-definition-precedence):
// the declared default; TF_VAR_<name> environment variables; terraform.tfvars;
// terraform.tfvars.json; *.auto.tfvars and *.auto.tfvars.json in lexical order of their names;
// then --var and --var-file in the order of the command line. Later sources win.
import { existsSync, readdirSync } from "node:fs";
import * as path from "node:path";
import { printable } from "../../../policies/printable";
import { Sensitive } from "../../../policies/values";
import { readFileBounded } from "../../input";
import { InputError } from "../../inputError";
import { parseHcl, firstSyntaxError } from "../hcl/parser";
import { evaluate, EvalError, type EvalScope, type HclValue } from "../hcl/evaluate";
import type { VariableSetting } from "../../args";
import { readHclFile, shownPath } from "./files";
import type { ModuleConfig, VariableDecl } from "./module";
import { bodyItems, fileBody } from "./syntax";

/** A --var or --var-file option, in command-line order. */
export type { VariableSetting } from "../../args";

/** Where a root variable's value came from, for messages (never the value). */
export interface VariableValue {
    readonly value: HclValue;
    readonly from: string;
}

const NO_REFERENCES: EvalScope = { lookup: () => undefined };

const PRIMITIVE_TYPES = new Set(["string", "number", "bool", "any"]);

/** Whether a variable takes `--var`/`TF_VAR_` text as a string (primitive or no type) or as an HCL expression. */
function takesRawText(decl: VariableDecl | undefined): boolean {
    return decl?.type === undefined || PRIMITIVE_TYPES.has(decl.type);
}

/** Evaluates an expression that may refer to nothing (a tfvars value, a default); `where` names it. */
function constant(expression: Parameters<typeof evaluate>[0], where: string): HclValue {
    try {
        return evaluate(expression, NO_REFERENCES);
    } catch (e) {
        if (e instanceof EvalError) throw new InputError(`${where}:${e.line}:${e.column}: ${e.message}`);
        throw e;
    }
}

async function expressionText(text: string, where: string, typeName: string): Promise<HclValue> {
    const tree = await parseHcl(`v = ${text}\n`);
    const attribute = firstSyntaxError(tree) ? undefined : bodyItems(fileBody(tree.rootNode)).attributes[0];
    if (!attribute)
        throw new InputError(
            `${where}: the value (${text.length} characters) is not an HCL expression, which a variable of type ${typeName} takes`,
        );
    try {
        return evaluate(attribute.expression, NO_REFERENCES);
    } catch (e) {
        if (e instanceof EvalError)
            throw new InputError(`${where}: the value (${text.length} characters) cannot be evaluated: ${e.message}`);
        throw e;
    }
}

/** A variable's declared type applied to text given as a string (`--var n=3` for a number). */
function fromText(text: string, decl: VariableDecl | undefined): HclValue {
    if (decl?.type === "number" && /^-?\d+(\.\d+)?([eE][+-]?\d+)?$/.test(text.trim())) return Number(text.trim());
    if (decl?.type === "bool" && (text === "true" || text === "false")) return text === "true";
    return text;
}

/** The variable files Terraform reads by itself from the root directory, in its order. */
function automaticFiles(rootDir: string): string[] {
    const names = (() => {
        try {
            return readdirSync(rootDir);
        } catch {
            return [];
        }
    })();
    const auto = names.filter((n) => n.endsWith(".auto.tfvars") || n.endsWith(".auto.tfvars.json")).sort();
    return [...["terraform.tfvars", "terraform.tfvars.json"].filter((n) => existsSync(path.join(rootDir, n))), ...auto].map((n) =>
        path.join(rootDir, n),
    );
}

async function readVariableFile(file: string, shown: string): Promise<Map<string, { value: HclValue; line: number }>> {
    const out = new Map<string, { value: HclValue; line: number }>();
    if (file.endsWith(".json")) {
        let doc: unknown;
        try {
            doc = JSON.parse(new TextDecoder("utf-8", { fatal: true }).decode(readFileBounded(file))) as unknown;
        } catch (e) {
            if (e instanceof InputError) throw e;
            throw new InputError(`${shown}: is not JSON`);
        }
        if (typeof doc !== "object" || doc === null || Array.isArray(doc))
            throw new InputError(`${shown}: is not a JSON object of variable values`);
        for (const [name, value] of Object.entries(doc)) out.set(name, { value: value as HclValue, line: 1 });
        return out;
    }
    const root = await readHclFile(file, shown);
    const { attributes, blocks } = bodyItems(fileBody(root));
    if (blocks[0])
        throw new InputError(`${shown}:${blocks[0].node.startPosition.row + 1}: a variable file holds only NAME = VALUE lines, not blocks`);
    for (const a of attributes) out.set(a.name, { value: constant(a.expression, shown), line: a.node.startPosition.row + 1 });
    return out;
}

/**
 * The root module's variable values from every source but the defaults, with warnings for values
 * of undeclared variables in files (Terraform warns too). An undeclared `--var` is an error, as in
 * Terraform.
 */
export async function rootVariableValues(
    module: ModuleConfig,
    rootDir: string,
    cwd: string,
    env: Readonly<Record<string, string | undefined>>,
    settings: readonly VariableSetting[],
): Promise<{ values: Map<string, VariableValue>; warnings: string[] }> {
    const values = new Map<string, VariableValue>();
    const warnings: string[] = [];
    for (const [key, text] of Object.entries(env)) {
        if (!key.startsWith("TF_VAR_") || text === undefined) continue;
        const name = key.slice("TF_VAR_".length);
        const decl = module.variables.get(name);
        if (!decl) continue;
        values.set(name, {
            value: takesRawText(decl)
                ? fromText(text, decl)
                : await expressionText(text, `environment variable ${printable(key)}`, decl.type ?? "any"),
            from: `environment variable ${printable(key)}`,
        });
    }
    const fileValues = async (file: string, shown: string) => {
        const undeclared: string[] = [];
        for (const [name, { value }] of await readVariableFile(file, shown)) {
            if (!module.variables.has(name)) {
                undeclared.push(name);
                continue;
            }
            values.set(name, { value, from: shown });
        }
        if (undeclared.length > 0)
            warnings.push(
                `${shown}: sets ${undeclared.length === 1 ? "a variable" : "variables"} the root module does not declare: ${undeclared
                    .slice(0, 5)
                    .map((n) => printable(n))
                    .join(", ")}${undeclared.length > 5 ? ` and ${undeclared.length - 5} more` : ""}`,
            );
    };
    for (const file of automaticFiles(rootDir)) await fileValues(file, shownPath(file, cwd));
    for (const setting of settings) {
        if (setting.kind === "file") {
            await fileValues(path.resolve(cwd, setting.file), setting.file);
            continue;
        }
        const eq = setting.text.indexOf("=");
        const name = eq > 0 ? setting.text.slice(0, eq) : "";
        if (!/^[A-Za-z_][A-Za-z0-9_-]*$/.test(name))
            throw new InputError(
                `--var: expected NAME=VALUE with a variable name before "=" (an argument of ${setting.text.length} characters)`,
            );
        const decl = module.variables.get(name);
        if (!decl)
            throw new InputError(`--var ${printable(name)}: the root module declares no variable ${printable(JSON.stringify(name))}`);
        const text = setting.text.slice(eq + 1);
        values.set(name, {
            value: takesRawText(decl) ? fromText(text, decl) : await expressionText(text, `--var ${printable(name)}`, decl.type ?? "any"),
            from: `--var ${printable(name)}`,
        });
    }
    return { values, warnings };
}

/** A variable's value with its declaration applied: sensitive ones wrapped. */
export function declared(decl: VariableDecl, value: HclValue): HclValue {
    return decl.sensitive && !(value instanceof Sensitive) && value !== null ? new Sensitive(value) : value;
}

/** A variable's default (which can refer to nothing), if it declares one. */
export function defaultOf(decl: VariableDecl): HclValue | undefined {
    return decl.default === undefined ? undefined : constant(decl.default, decl.file);
}
