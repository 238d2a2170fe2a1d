/** Which documents the language server is given: Dockerfiles, and `.dockerignore` files (plain
 * `.dockerignore` and the per-Dockerfile `<name>.dockerignore`), whose patterns it checks
 * against the build context. */

/** The ignore files, by name: a glob for the client's document selector. */
export const IGNORE_FILE_GLOB = '**/{.dockerignore,*.dockerignore}';

/** The language client's document selector (plain objects: no `vscode` import, so it is testable). */
export const DOCUMENT_SELECTOR = [{ language: 'dockerfile' }, { scheme: 'file', pattern: IGNORE_FILE_GLOB }];
