// The OBS server-side-encryption interface matrix, as data.
//
// OBS publishes, per storage interface and per encryption, which transfer protocol and which
// request signature a request may use. Each edition of that matrix (the S3-compatible API of
// Open Telekom Cloud, its native OBS API, Huawei Cloud's native API) is written out below as
// typed, read-only tables, one row per published row, in the published order, with cells in
// the published wording ("HTTP or HTTPS", "V2 or V4"). Only the S3-compatible tables have a signature
// column; the others have none, and none is invented. Each edition is tested cell by cell against its
// source fixture (test/fixtures). `requirementFor` is the one lookup; policies/edition.ts picks editions.

export const OBJECT_INTERFACES = [
    "PUT Object",
    "POST Object",
    "Initiate Multipart Upload",
    "HEAD Object",
    "GET Object",
    "Upload Part",
    "Complete Multipart Upload",
] as const;
export const COPY_INTERFACES = ["PUT Object - Copy", "Upload Part - Copy"] as const;
export const INTERFACES = [...OBJECT_INTERFACES, ...COPY_INTERFACES] as const;
export const ENCRYPTIONS = ["none", "SSE-KMS", "SSE-C", "SSE-OBS"] as const;
export const PROTOCOLS = ["HTTP", "HTTPS"] as const;
export const SIGNATURES = ["V2", "V4", "OBS"] as const;
export const EDITIONS = ["otc-s3", "otc-obs", "huawei-obs"] as const;
export const DEFAULT_EDITION: Edition = "otc-s3";

export type ObjectInterface = (typeof OBJECT_INTERFACES)[number];
export type CopyInterface = (typeof COPY_INTERFACES)[number];
export type Interface = (typeof INTERFACES)[number];
export type Encryption = (typeof ENCRYPTIONS)[number];
export type Protocol = (typeof PROTOCOLS)[number];
export type Signature = (typeof SIGNATURES)[number];
export type Edition = (typeof EDITIONS)[number];

/** A cell as the docs print it: one value, or two joined by " or ". */
type ProtocolCell = "HTTPS" | "HTTP or HTTPS";
type SignatureCell = "V4" | "V2 or V4";

export interface ObjectRow {
    readonly iface: ObjectInterface;
    readonly protocol: ProtocolCell;
    /** The "Authentication" cell; absent in editions whose tables have no such column. */
    readonly signature?: SignatureCell;
}

export interface CopyRow {
    readonly source: Encryption;
    readonly target: Encryption;
    readonly protocol: ProtocolCell;
    /** The "Authentication" cell; absent in editions whose tables have no such column. */
    readonly signature?: SignatureCell;
}

export interface ObjectTable {
    readonly number: 1 | 2;
    /** The published title; absent where the pack's sources give the table's content but not its title. */
    readonly title?: string;
    /** The encryption every row of this table is about. */
    readonly encryption: "SSE-C" | "SSE-KMS";
    readonly rows: readonly ObjectRow[];
}

export interface CopyTable {
    readonly number: 3 | 4;
    readonly title: string;
    readonly iface: CopyInterface;
    readonly rows: readonly CopyRow[];
}

export interface MatrixEdition {
    readonly edition: Edition;
    readonly title: string;
    readonly objectTables: readonly [ObjectTable, ObjectTable];
    readonly copyTables: readonly [CopyTable, CopyTable];
}

export interface Requirement {
    readonly protocols: readonly Protocol[];
    /** The signatures the row allows; empty when the edition's tables have no signature column. */
    readonly signatures: readonly Signature[];
    readonly edition: Edition;
    /** Number and title of the table that answered, and what it is about (for tables cited without a title). */
    readonly table: { readonly number: 1 | 2 | 3 | 4; readonly title?: string | undefined; readonly subject: string };
    /** 1-based row within that table, in the published order. */
    readonly row: number;
}

// ---- OTC, S3-compatible API (the seed): protocol and V2/V4 columns. ----

