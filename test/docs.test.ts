// The docs: generated tables current, relative links pointing at files (and headings) that exist,
// and the README kept a front door.
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { GENERATED_DOCS } from "../scripts/policyDocs";
import { at } from "./support/items";

const ROOT = path.resolve(__dirname, "..");
const PAGES = [
    "README.md",
    "CONTRIBUTING.md",
    ...readdirSync(path.join(ROOT, "docs"))
        .filter((f) => f.endsWith(".md"))
        .map((f) => path.join("docs", f)),
];

/** GitHub's anchor for a heading: lower case, punctuation dropped, spaces to hyphens. */
function slug(heading: string): string {
    return heading
        .trim()
        .toLowerCase()
        .replace(/`/g, "")
        .replace(/[^\p{L}\p{N} _-]/gu, "")
        .replace(/ /g, "-");
}

function anchorsOf(markdown: string): Set<string> {
    const headings = [...markdown.matchAll(/^#{1,6} (.+)$/gm)].map((m) => slug(at(m, 1)));
    const ids = [...markdown.matchAll(/<a id="([^"]+)"><\/a>/g)].map((m) => at(m, 1));
    return new Set([...headings, ...ids]);
}

/** Relative link targets of a page, outside code blocks. */
function linksOf(markdown: string): string[] {
    const prose = markdown.replace(/```[\s\S]*?```/g, "");
    return [...prose.matchAll(/\]\(([^)\s]+)\)/g)].map((m) => at(m, 1)).filter((t) => !/^[a-z]+:/.test(t));
}

describe("docs", () => {
    it.each(GENERATED_DOCS.map((g) => [g.file, g] as const))(
        "%s holds the current generated policy table (npm run docs refreshes it)",
        (_file, g) => {
            const text = readFileSync(path.join(ROOT, g.file), "utf8");
            expect(g.update(text)).toBe(text);
        },
    );

    it.each(PAGES)("every relative link of %s points at a file and heading that exist", (page) => {
        const text = readFileSync(path.join(ROOT, page), "utf8");
        const broken = linksOf(text).filter((link) => {
            const [target, anchor] = link.split("#") as [string, string?];
            const file = target === "" ? path.join(ROOT, page) : path.resolve(path.dirname(path.join(ROOT, page)), target);
            if (!existsSync(file)) return true;
            if (anchor === undefined || statSync(file).isDirectory()) return false;
            return !anchorsOf(readFileSync(file, "utf8")).has(anchor);
        });
        expect(broken).toEqual([]);
    });

    it("the README stays a front door: at most 12 KB (12,000 bytes)", () => {
        expect(statSync(path.join(ROOT, "README.md")).size).toBeLessThanOrEqual(12_000);
    });
});
