/** The Python launcher (python/launch.py) run for real in a fake extension folder. */
import { strict as assert } from 'node:assert';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { test } from 'node:test';
import { bundledServerCommand, checkCommand, parseLauncherReport, userServerCommand } from '../src/serverCommand';

const LAUNCHER = path.resolve(__dirname, '..', '..', 'python', 'launch.py');
const PYTHON = process.platform === 'win32' ? 'python' : 'python3';
const TAG = execFileSync(PYTHON, ['-c', 'import sys; print("cp%d%d" % sys.version_info[:2])']).toString().trim();

function write(file: string, text: string): void {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, text);
}

/** An extension folder with the launcher and stand-ins for the bundled packages. */
function fakeExtension(options: { native: boolean; shellcheck: boolean }): string {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'stanzalint-ext-'));
    fs.mkdirSync(path.join(dir, 'python'));
    fs.copyFileSync(LAUNCHER, path.join(dir, 'python', 'launch.py'));
    const libs = path.join(dir, 'bundled', 'libs');
    write(path.join(libs, 'stanzalint', '__init__.py'), '');
    write(
        path.join(libs, 'stanzalint', 'cli.py'),
        'import json, os, sys\n' +
            'def main(argv=None):\n' +
            '    sys.stdout.write(json.dumps({"argv": argv, "path0": sys.path[:2], "PATH": os.environ["PATH"]}))\n' +
            '    return 7\n',
    );
    write(path.join(libs, 'stanzalint', 'lsp', '__init__.py'), '');
    write(path.join(libs, 'stanzalint', 'lsp', 'server.py'), '');
    write(path.join(libs, 'pygls', '__init__.py'), '');
    write(path.join(libs, 'lsprotocol', '__init__.py'), '');
    write(path.join(libs, 'tree_sitter_bash', '__init__.py'), '');
    if (options.native) {
        write(path.join(dir, 'bundled', 'native', TAG, 'tree_sitter', '__init__.py'), '');
    } else {
        write(path.join(dir, 'bundled', 'native', 'cp00', 'tree_sitter', '__init__.py'), '');
    }
    if (options.shellcheck) {
        write(path.join(dir, 'bundled', 'shellcheck', 'bin', 'shellcheck'), '#!/bin/sh\necho fake\n');
        fs.chmodSync(path.join(dir, 'bundled', 'shellcheck', 'bin', 'shellcheck'), 0o755);
    }
    return dir;
}

function run(dir: string, args: string[]): { status: number; stdout: string } {
    const command = bundledServerCommand([PYTHON], dir);
    try {
        const stdout = execFileSync(command.command, [...command.args, ...args], {
            env: { PATH: '/usr/bin:/bin', PYTHONPATH: '', HOME: os.tmpdir() },
        }).toString();
        return { status: 0, stdout };
    } catch (error) {
        const failed = error as { status: number; stdout: Buffer };
        return { status: failed.status, stdout: failed.stdout.toString() };
    }
}

test('the server command is the launcher under python/, or `<path> serve`', () => {
    assert.deepEqual(bundledServerCommand(['/usr/bin/python3'], '/ext'), {
        command: '/usr/bin/python3',
        args: [path.join('/ext', 'python', 'launch.py')],
        description: 'bundled server run by /usr/bin/python3',
    });
    assert.deepEqual(checkCommand(bundledServerCommand(['py', '-3'], '/ext')).args, ['-3', path.join('/ext', 'python', 'launch.py'), '--check']);
    assert.deepEqual(userServerCommand('/home/ada/.local/bin/stanzalint'), {
        command: '/home/ada/.local/bin/stanzalint',
        args: ['serve'],
        description: '/home/ada/.local/bin/stanzalint serve (from the stanzalint.path setting)',
    });
});

test('launcher --check: all present, bundled ShellCheck first on PATH', () => {
    const dir = fakeExtension({ native: true, shellcheck: true });
    const result = run(dir, ['--check']);
    assert.equal(result.status, 0);
    const report = parseLauncherReport(result.stdout);
    assert.ok(report);
    assert.equal(report.ok, true);
    assert.deepEqual(report.problems, []);
    assert.equal(report.shellcheck, path.join(dir, 'bundled', 'shellcheck', 'bin', 'shellcheck'));
    assert.match(report.python, / 3\.\d+\.\d+$/);
});

test('launcher --check names the missing compiled parser and the bundled Python tags', () => {
    const dir = fakeExtension({ native: false, shellcheck: false });
    const report = parseLauncherReport(run(dir, ['--check']).stdout);
    assert.ok(report);
    assert.equal(report.ok, false);
    assert.equal(report.problems.length, 2);
    assert.equal(report.problems[0], "cannot import tree_sitter (ModuleNotFoundError: No module named 'tree_sitter')");
    assert.ok(report.problems[1].startsWith(`this extension bundles the compiled shell parser for cp00 only; this is ${TAG} `), report.problems[1]);
});

test('launcher runs `stanzalint serve` with the bundled folders first on sys.path', () => {
    const dir = fakeExtension({ native: true, shellcheck: true });
    const result = run(dir, []);
    assert.equal(result.status, 7);
    const seen = JSON.parse(result.stdout) as { argv: string[]; path0: string[]; PATH: string };
    assert.deepEqual(seen.argv, ['serve']);
    assert.deepEqual(seen.path0, [path.join(dir, 'bundled', 'native', TAG), path.join(dir, 'bundled', 'libs')]);
    assert.equal(seen.PATH, `${path.join(dir, 'bundled', 'shellcheck', 'bin')}${path.delimiter}/usr/bin:/bin`);
});

test('launcher report parsing ignores noise before the JSON line and rejects junk', () => {
    assert.deepEqual(parseLauncherReport('warning: something\n{"ok": true, "python": "/p 3.12.1", "problems": [], "shellcheck": null}\n'), {
        ok: true,
        python: '/p 3.12.1',
        problems: [],
        shellcheck: null,
    });
    assert.equal(parseLauncherReport('Traceback (most recent call last):'), undefined);
    assert.equal(parseLauncherReport('{"ok": "yes"}'), undefined);
});
