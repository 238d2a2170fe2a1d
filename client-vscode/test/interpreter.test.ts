import { strict as assert } from 'node:assert';
import { test } from 'node:test';
import {
    candidateInterpreters,
    discoverInterpreter,
    isSupported,
    parseProbeOutput,
    type Probe,
    runProbe,
    VERSION_SNIPPET,
} from '../src/interpreter';

/** A probe that answers from a table: command -> stdout, or an error string. */
function fakeProbe(table: Record<string, { stdout: string } | { error: string }>): { probe: Probe; calls: string[][] } {
    const calls: string[][] = [];
    const probe: Probe = async (command, args) => {
        calls.push([...command, ...args]);
        const answer = table[command.join(' ')];
        if (answer === undefined) {
            return { ok: false, error: 'not found' };
        }
        return 'stdout' in answer ? { ok: true, stdout: answer.stdout } : { ok: false, error: answer.error };
    };
    return { probe, calls };
}

test('candidates: setting, then the Python extension, then python3 on PATH', () => {
    assert.deepEqual(candidateInterpreters({ setting: '', pythonExtension: ['/venv/bin/python'], platform: 'linux' }), [
        { source: 'python-extension', command: ['/venv/bin/python'] },
        { source: 'path', command: ['python3'] },
    ]);
    assert.deepEqual(candidateInterpreters({ setting: '', pythonExtension: undefined, platform: 'darwin' }), [{ source: 'path', command: ['python3'] }]);
});

test('candidates: Windows looks for python, not python3', () => {
    assert.deepEqual(candidateInterpreters({ setting: '', pythonExtension: undefined, platform: 'win32' }), [{ source: 'path', command: ['python'] }]);
});

test('candidates: an explicit setting is the only candidate, spaces kept', () => {
    assert.deepEqual(candidateInterpreters({ setting: '  /opt/my python/bin/python3 ', pythonExtension: ['/venv/bin/python'], platform: 'linux' }), [
        { source: 'setting', command: ['/opt/my python/bin/python3'] },
    ]);
});

test('probe output is parsed into a version and the executable', () => {
    assert.deepEqual(parseProbeOutput('3.12.4\n/usr/bin/python3.12\n'), { version: [3, 12, 4], executable: '/usr/bin/python3.12' });
    assert.deepEqual(parseProbeOutput('3.9.0\r\nC:\\Python39\\python.exe\r\n'), { version: [3, 9, 0], executable: 'C:\\Python39\\python.exe' });
    assert.equal(parseProbeOutput('Python was not found; run without arguments to install from the Microsoft Store'), undefined);
});

test('Python 3.10 is the oldest supported version', () => {
    assert.equal(isSupported([3, 10, 0]), true);
    assert.equal(isSupported([3, 9, 18]), false);
    assert.equal(isSupported([3, 13, 1]), true);
    assert.equal(isSupported([4, 0, 0]), true);
    assert.equal(isSupported([3, 8, 18]), false);
    assert.equal(isSupported([2, 7, 18]), false);
});

test('discovery skips a too-old Python extension interpreter and takes python3 from PATH', async () => {
    const { probe, calls } = fakeProbe({
        '/old/bin/python': { stdout: '3.8.10\n/old/bin/python\n' },
        python3: { stdout: '3.11.2\n/usr/bin/python3\n' },
    });
    const result = await discoverInterpreter(
        [
            { source: 'python-extension', command: ['/old/bin/python'] },
            { source: 'path', command: ['python3'] },
        ],
        probe,
    );
    assert.deepEqual(result, {
        ok: true,
        interpreter: { source: 'path', command: ['python3'], version: [3, 11, 2], executable: '/usr/bin/python3' },
        notes: ["/old/bin/python (from the Python extension's interpreter): Python 3.8.10 is too old, stanzalint needs 3.10 or newer"],
    });
    assert.deepEqual(calls, [
        ['/old/bin/python', '-c', VERSION_SNIPPET],
        ['python3', '-c', VERSION_SNIPPET],
    ]);
});

test('discovery failure says what was tried and links to the README', async () => {
    const { probe } = fakeProbe({ '/bad/python': { error: 'permission denied' } });
    const result = await discoverInterpreter([{ source: 'setting', command: ['/bad/python'] }], probe);
    assert.equal(result.ok, false);
    assert.deepEqual(result.notes, ['/bad/python (from the stanzalint.interpreter setting): cannot run: permission denied']);
    assert.ok(!result.ok && result.message.startsWith('stanzalint needs Python 3.10 or newer to run its bundled server, and found none.'));
    assert.ok(!result.ok && result.message.includes('README.md#vs-code'));
});

test('discovery rejects a program that is not Python', async () => {
    const { probe } = fakeProbe({ python3: { stdout: 'hello\n' } });
    const result = await discoverInterpreter([{ source: 'path', command: ['python3'] }], probe);
    assert.deepEqual(result.notes, ['python3 (from PATH): not a Python interpreter (printed "hello\\n")']);
});

test('the real probe runs this machine\'s python3 and reports a missing program', async () => {
    const found = await discoverInterpreter([{ source: 'path', command: ['python3'] }], runProbe);
    assert.equal(found.ok, true);
    assert.ok(found.ok && found.interpreter.version[0] === 3 && found.interpreter.executable.length > 0);
    const missing = await runProbe(['stanzalint-no-such-python'], ['-c', VERSION_SNIPPET]);
    assert.deepEqual(missing, { ok: false, error: 'not found' });
});
