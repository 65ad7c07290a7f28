// The layers point one way: the core (policies/) knows nothing of its front ends; the pack adapter
// (index.ts), the command (cli/) and the engine (engine/: a pack driven and a program captured as
// the Pulumi CLI would) build on it; the testing API (testing/) builds on the engine. The command
// never imports testing/. And no module imports itself back through others, type-only imports
// included: a type-only cycle is free at run time, but it still means two modules that cannot be
// read, moved or tested one without the other.
import { readdirSync, readFileSync } from "node:fs";
import * as path from "node:path";
import ts from "typescript";
import { describe, expect, it } from "vitest";

const ROOT = path.resolve(__dirname, "..");
const LAYER_DIRS = ["policies", "cli", "engine", "testing"] as const;

function tsFilesUnder(dir: string): string[] {
    return readdirSync(path.join(ROOT, dir), { withFileTypes: true }).flatMap((e) => {
        const rel = path.posix.join(dir, e.name);
        if (e.isDirectory()) return tsFilesUnder(rel);
        return e.name.endsWith(".ts") && !e.name.endsWith(".d.ts") ? [rel] : [];
    });
}

/**
 * Every module specifier a source file names: import and export declarations (type-only
 * included), `import x = require(...)`, `import("...")` calls and types, and `require("...")`
 * calls. String contents (a script held in a template literal) are not imports.
 */
function specifiersOf(fileName: string, text: string): string[] {
    const source = ts.createSourceFile(fileName, text, ts.ScriptTarget.ES2022, true, ts.ScriptKind.TS);
    const found: string[] = [];
    const visit = (node: ts.Node): void => {
        if (
            (ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) &&
            node.moduleSpecifier &&
            ts.isStringLiteral(node.moduleSpecifier)
        ) {
            found.push(node.moduleSpecifier.text);
        } else if (
            ts.isImportEqualsDeclaration(node) &&
            ts.isExternalModuleReference(node.moduleReference) &&
            ts.isStringLiteral(node.moduleReference.expression)
        ) {
            found.push(node.moduleReference.expression.text);
        } else if (
            ts.isCallExpression(node) &&
            node.arguments.length === 1 &&
            ts.isStringLiteralLike(node.arguments[0]!) &&
            (node.expression.kind === ts.SyntaxKind.ImportKeyword ||
                (ts.isIdentifier(node.expression) && node.expression.text === "require"))
        ) {
            found.push(node.arguments[0].text);
        } else if (ts.isImportTypeNode(node) && ts.isLiteralTypeNode(node.argument) && ts.isStringLiteral(node.argument.literal)) {
            found.push(node.argument.literal.text);
        }
        ts.forEachChild(node, visit);
    };
    visit(source);
    return found;
}

/**
 * The repository file a relative specifier names (foo -> foo.ts or foo/index.ts; foo.js -> foo.ts, as
 * TypeScript resolves the extension dynamic imports need under module node16), or undefined for a package.
 */
function resolveLocal(from: string, specifier: string, files: ReadonlySet<string>): string | undefined {
    if (!specifier.startsWith(".")) return undefined;
    const base = path.posix.normalize(path.posix.join(path.posix.dirname(from), specifier));
    const candidates = [base, `${base}.ts`, `${base}/index.ts`, ...(base.endsWith(".js") ? [`${base.slice(0, -3)}.ts`] : [])];
    for (const candidate of candidates) if (files.has(candidate)) return candidate;
    if (base.endsWith(".json")) return base;
    throw new Error(`${from}: cannot resolve ${specifier}`);
}

/** The layer a repository file belongs to: its top-level folder, or "index.ts" for the pack adapter. */
function layerOf(file: string): string {
    return file === "index.ts" ? "index.ts" : file.split("/")[0]!;
}

type Graph = ReadonlyMap<string, readonly string[]>;

function importGraph(): Graph {
    const files = ["index.ts", ...LAYER_DIRS.flatMap(tsFilesUnder)];
    const known = new Set(files);
    const graph = new Map<string, string[]>();
    for (const file of files) {
        const targets = specifiersOf(file, readFileSync(path.join(ROOT, file), "utf8")).flatMap((s) => resolveLocal(file, s, known) ?? []);
        graph.set(file, [...new Set(targets)]);
    }
    return graph;
}

