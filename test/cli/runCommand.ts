// Runs obs-sse-check in this process (main from cli/main.ts) on captured streams.
import { Readable, Writable } from "node:stream";
import { main } from "../../cli/main";
import { asksForJsonOnStdout, assertValidJsonReport } from "../support/reportSchema";

/** A Writable that keeps what is written. */
export class Capture extends Writable {
    private readonly chunks: Buffer[] = [];
    override _write(chunk: Buffer | string, _encoding: BufferEncoding, callback: (error?: Error | null) => void): void {
        this.chunks.push(typeof chunk === "string" ? Buffer.from(chunk) : chunk);
        callback();
    }
    get text(): string {
        return Buffer.concat(this.chunks).toString("utf8");
    }
}

export interface CommandResult {
    readonly code: number;
    readonly stdout: string;
    readonly stderr: string;
}

export async function runCommand(
    args: readonly string[],
    options: { cwd: string; stdin?: Buffer | string; stdout?: Writable; env?: Readonly<Record<string, string | undefined>> },
): Promise<CommandResult> {
    const stdout = new Capture();
    const stderr = new Capture();
    const stdin = Readable.from(options.stdin === undefined ? [] : [Buffer.from(options.stdin)]);
    // No colour unless a test asks for it: the environment the tests run in is not the command's.
    const code = await main(args, { stdout: options.stdout ?? stdout, stderr, stdin, cwd: options.cwd, env: options.env ?? {} });
    // Every JSON report a test produces follows the published schema.
    if ((code === 0 || code === 1) && options.stdout === undefined && asksForJsonOnStdout(args)) assertValidJsonReport(stdout.text);
    return { code, stdout: stdout.text, stderr: stderr.text };
}