const OTC_S3: MatrixEdition = {
    edition: "otc-s3",
    title: "Open Telekom Cloud OBS, S3-compatible API",
    objectTables: [
        {
            number: 1,
            title: "Transfer protocols and authentication applicable to SSE-C-related interfaces",
            encryption: "SSE-C",
            rows: [
                { iface: "PUT Object", protocol: "HTTPS", signature: "V2 or V4" },
                { iface: "POST Object", protocol: "HTTPS", signature: "V2 or V4" },
                { iface: "Initiate Multipart Upload", protocol: "HTTPS", signature: "V2 or V4" },
                { iface: "HEAD Object", protocol: "HTTPS", signature: "V2 or V4" },
                { iface: "GET Object", protocol: "HTTPS", signature: "V2 or V4" },
                { iface: "Upload Part", protocol: "HTTPS", signature: "V2 or V4" },
                { iface: "Complete Multipart Upload", protocol: "HTTP or HTTPS", signature: "V2 or V4" },
            ],
        },
        {
            number: 2,
            title: "Transfer protocols and authentication applicable to SSE-KMS-related interfaces",
            encryption: "SSE-KMS",
            rows: [
                { iface: "PUT Object", protocol: "HTTPS", signature: "V4" },
                { iface: "POST Object", protocol: "HTTPS", signature: "V4" },
                { iface: "Initiate Multipart Upload", protocol: "HTTPS", signature: "V4" },
                { iface: "HEAD Object", protocol: "HTTP or HTTPS", signature: "V2 or V4" },
                { iface: "GET Object", protocol: "HTTPS", signature: "V4" },
                { iface: "Upload Part", protocol: "HTTPS", signature: "V4" },
                { iface: "Complete Multipart Upload", protocol: "HTTP or HTTPS", signature: "V2 or V4" },
            ],
        },
    ],
    copyTables: [
        {
            number: 3,
            title: "Transfer protocols and authentication applicable to PUT Object - Copy interfaces",
            iface: "PUT Object - Copy",
            rows: [
                { source: "none", target: "SSE-KMS", protocol: "HTTPS", signature: "V4" },
                { source: "SSE-KMS", target: "SSE-KMS", protocol: "HTTPS", signature: "V4" },
                { source: "SSE-C", target: "SSE-KMS", protocol: "HTTPS", signature: "V4" },
                { source: "none", target: "SSE-C", protocol: "HTTPS", signature: "V2 or V4" },
                { source: "SSE-KMS", target: "SSE-C", protocol: "HTTPS", signature: "V2 or V4" },
                { source: "SSE-C", target: "SSE-C", protocol: "HTTPS", signature: "V2 or V4" },
                { source: "none", target: "none", protocol: "HTTP or HTTPS", signature: "V2 or V4" },
                { source: "SSE-KMS", target: "none", protocol: "HTTP or HTTPS", signature: "V2 or V4" },
                { source: "SSE-C", target: "none", protocol: "HTTP or HTTPS", signature: "V2 or V4" },
            ],
        },
        {
            number: 4,
            title: "Transfer protocols and authentication applicable to Upload Part - Copy interfaces",
            iface: "Upload Part - Copy",
            rows: [
                { source: "none", target: "SSE-KMS", protocol: "HTTP or HTTPS", signature: "V2 or V4" },
                { source: "SSE-KMS", target: "SSE-KMS", protocol: "HTTP or HTTPS", signature: "V2 or V4" },
                { source: "SSE-C", target: "SSE-KMS", protocol: "HTTP or HTTPS", signature: "V2 or V4" },
                { source: "none", target: "SSE-C", protocol: "HTTPS", signature: "V2 or V4" },
                { source: "SSE-KMS", target: "SSE-C", protocol: "HTTPS", signature: "V2 or V4" },
                { source: "SSE-C", target: "SSE-C", protocol: "HTTPS", signature: "V2 or V4" },
                { source: "none", target: "none", protocol: "HTTP or HTTPS", signature: "V2 or V4" },
                { source: "SSE-KMS", target: "none", protocol: "HTTP or HTTPS", signature: "V2 or V4" },
                { source: "SSE-C", target: "none", protocol: "HTTP or HTTPS", signature: "V2 or V4" },
            ],
        },
    ],
};

// ---- OTC, native OBS API: the same protocol column, and no signature (Authentication) column. ----

