// Builds the extension, bundles the server for one target and writes stanzalint-<target>.vsix.
//   node scripts/package.mjs [--target linux-x64]
import { execFileSync } from 'node:child_process';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { hostTarget } from './bundle-server.mjs';

const extensionDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const index = process.argv.indexOf('--target');
const target = index >= 0 ? process.argv[index + 1] : hostTarget();
const out = `stanzalint-${target}.vsix`;

const run = (command, args) => execFileSync(command, args, { stdio: 'inherit', cwd: extensionDir, shell: process.platform === 'win32' });
run(process.execPath, ['scripts/bundle-server.mjs', '--target', target]);
run(process.execPath, [path.join(extensionDir, 'node_modules', '@vscode', 'vsce', 'vsce'), 'package', '--no-dependencies', '--target', target, '--out', out]);
console.log(`wrote ${path.join(extensionDir, out)}`);
