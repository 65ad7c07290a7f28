import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import {
    COPY_INTERFACES,
    EDITIONS,
    type Edition,
    ENCRYPTIONS,
    type Encryption,
    hasSignatureColumn,
    INTERFACES,
    type Interface,
    MATRIX,
    OBJECT_INTERFACES,
    requirementFor,
} from "../policies/matrix";
import { at } from "./support/items";

// Every edition's four tables, copied from their published pages into fixtures (each with a header
// saying where from, and what is quoted and what is built from stated facts), are parsed here
// independently of policies/matrix.ts, so a typo in either shows up as a failing cell.
interface SourceCell {
    table: number;
    title: string | undefined;
    row: number;
    iface: Interface;
    source?: Encryption;
    target: Encryption;
    protocols: string[];
    /** Empty where the table has no signature column. */
    signatures: string[];
}

/** Row labels of the three pages (English S3 and native API pages, Chinese Huawei page). */
function encryptionOfLabel(label: string): Encryption {
    if (/^Non-encrypted (object|part)$/.test(label) || /^非加密(对象|段)$/.test(label)) return "none";
    const m = /^(?:Object|Part) encrypted using (SSE-KMS|SSE-C)$/.exec(label) ?? /^(SSE-KMS|SSE-C|SSE-OBS)加密(?:对象|段)$/.exec(label);
    if (!m) throw new Error(`unexpected row label ${JSON.stringify(label)}`);
    return m[1] as Encryption;
}

/** Interface names as each page spells them. */
const INTERFACE_NAMES: Readonly<Record<string, Interface>> = {
    ...Object.fromEntries(OBJECT_INTERFACES.map((i) => [i, i])),
    PutObject: "PUT Object",
    PostObject: "POST Object",
    InitiateMultipartUpload: "Initiate Multipart Upload",
    HeadObject: "HEAD Object",
    GetObject: "GET Object",
    UploadPart: "Upload Part",
    CompleteMultipartUpload: "Complete Multipart Upload",
    PUT上传对象: "PUT Object",
    POST上传对象: "POST Object",
    初始化上传段任务: "Initiate Multipart Upload",
    获取对象元数据: "HEAD Object",
    获取对象内容: "GET Object",
    上传段: "Upload Part",
    合并段: "Complete Multipart Upload",
};
function interfaceOfName(name: string): Interface {
    const iface = INTERFACE_NAMES[name];
    if (!iface) throw new Error(`unexpected interface name ${JSON.stringify(name)}`);
    return iface;
}

function fixture(name: string): string {
    return readFileSync(join(__dirname, "fixtures", name), "utf8");
}