const OTC_OBS: MatrixEdition = {
    edition: "otc-obs",
    title: "Open Telekom Cloud OBS, native OBS API",
    objectTables: [
        {
            number: 1,
            title: "Requirements for the transmission protocol used by the operations related to the SSE-C",
            encryption: "SSE-C",
            rows: [
                { iface: "PUT Object", protocol: "HTTPS" },
                { iface: "POST Object", protocol: "HTTPS" },
                { iface: "Initiate Multipart Upload", protocol: "HTTPS" },
                { iface: "HEAD Object", protocol: "HTTPS" },
                { iface: "GET Object", protocol: "HTTPS" },
                { iface: "Upload Part", protocol: "HTTPS" },
                { iface: "Complete Multipart Upload", protocol: "HTTP or HTTPS" },
            ],
        },
        {
            number: 2,
            title: "Requirements for the transfer protocol used by the operations related to the SSE-KMS",
            encryption: "SSE-KMS",
            rows: [
                { iface: "PUT Object", protocol: "HTTPS" },
                { iface: "POST Object", protocol: "HTTPS" },
                { iface: "Initiate Multipart Upload", protocol: "HTTPS" },
                { iface: "HEAD Object", protocol: "HTTP or HTTPS" },
                { iface: "GET Object", protocol: "HTTPS" },
                { iface: "Upload Part", protocol: "HTTPS" },
                { iface: "Complete Multipart Upload", protocol: "HTTP or HTTPS" },
            ],
        },
    ],
    copyTables: [
        {
            number: 3,
            title: "Requirements for transfer protocol used by the CopyObject operation",
            iface: "PUT Object - Copy",
            rows: [
                { source: "none", target: "SSE-KMS", protocol: "HTTPS" },
                { source: "SSE-KMS", target: "SSE-KMS", protocol: "HTTPS" },
                { source: "SSE-C", target: "SSE-KMS", protocol: "HTTPS" },
                { source: "none", target: "SSE-C", protocol: "HTTPS" },
                { source: "SSE-KMS", target: "SSE-C", protocol: "HTTPS" },
                { source: "SSE-C", target: "SSE-C", protocol: "HTTPS" },
                { source: "none", target: "none", protocol: "HTTP or HTTPS" },
                { source: "SSE-KMS", target: "none", protocol: "HTTP or HTTPS" },
                { source: "SSE-C", target: "none", protocol: "HTTP or HTTPS" },
            ],
        },
        {
            number: 4,
            title: "Requirements for the transfer protocol used by the UploadPart-Copy operation",
            iface: "Upload Part - Copy",
            rows: [
                { source: "none", target: "SSE-KMS", protocol: "HTTP or HTTPS" },
                { source: "SSE-KMS", target: "SSE-KMS", protocol: "HTTP or HTTPS" },
                { source: "SSE-C", target: "SSE-KMS", protocol: "HTTP or HTTPS" },
                { source: "none", target: "SSE-C", protocol: "HTTPS" },
                { source: "SSE-KMS", target: "SSE-C", protocol: "HTTPS" },
                { source: "SSE-C", target: "SSE-C", protocol: "HTTPS" },
                { source: "none", target: "none", protocol: "HTTP or HTTPS" },
                { source: "SSE-KMS", target: "none", protocol: "HTTP or HTTPS" },
                { source: "SSE-C", target: "none", protocol: "HTTP or HTTPS" },
            ],
        },
    ],
};

// ---- Huawei Cloud, native API: the OTC protocol values plus SSE-OBS rows in the copy tables, no signature
// column. The page is quoted in Chinese; tables 1 and 2 are known by content only (same rows as OTC), not by title. ----

