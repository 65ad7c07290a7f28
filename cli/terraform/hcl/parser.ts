// Parses HCL (Terraform's .tf, .tfvars and -backend-config files) into a concrete syntax tree with
// positions and comments, using tree-sitter's HCL grammar compiled to WebAssembly: no native
// build at install, the same tree on every platform. The grammar and runtime load once, lazily,
// so runs that read no HCL never pay for them.
import { readFileSync } from "node:fs";
import { Language, Parser, type Node, type Tree } from "web-tree-sitter";

export type { Node as HclNode, Tree as HclTree };

let parserPromise: Promise<Parser> | undefined;

async function createParser(): Promise<Parser> {
    await Parser.init();
    // The terraform dialect of the grammar: HCL plus Terraform's template directives and heredocs.
    // Handed as bytes: given a path, the runtime reads it through import("fs/promises"), which starts
    // Node's ES module loader for nothing (cli/load.ts).
    const language = await Language.load(readFileSync(require.resolve("@tree-sitter-grammars/tree-sitter-hcl/tree-sitter-terraform.wasm")));
    const parser = new Parser();
    parser.setLanguage(language);
    return parser;
}

/** The shared parser (the runtime and grammar load on first use). */
export function hclParser(): Promise<Parser> {
    parserPromise ??= createParser();
    return parserPromise;
}

/** A parse error's first position, 1-based, or undefined when the text parsed cleanly. */
export function firstSyntaxError(tree: Tree): { line: number; column: number } | undefined {
    if (!tree.rootNode.hasError) return undefined;
    const stack: Node[] = [tree.rootNode];
    while (stack.length > 0) {
        const node = stack.pop()!;
        if (node.isError || node.isMissing) return { line: node.startPosition.row + 1, column: node.startPosition.column + 1 };
        if (!node.hasError) continue;
        // Children in reverse, so the earliest error is found first.
        for (let i = node.childCount - 1; i >= 0; i--) {
            const child = node.child(i);
            if (child) stack.push(child);
        }
    }
    return { line: 1, column: 1 };
}

/** Parses HCL text; the caller names the file in any error it reports (see firstSyntaxError). */
export async function parseHcl(text: string): Promise<Tree> {
    const parser = await hclParser();
    const tree = parser.parse(text);
    if (tree === null) throw new Error("the HCL parser returned no tree");
    return tree;
}
