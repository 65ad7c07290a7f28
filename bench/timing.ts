// Launch timing: PackProcess.launch resolves when the pack has printed its port on stdout, so the
// time around it is spawn-to-port (plus binding the in-process fake engine, a few hundred
// microseconds, the same for every pack). The child's pid is found in /proc after the launch.
import { PackProcess, type LaunchOptions } from "../testing/pack";
import { findNewPackPid, findPackPids } from "./procfs";
import { elapsedMs, now } from "./stats";

export interface TimedLaunch {
    readonly pack: PackProcess;
    /** Milliseconds from calling launch to the port being read from the pack's stdout. */
    readonly launchMs: number;
    /** The pack process's pid, when /proc shows exactly one new pack process for the directory. */
    readonly pid: number | undefined;
}

export async function timedLaunch(packDir: string, options?: LaunchOptions): Promise<TimedLaunch> {
    const before = findPackPids(packDir);
    const start = now();
    const pack = await PackProcess.launch(packDir, options);
    const launchMs = elapsedMs(start);
    return { pack, launchMs, pid: findNewPackPid(packDir, before) };
}
