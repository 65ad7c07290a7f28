// Reading a pack process from /proc (Linux only). PackProcess keeps its child private, so the pack
// is found as the child of this process whose command line runs run-policy-pack and whose working
// directory is the pack's directory.
import * as fs from "node:fs";
import * as path from "node:path";

function readText(file: string): string | undefined {
    try {
        return fs.readFileSync(file, "utf8");
    } catch {
        return undefined;
    }
}

function parentOf(pid: number): number | undefined {
    const stat = readText(`/proc/${pid}/stat`);
    if (!stat) return undefined;
    // "pid (comm) state ppid ..."; comm may contain spaces and parentheses, so split after the last ')'.
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    return Number(fields[1]);
}

/** Pids of run-policy-pack children of this process running in `packDir`. */
export function findPackPids(packDir: string): number[] {
    const dir = path.resolve(packDir);
    const out: number[] = [];
    for (const entry of fs.readdirSync("/proc")) {
        if (!/^\d+$/.test(entry)) continue;
        const pid = Number(entry);
        if (parentOf(pid) !== process.pid) continue;
        const cmdline = readText(`/proc/${pid}/cmdline`);
        if (!cmdline || !cmdline.includes("run-policy-pack")) continue;
        let cwd: string;
        try {
            cwd = fs.readlinkSync(`/proc/${pid}/cwd`);
        } catch {
            continue;
        }
        if (path.resolve(cwd) === dir) out.push(pid);
    }
    return out;
}

/** The single pack process in `packDir` that `before` did not list (pids taken before launching). */
export function findNewPackPid(packDir: string, before: readonly number[]): number | undefined {
    const fresh = findPackPids(packDir).filter((p) => !before.includes(p));
    return fresh.length === 1 ? fresh[0] : undefined;
}

function statusField(pid: number, field: string): number | undefined {
    const status = readText(`/proc/${pid}/status`);
    const m = status && new RegExp(`^${field}:\\s+(\\d+)\\s+kB`, "m").exec(status);
    return m ? Number(m[1]) * 1024 : undefined;
}

/** Peak resident set size (VmHWM), bytes. */
export function peakRss(pid: number): number | undefined {
    return statusField(pid, "VmHWM");
}

/** Current resident set size (VmRSS), bytes. */
export function currentRss(pid: number): number | undefined {
    return statusField(pid, "VmRSS");
}

/**
 * Resets the process's peak RSS to its current RSS (writes 5 to /proc/<pid>/clear_refs), so
 * VmHWM afterwards is the peak of what runs next. False when the kernel or permissions refuse.
 */
export function resetPeakRss(pid: number): boolean {
    try {
        fs.writeFileSync(`/proc/${pid}/clear_refs`, "5");
        return true;
    } catch {
        return false;
    }
}

const CLOCK_TICKS = 100; // USER_HZ on Linux

/** User + system CPU time the process has used so far, milliseconds (10 ms resolution). */
export function cpuTimeMs(pid: number): number | undefined {
    const stat = readText(`/proc/${pid}/stat`);
    if (!stat) return undefined;
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    // After "pid (comm) ": state(0) ppid(1) ... utime(11) stime(12).
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / CLOCK_TICKS;
}

/** CPU time of one thread of the process (the main JS thread has tid == pid), milliseconds. */
export function threadCpuMs(pid: number, tid: number): number | undefined {
    const stat = readText(`/proc/${pid}/task/${tid}/stat`);
    if (!stat) return undefined;
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / CLOCK_TICKS;
}

export interface SystemCpu {
    /** Busy time of all CPUs (user, nice, system, irq, softirq), ms. */
    readonly busyMs: number;
    /** Time the hypervisor ran something else while this VM wanted a CPU, ms. */
    readonly stealMs: number;
    /** All accounted time of all CPUs, ms. */
    readonly totalMs: number;
}

/** The machine-wide CPU counters of /proc/stat. */
export function systemCpu(): SystemCpu | undefined {
    const line = readText("/proc/stat")?.split("\n").find((l) => l.startsWith("cpu "));
    if (!line) return undefined;
    const [user, nice, system, idle, iowait, irq, softirq, steal] = line.trim().split(/\s+/).slice(1).map(Number);
    const tick = 1000 / CLOCK_TICKS;
    return {
        busyMs: (user + nice + system + irq + softirq) * tick,
        stealMs: (steal ?? 0) * tick,
        totalMs: (user + nice + system + idle + iowait + irq + softirq + (steal ?? 0)) * tick,
    };
}

/** CPU time of this process and its reaped children (the pack processes it started and stopped), ms. */
export function selfAndChildrenCpuMs(): number | undefined {
    const stat = readText("/proc/self/stat");
    if (!stat) return undefined;
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    // utime(11) stime(12) cutime(13) cstime(14)
    return ((Number(fields[11]) + Number(fields[12]) + Number(fields[13]) + Number(fields[14])) * 1000) / CLOCK_TICKS;
}