/** The fixture without its provenance header ("#" lines before the first table). */
function body(text: string): string {
    return text.replace(/^(# [^\n]*\n)+/, "");
}

/** The seed's page text: a title line, then one cell per paragraph. */
function parseSeedText(text: string): SourceCell[] {
    const chunks = body(text)
        .split(/^(?=Table \d )/m)
        .filter((c) => c.trim() !== "");
    const cells: SourceCell[] = [];
    for (const chunk of chunks) {
        const lines = chunk
            .split("\n")
            .map((l) => l.trim())
            .filter((l) => l !== "");
        const heading = /^Table (\d) (.*?)¶?$/.exec(at(lines, 0));
        if (!heading) throw new Error(`seed chunk does not start with a table title: ${lines[0]}`);
        const table = Number(heading[1]);
        const title = heading[2];
        const copy = table > 2;
        const header = copy
            ? ["Source Object", lines[2], "Transfer Protocol", "Authentication"]
            : ["Interface", "Transfer Protocol", "Authentication"];
        if (lines.slice(1, 1 + header.length).join("|") !== header.join("|"))
            throw new Error(`table ${table}: unexpected header ${lines.slice(1, 1 + header.length).join("|")}`);
        const rows = lines.slice(1 + header.length);
        if (rows.length % header.length !== 0) throw new Error(`table ${table}: ${rows.length} cells do not fill rows of ${header.length}`);
        for (let i = 0; i < rows.length; i += header.length) {
            const r = rows.slice(i, i + header.length);
            const row = i / header.length + 1;
            cells.push(
                copy
                    ? {
                          table,
                          title,
                          row,
                          iface: at(COPY_INTERFACES, table - 3),
                          source: encryptionOfLabel(at(r, 0)),
                          target: encryptionOfLabel(at(r, 1)),
                          protocols: at(r, 2).split(" or "),
                          signatures: at(r, 3).split(" or "),
                      }
                    : {
                          table,
                          title,
                          row,
                          iface: interfaceOfName(at(r, 0)),
                          target: table === 1 ? "SSE-C" : "SSE-KMS",
                          protocols: at(r, 1).split(" or "),
                          signatures: at(r, 2).split(" or "),
                      },
            );
        }
    }
    return cells;
}

/** The native pages: "## Table N: title" (or "## 表N: title"), then a markdown table. */
function parseMarkdownTables(text: string): SourceCell[] {
    const cells: SourceCell[] = [];
    for (const section of body(text)
        .split(/^## /m)
        .filter((s) => s.trim() !== "")) {
        const [headingLine, ...rest] = section.split("\n") as [string, ...string[]];
        const heading = /^(?:Table |表)(\d): (.*)$/.exec(headingLine);
        if (!heading) throw new Error(`unexpected section heading ${JSON.stringify(headingLine)}`);
        const table = Number(heading[1]);
        const title = heading[2] === "(title not quoted)" ? undefined : heading[2];
        const rows = rest
            .filter((l) => l.startsWith("|"))
            .map((l) =>
                l
                    .split("|")
                    .slice(1, -1)
                    .map((c) => c.trim()),
            );
        const [header, rule, ...data] = rows;
        if (!header || !rule || !rule.every((c) => /^-+$/.test(c))) throw new Error(`table ${table}: no header row`);
        const copy = table > 2;
        const signed = header.length === (copy ? 4 : 3);
        data.forEach((r, i) => {
            if (r.length !== header.length) throw new Error(`table ${table} row ${i + 1}: ${r.length} cells, header has ${header.length}`);
            const protocol = at(r, copy ? 2 : 1);
            const signatures = signed ? at(r, copy ? 3 : 2).split(" or ") : [];
            cells.push(
                copy
                    ? {
                          table,
                          title,
                          row: i + 1,
                          iface: at(COPY_INTERFACES, table - 3),
                          source: encryptionOfLabel(at(r, 0)),
                          target: encryptionOfLabel(at(r, 1)),
                          protocols: protocol.split(" or "),
                          signatures,
                      }
                    : {
                          table,
                          title,
                          row: i + 1,
                          iface: interfaceOfName(at(r, 0)),
                          target: table === 1 ? "SSE-C" : "SSE-KMS",
                          protocols: protocol.split(" or "),
                          signatures,
                      },
            );
        });
    }
    return cells;
}

const SOURCES: ReadonlyArray<{
    edition: Edition;
    file: string;
    parse: (text: string) => SourceCell[];
    rows: [number, number, number, number];
}> = [
    { edition: "otc-s3", file: "seed-tables.txt", parse: parseSeedText, rows: [7, 7, 9, 9] },
    { edition: "otc-obs", file: "otc-obs-tables.md", parse: parseMarkdownTables, rows: [7, 7, 9, 9] },
    { edition: "huawei-obs", file: "huawei-obs-tables.md", parse: parseMarkdownTables, rows: [7, 7, 16, 16] },
];

describe("fixtures", () => {
    it("cover every edition", () => {
        expect(SOURCES.map((s) => s.edition).sort()).toEqual([...EDITIONS].sort());
    });

    for (const { file, parse, rows } of SOURCES) {
        it(`${file} names its source and parses into ${rows.join(" + ")} rows`, () => {
            const text = fixture(file);
            expect(text).toMatch(/^# .*\n# Source: /);
            const cells = parse(text);
            expect([1, 2, 3, 4].map((t) => cells.filter((c) => c.table === t).length)).toEqual(rows);
            expect(new Set(cells.map((c) => `${c.table}/${c.source}/${c.target}/${c.iface}`)).size).toBe(cells.length);
        });
    }

    it("the seed fixture's table text is the checksummed copy of the published page", () => {
        const text = fixture("seed-tables.txt");
        const stated = /sha256 of those lines: ([0-9a-f]{64})/.exec(text)?.[1];
        expect(stated).toBeDefined();
        expect(createHash("sha256").update(body(text)).digest("hex")).toBe(stated);
    });

    it("the parsers reject a fixture that does not have the expected shape", () => {
        expect(() => parseSeedText("Table 1 x¶\nInterface\nTransfer Protocol\nAuthentication\nPUT Object\nHTTPS\n")).toThrow(
            /do not fill rows/,
        );
        expect(() =>
            parseMarkdownTables("## Table 3: t\n| a | b | c |\n| --- | --- | --- |\n| Some object | Non-encrypted object | HTTPS |\n"),
        ).toThrow(/unexpected row label/);
    });
});

describe("every edition equals its published tables, cell by cell", () => {
    for (const { edition, file, parse } of SOURCES) {
        // A fixture that does not parse fails the "parses" test above instead of breaking collection.
        let cells: SourceCell[] = [];
        try {
            cells = parse(fixture(file));
        } catch {
            cells = [];
        }
        it.each(cells.map((c) => [`${edition} table ${c.table} row ${c.row}: ${c.source ?? "-"} -> ${c.target} ${c.iface}`, c] as const))(
            "%s",
            (_label, cell) => {
                const req = requirementFor(cell.iface, cell.target, cell.source, edition);
                expect(req).toBeDefined();
                expect(req!.protocols).toEqual(cell.protocols);
                expect(req!.signatures).toEqual(cell.signatures);
                expect(req!.table.number).toBe(cell.table);
                expect(req!.table.title).toBe(cell.title);
                expect(req!.row).toBe(cell.row);
                expect(req!.edition).toBe(edition);
            },
        );

        it(`${edition}: holds exactly the published tables, rows and titles, nothing more`, () => {
            expect(cells.length).toBeGreaterThan(0);
            const m = MATRIX[edition];
            const tables = [...m.objectTables, ...m.copyTables];
            expect(tables.map((t) => t.number)).toEqual([1, 2, 3, 4]);
            for (const t of tables) {
                const published = cells.filter((c) => c.table === t.number);
                expect(t.rows).toHaveLength(published.length);
                expect(t.title).toBe(at(published, 0).title);
            }
            expect(hasSignatureColumn(edition)).toBe(cells.every((c) => c.signatures.length > 0));
        });
    }

    it("defaults to the otc-s3 edition", () => {
        expect(requirementFor("PUT Object", "SSE-KMS")).toEqual(requirementFor("PUT Object", "SSE-KMS", undefined, "otc-s3"));
    });

    it("only the S3-compatible edition states signatures, and every one of its rows admits V4 (what the aws provider signs)", () => {
        expect(EDITIONS.filter(hasSignatureColumn)).toEqual(["otc-s3"]);
        const m = MATRIX["otc-s3"];
        const rows: ReadonlyArray<{ readonly signature?: string }> = [
            ...m.objectTables.flatMap((t) => t.rows),
            ...m.copyTables.flatMap((t) => t.rows),
        ];
        expect(rows).toHaveLength(32);
        for (const row of rows) expect(row.signature).toMatch(/V4/);
    });
});

describe("every combination is answered or deliberately absent", () => {
    // Derived from the fixtures, not from the code: a combination is answered exactly when its
    // edition's published tables have a row for it.
    for (const { edition, file, parse } of SOURCES) {
        it(`${edition}: answers exactly the published combinations`, () => {
            const published = new Set(parse(fixture(file)).map((c) => `${c.iface}/${c.source}/${c.target}`));
            for (const iface of INTERFACES) {
                const sources: (Encryption | undefined)[] = (COPY_INTERFACES as readonly string[]).includes(iface)
                    ? [...ENCRYPTIONS]
                    : [undefined];
                for (const source of sources) {
                    for (const target of ENCRYPTIONS) {
                        const answered = requirementFor(iface, target, source, edition) !== undefined;
                        expect(answered, `${edition} ${iface} ${source}->${target}`).toBe(published.has(`${iface}/${source}/${target}`));
                    }
                }
            }
        });
    }
});

describe("bad arguments", () => {
    const call = requirementFor as (...args: unknown[]) => unknown;
    it("requires a source for the copy interfaces", () => {
        expect(() => call("PUT Object - Copy", "SSE-KMS")).toThrow(
            /"PUT Object - Copy" copies an object, so the source object's encryption is required/,
        );
        expect(() => call("Upload Part - Copy", "none")).toThrow(/source object's encryption is required/);
    });
    it("rejects a source for the other interfaces", () => {
        expect(() => call("PUT Object", "SSE-KMS", "none")).toThrow(
            /"PUT Object" does not copy an object, so a source encryption must not be given \(got "none"\)/,
        );
    });
    it("names the unknown interface, encryption or edition and the accepted values", () => {
        expect(() => call("PUT object", "SSE-KMS")).toThrow(/unknown interface "PUT object"; expected one of "PUT Object"/);
        expect(() => call("PUT Object", "aws:kms")).toThrow(
            /unknown target encryption "aws:kms"; expected one of "none", "SSE-KMS", "SSE-C", "SSE-OBS"/,
        );
        expect(() => call("PUT Object - Copy", "none", "AES256")).toThrow(/unknown source encryption "AES256"/);
        expect(() => call("PUT Object", "SSE-C", undefined, "aws")).toThrow(
            /unknown matrix edition "aws"; expected one of "otc-s3", "otc-obs", "huawei-obs"/,
        );
    });
    it("returns frozen answers that callers cannot corrupt", () => {
        const req = requirementFor("PUT Object", "SSE-KMS")!;
        expect(Object.isFrozen(req)).toBe(true);
        expect(Object.isFrozen(req.protocols)).toBe(true);
    });
});