/** The imports that cross from `layer` into one of `forbidden`, as "from -> to". */
function crossings(graph: Graph, layer: string, forbidden: readonly string[]): string[] {
    return [...graph].flatMap(([from, targets]) =>
        layerOf(from) !== layer ? [] : targets.filter((t) => forbidden.includes(layerOf(t))).map((t) => `${from} -> ${t}`),
    );
}

/** Every strongly connected set of two or more modules (Tarjan), each as a sorted list: these are the cycles. */
function cyclesOf(graph: Graph): string[][] {
    const index = new Map<string, number>();
    const low = new Map<string, number>();
    const stack: string[] = [];
    const onStack = new Set<string>();
    const found: string[][] = [];
    let next = 0;
    const connect = (v: string): void => {
        index.set(v, next);
        low.set(v, next);
        next++;
        stack.push(v);
        onStack.add(v);
        for (const w of graph.get(v) ?? []) {
            if (!index.has(w)) {
                connect(w);
                low.set(v, Math.min(low.get(v)!, low.get(w)!));
            } else if (onStack.has(w)) {
                low.set(v, Math.min(low.get(v)!, index.get(w)!));
            }
        }
        if (low.get(v) === index.get(v)) {
            const component: string[] = [];
            let w: string;
            do {
                w = stack.pop()!;
                onStack.delete(w);
                component.push(w);
            } while (w !== v);
            if (component.length > 1 || (graph.get(v) ?? []).includes(v)) found.push(component.sort());
        }
    };
    for (const v of graph.keys()) if (!index.has(v)) connect(v);
    return found;
}

describe("the import scanner", () => {
    it("finds static, type-only, re-export, dynamic and require imports, and no import in a string", () => {
        const text = [
            `import { a } from "./a";`,
            `import type { B } from "../b";`,
            `export { c } from "./c";`,
            `export type { D } from "./d";`,
            `import e = require("./e");`,
            `const f = async () => await import("./f");`,
            `type G = import("./g").G;`,
            `const h = require("./h");`,
            'const script = `require("./not-an-import")`;',
            `const quoted = "import { x } from './neither'";`,
        ].join("\n");
        expect(specifiersOf("x.ts", text)).toEqual(["./a", "../b", "./c", "./d", "./e", "./f", "./g", "./h"]);
    });

    it("finds a cycle through three modules and a module importing itself, and none in a chain", () => {
        expect(
            cyclesOf(
                new Map([
                    ["a", ["b"]],
                    ["b", ["c"]],
                    ["c", ["a"]],
                    ["d", ["a"]],
                ]),
            ),
        ).toEqual([["a", "b", "c"]]);
        expect(cyclesOf(new Map([["a", ["a"]]]))).toEqual([["a"]]);
        expect(
            cyclesOf(
                new Map([
                    ["a", ["b"]],
                    ["b", ["c"]],
                    ["c", []],
                ]),
            ),
        ).toEqual([]);
    });
});

describe("the layers of the repository", () => {
    const graph = importGraph();

    it("scans every layer (the scanner sees the imports it is meant to judge)", () => {
        for (const layer of ["index.ts", ...LAYER_DIRS])
            expect(
                [...graph.keys()].some((f) => layerOf(f) === layer),
                layer,
            ).toBe(true);
        expect(graph.get("index.ts")).toContain("policies/registry.ts");
        expect(graph.get("testing/index.ts")?.some((t) => layerOf(t) === "engine")).toBe(true);
    });

    it("the core (policies/) imports none of its front ends: not the pack adapter, the command, the engine or the testing API", () => {
        expect(crossings(graph, "policies", ["index.ts", "cli", "engine", "testing"])).toEqual([]);
    });

    it("the command (cli/) does not import the testing API: what both need is in engine/", () => {
        expect(crossings(graph, "cli", ["index.ts", "testing"])).toEqual([]);
    });

    it("the engine (engine/) imports neither the command nor the testing API", () => {
        expect(crossings(graph, "engine", ["index.ts", "cli", "testing"])).toEqual([]);
    });

    it("the testing API (testing/) does not import the command", () => {
        expect(crossings(graph, "testing", ["index.ts", "cli"])).toEqual([]);
    });

    it("has no import cycle, type-only imports included", () => {
        expect(cyclesOf(graph)).toEqual([]);
    });
});
