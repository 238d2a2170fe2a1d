/**
 * Finding the Python interpreter that runs the bundled server.
 *
 * Order: the `stanzalint.interpreter` setting, the Python extension's active interpreter,
 * then `python3` on PATH (`python` on Windows). Pure logic: the process runner is injected,
 * so this module is tested without VS Code.
 */
import { execFile } from 'node:child_process';

export const MINIMUM_PYTHON: readonly [number, number] = [3, 10];
export const README_URL = 'https://github.com/stanzalint/stanzalint/blob/main/README.md#vs-code';

export type InterpreterSource = 'setting' | 'python-extension' | 'path';

export interface Candidate {
    source: InterpreterSource;
    /** Executable followed by its fixed arguments (e.g. `['py', '-3']`). */
    command: string[];
}

export interface Interpreter extends Candidate {
    version: [number, number, number];
    executable: string;
}

export type ProbeResult = { ok: true; stdout: string } | { ok: false; error: string };
export type Probe = (command: string[], args: string[]) => Promise<ProbeResult>;

export type DiscoveryResult =
    | { ok: true; interpreter: Interpreter; notes: string[] }
    | { ok: false; message: string; notes: string[] };

/** Prints version and executable on two lines; valid on every Python, old or new. */
export const VERSION_SNIPPET = 'import sys; sys.stdout.write("%d.%d.%d\\n%s\\n" % (sys.version_info[0], sys.version_info[1], sys.version_info[2], sys.executable))';

const SOURCE_LABEL: Record<InterpreterSource, string> = {
    setting: 'the stanzalint.interpreter setting',
    'python-extension': "the Python extension's interpreter",
    path: 'PATH',
};

export function candidateInterpreters(options: {
    setting: string;
    pythonExtension: string[] | undefined;
    platform: NodeJS.Platform;
}): Candidate[] {
    const candidates: Candidate[] = [];
    const fromSetting = options.setting.trim();
    if (fromSetting.length > 0) {
        // An explicit setting is the only candidate: a wrong value must be reported, not skipped.
        return [{ source: 'setting', command: [fromSetting] }];
    }
    if (options.pythonExtension && options.pythonExtension.length > 0) {
        candidates.push({ source: 'python-extension', command: options.pythonExtension });
    }
    candidates.push({ source: 'path', command: [options.platform === 'win32' ? 'python' : 'python3'] });
    return candidates;
}

export function parseProbeOutput(stdout: string): { version: [number, number, number]; executable: string } | undefined {
    const [versionLine, executable] = stdout.split(/\r?\n/);
    const match = /^(\d+)\.(\d+)\.(\d+)$/.exec((versionLine ?? '').trim());
    if (!match) {
        return undefined;
    }
    return {
        version: [Number(match[1]), Number(match[2]), Number(match[3])],
        executable: (executable ?? '').trim(),
    };
}

export function isSupported(version: readonly number[]): boolean {
    const [major, minor] = version;
    return major > MINIMUM_PYTHON[0] || (major === MINIMUM_PYTHON[0] && minor >= MINIMUM_PYTHON[1]);
}

function describe(candidate: Candidate): string {
    return `${candidate.command.join(' ')} (from ${SOURCE_LABEL[candidate.source]})`;
}

/** Tries the candidates in order and returns the first Python 3.10+ one, or why none fits. */
export async function discoverInterpreter(candidates: Candidate[], probe: Probe): Promise<DiscoveryResult> {
    const notes: string[] = [];
    for (const candidate of candidates) {
        const result = await probe(candidate.command, ['-c', VERSION_SNIPPET]);
        if (!result.ok) {
            notes.push(`${describe(candidate)}: cannot run: ${result.error}`);
            continue;
        }
        const parsed = parseProbeOutput(result.stdout);
        if (!parsed) {
            notes.push(`${describe(candidate)}: not a Python interpreter (printed ${JSON.stringify(result.stdout.slice(0, 80))})`);
            continue;
        }
        if (!isSupported(parsed.version)) {
            notes.push(`${describe(candidate)}: Python ${parsed.version.join('.')} is too old, stanzalint needs ${MINIMUM_PYTHON.join('.')} or newer`);
            continue;
        }
        return {
            ok: true,
            interpreter: { ...candidate, version: parsed.version, executable: parsed.executable || candidate.command[0] },
            notes,
        };
    }
    const message =
        `stanzalint needs Python ${MINIMUM_PYTHON.join('.')} or newer to run its bundled server, and found none. ` +
        'Install Python, or set "stanzalint.interpreter" to a Python executable, ' +
        `or set "stanzalint.path" to a stanzalint you installed. See ${README_URL}`;
    return { ok: false, message, notes };
}

/** Runs a command with a timeout and returns its standard output. */
export const runProbe: Probe = (command, args) =>
    new Promise((resolve) => {
        execFile(command[0], [...command.slice(1), ...args], { timeout: 15000, windowsHide: true }, (error, stdout, stderr) => {
            if (error) {
                const reason = (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'not found' : (stderr.trim() || error.message).split('\n').slice(-1)[0];
                resolve({ ok: false, error: reason });
            } else {
                resolve({ ok: true, stdout });
            }
        });
    });
