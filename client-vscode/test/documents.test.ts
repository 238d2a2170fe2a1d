import { strict as assert } from 'node:assert';
import * as path from 'node:path';
import { test } from 'node:test';
import { DOCUMENT_SELECTOR, IGNORE_FILE_GLOB } from '../src/documents';

type GlobMatch = (file: string, glob: string) => boolean;
const matchesGlob = (path as unknown as { matchesGlob?: GlobMatch }).matchesGlob;

test('Dockerfiles by language, .dockerignore files by name go to the server', () => {
    assert.deepEqual(DOCUMENT_SELECTOR, [{ language: 'dockerfile' }, { scheme: 'file', pattern: IGNORE_FILE_GLOB }]);
});

test('the ignore-file glob matches .dockerignore and <Dockerfile>.dockerignore, not other ignore files', { skip: !matchesGlob && 'this Node has no path.matchesGlob' }, () => {
    const matches = matchesGlob as GlobMatch;
    assert.equal(matches('/p/.dockerignore', IGNORE_FILE_GLOB), true);
    assert.equal(matches('/p/docker/api.Dockerfile.dockerignore', IGNORE_FILE_GLOB), true);
    assert.equal(matches('/p/.gitignore', IGNORE_FILE_GLOB), false);
    assert.equal(matches('/p/dockerignore.txt', IGNORE_FILE_GLOB), false);
});
