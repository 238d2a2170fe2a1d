import { strict as assert } from 'node:assert';
import { test } from 'node:test';
import { expandPath, needsRestart, resolveLaunchSettings, resolveServerSettings } from '../src/settings';

function getter(values: Record<string, unknown>): (key: string) => unknown {
    return (key) => values[key];
}

test('defaults when nothing is set: no select (all default rules), no target, no docs URL', () => {
    const expected = {
        ignore: [],
        severity: {},
        trustedRegistries: [],
        strict: false,
        shellcheck: { enable: true },
        trivy: { enable: false },
    };
    assert.deepEqual(resolveServerSettings(getter({})), expected);
    assert.deepEqual(resolveServerSettings(getter({ select: [], target: '  ', docsBaseUrl: '' })), expected);
});

test('values are passed through, codes upper-cased, junk dropped', () => {
    const settings = resolveServerSettings(
        getter({
            select: ['sz5', ' DL3059 ', 42, ''],
            ignore: ['dl3008'],
            severity: { dl3059: 'Style', SZ501: 'error', SZ100: 'hint', SZ200: 3 },
            trustedRegistries: ['docker.io', 'ghcr.io'],
            strict: true,
            'shellcheck.enable': false,
            target: ' runtime ',
            'trivy.enable': true,
            docsBaseUrl: 'https://docs.example.org/rules/',
        }),
    );
    assert.deepEqual(settings, {
        select: ['SZ5', 'DL3059'],
        ignore: ['DL3008'],
        severity: { DL3059: 'style', SZ501: 'error' },
        trustedRegistries: ['docker.io', 'ghcr.io'],
        strict: true,
        shellcheck: { enable: false },
        target: 'runtime',
        trivy: { enable: true },
        docsBaseUrl: 'https://docs.example.org/rules/',
    });
});

test('wrongly typed values fall back to the defaults', () => {
    const settings = resolveServerSettings(getter({ select: 'SZ501', severity: ['x'], strict: 'yes', 'shellcheck.enable': 0, target: 7 }));
    assert.deepEqual([settings.select, settings.severity, settings.strict, settings.shellcheck, settings.target], [undefined, {}, false, { enable: true }, undefined]);
});

test('launch paths expand ${workspaceFolder} and ~', () => {
    assert.equal(expandPath('${workspaceFolder}/.venv/bin/python', '/home/ada/proj', '/home/ada'), '/home/ada/proj/.venv/bin/python');
    assert.equal(expandPath('~/.local/bin/stanzalint', undefined, '/home/ada'), '/home/ada/.local/bin/stanzalint');
    assert.equal(expandPath('${workspaceFolder}/x', undefined, '/home/ada'), '${workspaceFolder}/x');
    assert.deepEqual(resolveLaunchSettings(getter({ interpreter: ' ~/py/bin/python3 ', path: null }), '/w', '/home/ada'), {
        interpreter: '/home/ada/py/bin/python3',
        path: '',
    });
});

test('only interpreter and path changes restart the server', () => {
    const changed = (sections: string[]) => (section: string) => sections.includes(section);
    assert.equal(needsRestart(changed(['stanzalint', 'stanzalint.interpreter'])), true);
    assert.equal(needsRestart(changed(['stanzalint', 'stanzalint.path'])), true);
    assert.equal(needsRestart(changed(['stanzalint', 'stanzalint.ignore'])), false);
    assert.equal(needsRestart(changed(['editor.fontSize'])), false);
});