const HUAWEI_OBS: MatrixEdition = {
    edition: "huawei-obs",
    title: "Huawei Cloud OBS, native OBS API",
    objectTables: [
        {
            number: 1,
            encryption: "SSE-C",
            rows: [
                { iface: "PUT Object", protocol: "HTTPS" },
                { iface: "POST Object", protocol: "HTTPS" },
                { iface: "Initiate Multipart Upload", protocol: "HTTPS" },
                { iface: "HEAD Object", protocol: "HTTPS" },
                { iface: "GET Object", protocol: "HTTPS" },
                { iface: "Upload Part", protocol: "HTTPS" },
                { iface: "Complete Multipart Upload", protocol: "HTTP or HTTPS" },
            ],
        },
        {
            number: 2,
            encryption: "SSE-KMS",
            rows: [
                { iface: "PUT Object", protocol: "HTTPS" },
                { iface: "POST Object", protocol: "HTTPS" },
                { iface: "Initiate Multipart Upload", protocol: "HTTPS" },
                { iface: "HEAD Object", protocol: "HTTP or HTTPS" },
                { iface: "GET Object", protocol: "HTTPS" },
                { iface: "Upload Part", protocol: "HTTPS" },
                { iface: "Complete Multipart Upload", protocol: "HTTP or HTTPS" },
            ],
        },
    ],
    copyTables: [
        {
            number: 3,
            title: "复制对象接口对传输协议的使用要求",
            iface: "PUT Object - Copy",
            rows: [
                { source: "none", target: "SSE-KMS", protocol: "HTTPS" },
                { source: "SSE-KMS", target: "SSE-KMS", protocol: "HTTPS" },
                { source: "SSE-OBS", target: "SSE-KMS", protocol: "HTTPS" },
                { source: "SSE-C", target: "SSE-KMS", protocol: "HTTPS" },
                { source: "none", target: "SSE-C", protocol: "HTTPS" },
                { source: "SSE-KMS", target: "SSE-C", protocol: "HTTPS" },
                { source: "SSE-OBS", target: "SSE-C", protocol: "HTTPS" },
                { source: "SSE-C", target: "SSE-C", protocol: "HTTPS" },
                { source: "none", target: "none", protocol: "HTTP or HTTPS" },
                { source: "SSE-KMS", target: "none", protocol: "HTTP or HTTPS" },
                { source: "SSE-OBS", target: "none", protocol: "HTTP or HTTPS" },
                { source: "SSE-C", target: "none", protocol: "HTTP or HTTPS" },
                { source: "none", target: "SSE-OBS", protocol: "HTTPS" },
                { source: "SSE-KMS", target: "SSE-OBS", protocol: "HTTPS" },
                { source: "SSE-OBS", target: "SSE-OBS", protocol: "HTTPS" },
                { source: "SSE-C", target: "SSE-OBS", protocol: "HTTPS" },
            ],
        },
        {
            number: 4,
            title: "拷贝段接口对传输协议的使用要求",
            iface: "Upload Part - Copy",
            rows: [
                { source: "none", target: "SSE-KMS", protocol: "HTTP or HTTPS" },
                { source: "SSE-KMS", target: "SSE-KMS", protocol: "HTTP or HTTPS" },
                { source: "SSE-OBS", target: "SSE-KMS", protocol: "HTTP or HTTPS" },
                { source: "SSE-C", target: "SSE-KMS", protocol: "HTTP or HTTPS" },
                { source: "none", target: "SSE-C", protocol: "HTTPS" },
                { source: "SSE-KMS", target: "SSE-C", protocol: "HTTPS" },
                { source: "SSE-OBS", target: "SSE-C", protocol: "HTTPS" },
                { source: "SSE-C", target: "SSE-C", protocol: "HTTPS" },
                { source: "none", target: "none", protocol: "HTTP or HTTPS" },
                { source: "SSE-KMS", target: "none", protocol: "HTTP or HTTPS" },
                { source: "SSE-OBS", target: "none", protocol: "HTTP or HTTPS" },
                { source: "SSE-C", target: "none", protocol: "HTTP or HTTPS" },
                { source: "none", target: "SSE-OBS", protocol: "HTTP or HTTPS" },
                { source: "SSE-KMS", target: "SSE-OBS", protocol: "HTTP or HTTPS" },
                { source: "SSE-OBS", target: "SSE-OBS", protocol: "HTTP or HTTPS" },
                { source: "SSE-C", target: "SSE-OBS", protocol: "HTTP or HTTPS" },
            ],
        },
    ],
};

/** Freezes the tables all the way down, so no caller can edit the published rules. */
function deepFreeze<T>(value: T): T {
    if (value !== null && typeof value === "object" && !Object.isFrozen(value)) {
        for (const v of Object.values(value)) deepFreeze(v);
        Object.freeze(value);
    }
    return value;
}

export const MATRIX: Readonly<Record<Edition, MatrixEdition>> = deepFreeze({
    "otc-s3": OTC_S3,
    "otc-obs": OTC_OBS,
    "huawei-obs": HUAWEI_OBS,
});

function isOneOf<T extends string>(values: readonly T[], value: unknown): value is T {
    return typeof value === "string" && (values as readonly string[]).includes(value);
}

export const isInterface = (v: unknown): v is Interface => isOneOf(INTERFACES, v);
export const isCopyInterface = (v: unknown): v is CopyInterface => isOneOf(COPY_INTERFACES, v);
export const isEncryption = (v: unknown): v is Encryption => isOneOf(ENCRYPTIONS, v);
export const isEdition = (v: unknown): v is Edition => isOneOf(EDITIONS, v);

/** Splits a published cell ("HTTP or HTTPS") into its alternatives. */
function alternatives<T extends string>(cell: string): readonly T[] {
    return Object.freeze(cell.split(" or ") as T[]);
}

function quoteList(values: readonly string[]): string {
    return values.map((v) => `"${v}"`).join(", ");
}

/**
 * What the matrix of `edition` allows for a request to `iface` on an object (or part) whose
 * encryption is `target`; for the two copy interfaces, `source` is the encryption of the object
 * copied from. Returns `undefined` where the edition has no row for the combination (for example
 * an unencrypted PUT Object, which no table covers). Throws on arguments outside the vocabulary.
 */
