/**
 * The settings sent to the server (`workspace/configuration`, section `stanzalint`) and the
 * ones that decide how the server is launched. Pure: reads through an injected getter.
 */

export type Severity = 'error' | 'warning' | 'info' | 'style';
const SEVERITIES: readonly string[] = ['error', 'warning', 'info', 'style'];

/**
 * What the server receives. Keys left at their default are omitted: an empty `select` would
 * mean "no rule at all" and an empty `target` a stage with no name.
 */
export interface ServerSettings {
    select?: string[];
    ignore: string[];
    severity: Record<string, Severity>;
    trustedRegistries: string[];
    strict: boolean;
    shellcheck: { enable: boolean };
    target?: string;
    trivy: { enable: boolean };
    docsBaseUrl?: string;
}

export interface LaunchSettings {
    interpreter: string;
    path: string;
}

/** Reads one key below `stanzalint.` (e.g. `shellcheck.enable`). */
export type SettingGetter = (key: string) => unknown;

/** Settings whose change needs a new server process; every other change is sent live. */
export const RESTART_SETTINGS: readonly string[] = ['stanzalint.interpreter', 'stanzalint.path'];

function stringList(value: unknown): string[] {
    if (!Array.isArray(value)) {
        return [];
    }
    return value.filter((item): item is string => typeof item === 'string').map((item) => item.trim()).filter((item) => item.length > 0);
}

function text(value: unknown): string {
    return typeof value === 'string' ? value.trim() : '';
}

function flag(value: unknown, fallback: boolean): boolean {
    return typeof value === 'boolean' ? value : fallback;
}

function severityMap(value: unknown): Record<string, Severity> {
    const result: Record<string, Severity> = {};
    if (value === null || typeof value !== 'object' || Array.isArray(value)) {
        return result;
    }
    for (const [code, severity] of Object.entries(value as Record<string, unknown>)) {
        if (typeof severity === 'string' && SEVERITIES.includes(severity.toLowerCase()) && code.trim()) {
            result[code.trim().toUpperCase()] = severity.toLowerCase() as Severity;
        }
    }
    return result;
}

export function resolveServerSettings(get: SettingGetter): ServerSettings {
    const select = stringList(get('select')).map((code) => code.toUpperCase());
    const target = text(get('target'));
    const docsBaseUrl = text(get('docsBaseUrl'));
    return {
        ...(select.length > 0 ? { select } : {}),
        ignore: stringList(get('ignore')).map((code) => code.toUpperCase()),
        severity: severityMap(get('severity')),
        trustedRegistries: stringList(get('trustedRegistries')),
        strict: flag(get('strict'), false),
        shellcheck: { enable: flag(get('shellcheck.enable'), true) },
        ...(target ? { target } : {}),
        trivy: { enable: flag(get('trivy.enable'), false) },
        ...(docsBaseUrl ? { docsBaseUrl } : {}),
    };
}

/** Replaces `${workspaceFolder}` and a leading `~` so paths in settings can be shared. */
export function expandPath(value: string, workspaceFolder: string | undefined, home: string): string {
    let result = value.trim();
    if (workspaceFolder !== undefined) {
        result = result.split('${workspaceFolder}').join(workspaceFolder);
    }
    if (result === '~' || result.startsWith('~/') || result.startsWith('~\\')) {
        result = home + result.slice(1);
    }
    return result;
}

export function resolveLaunchSettings(get: SettingGetter, workspaceFolder: string | undefined, home: string): LaunchSettings {
    return {
        interpreter: expandPath(text(get('interpreter')), workspaceFolder, home),
        path: expandPath(text(get('path')), workspaceFolder, home),
    };
}

export function needsRestart(affects: (section: string) => boolean): boolean {
    return RESTART_SETTINGS.some((section) => affects(section));
}
