/**
 * The command line that starts the language server: a user-installed `stanzalint serve`
 * (`stanzalint.path`) or the bundled server run by a Python interpreter through the launcher.
 */
import * as path from 'node:path';

export interface ServerCommand {
    command: string;
    args: string[];
    /** Shown in the output channel and the status bar tooltip. */
    description: string;
}

/** Where the launcher sits inside the extension folder. */
export function launcherPath(extensionDir: string): string {
    return path.join(extensionDir, 'python', 'launch.py');
}

export function userServerCommand(stanzalintPath: string): ServerCommand {
    return { command: stanzalintPath, args: ['serve'], description: `${stanzalintPath} serve (from the stanzalint.path setting)` };
}

export function bundledServerCommand(interpreter: string[], extensionDir: string): ServerCommand {
    const launcher = launcherPath(extensionDir);
    return {
        command: interpreter[0],
        args: [...interpreter.slice(1), launcher],
        description: `bundled server run by ${interpreter.join(' ')}`,
    };
}

/** The same command with `--check`: the launcher only reports what is missing, as JSON. */
export function checkCommand(server: ServerCommand): ServerCommand {
    return { ...server, args: [...server.args, '--check'] };
}

export interface LauncherReport {
    ok: boolean;
    python: string;
    problems: string[];
    shellcheck: string | null;
}

/** Reads the launcher's `--check` output (one JSON object on the last line). */
export function parseLauncherReport(stdout: string): LauncherReport | undefined {
    const lines = stdout.trim().split(/\r?\n/);
    try {
        const value = JSON.parse(lines[lines.length - 1]) as Partial<LauncherReport>;
        if (typeof value.ok !== 'boolean' || !Array.isArray(value.problems)) {
            return undefined;
        }
        return {
            ok: value.ok,
            python: typeof value.python === 'string' ? value.python : '',
            problems: value.problems.filter((p): p is string => typeof p === 'string'),
            shellcheck: typeof value.shellcheck === 'string' ? value.shellcheck : null,
        };
    } catch {
        return undefined;
    }
}