export function requirementFor(
    iface: Interface,
    target: Encryption,
    source?: Encryption,
    edition: Edition = DEFAULT_EDITION,
): Requirement | undefined {
    // Every policy asks the same few cells for every resource: valid questions are answered from
    // the index; anything else goes to the full check, which throws on what is not vocabulary.
    const answer = INDEX.get(edition)?.get(iface)?.get(source)?.get(target);
    if (answer !== undefined) return answer ?? undefined;
    return lookUp(iface, target, source, edition);
}

function lookUp(iface: Interface, target: Encryption, source: Encryption | undefined, edition: Edition): Requirement | undefined {
    if (!isInterface(iface)) {
        throw new Error(`requirementFor: unknown interface ${JSON.stringify(iface)}; expected one of ${quoteList(INTERFACES)}`);
    }
    if (!isEncryption(target)) {
        throw new Error(`requirementFor: unknown target encryption ${JSON.stringify(target)}; expected one of ${quoteList(ENCRYPTIONS)}`);
    }
    if (!isEdition(edition)) {
        throw new Error(`requirementFor: unknown matrix edition ${JSON.stringify(edition)}; expected one of ${quoteList(EDITIONS)}`);
    }
    const matrix = MATRIX[edition];
    if (isCopyInterface(iface)) {
        if (source === undefined) {
            throw new Error(`requirementFor: "${iface}" copies an object, so the source object's encryption is required`);
        }
        if (!isEncryption(source)) {
            throw new Error(
                `requirementFor: unknown source encryption ${JSON.stringify(source)}; expected one of ${quoteList(ENCRYPTIONS)}`,
            );
        }
        const table = matrix.copyTables.find((t) => t.iface === iface);
        const index = table?.rows.findIndex((r) => r.source === source && r.target === target) ?? -1;
        const row = table?.rows[index];
        return table && row ? toRequirement(edition, table, index, row) : undefined;
    }
    if (source !== undefined) {
        throw new Error(
            `requirementFor: "${iface}" does not copy an object, so a source encryption must not be given (got ${JSON.stringify(source)})`,
        );
    }
    const table = matrix.objectTables.find((t) => t.encryption === target);
    const index = table?.rows.findIndex((r) => r.iface === iface) ?? -1;
    const row = table?.rows[index];
    return table && row ? toRequirement(edition, table, index, row) : undefined;
}

function toRequirement(edition: Edition, table: ObjectTable | CopyTable, index: number, row: ObjectRow | CopyRow): Requirement {
    return Object.freeze({
        protocols: alternatives<Protocol>(row.protocol),
        signatures: row.signature === undefined ? Object.freeze([]) : alternatives<Signature>(row.signature),
        edition,
        table: Object.freeze({
            number: table.number,
            title: table.title,
            subject: "iface" in table ? table.iface : `${table.encryption}-related interfaces`,
        }),
        row: index + 1,
    });
}

/** Whether an edition's tables have a signature ("Authentication") column; only the S3-compatible API's do. */
export function hasSignatureColumn(edition: Edition): boolean {
    return MATRIX[edition].objectTables[0]?.rows[0]?.signature !== undefined;
}

/** "otc-s3 matrix table 2 ("…SSE-KMS-related interfaces"), row 1: HTTPS, V4": how messages cite a row. */
export function describeRequirement(req: Requirement): string {
    const table = req.table.title !== undefined ? `"${req.table.title}"` : req.table.subject;
    const cells = [req.protocols.join(" or "), ...(req.signatures.length > 0 ? [req.signatures.join(" or ")] : [])];
    return `${req.edition} matrix table ${req.table.number} (${table}), row ${req.row}: ${cells.join(", ")}`;
}

/**
 * Every valid question to the matrix, answered once when the module loads (null: no row), by
 * edition, interface, source encryption (undefined for non-copies) and target encryption.
 */
const INDEX: ReadonlyMap<
    Edition,
    ReadonlyMap<Interface, ReadonlyMap<Encryption | undefined, ReadonlyMap<Encryption, Requirement | null>>>
> = new Map(
    EDITIONS.map((edition) => [
        edition,
        new Map(
            INTERFACES.map((iface) => {
                const sources: ReadonlyArray<Encryption | undefined> = isCopyInterface(iface) ? ENCRYPTIONS : [undefined];
                return [
                    iface,
                    new Map(
                        sources.map((source) => [
                            source,
                            new Map(ENCRYPTIONS.map((target) => [target, lookUp(iface, target, source, edition) ?? null])),
                        ]),
                    ),
                ];
            }),
        ),
    ]),
);
