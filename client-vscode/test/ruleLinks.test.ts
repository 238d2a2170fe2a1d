import { strict as assert } from 'node:assert';
import { test } from 'node:test';
import { hasPageInEditor, linkRuleDocsInEditor, opensInEditor, ruleDocsCommandUri } from '../src/ruleLinks';

const BASE = 'https://github.com/stanzalint/stanzalint/blob/main/docs/rules/';

test("stanzalint's rules open in the editor; ShellCheck, trivy and vulnerability ids do not", () => {
    assert.deepEqual(
        ['SZ501', 'DL3006', 'SC2086', 'DS-0002', 'CVE-2024-3094', 'sz501'].map(hasPageInEditor),
        [true, true, false, false, false, false],
    );
});

test('the command link carries the code as its one JSON argument', () => {
    const uri = ruleDocsCommandUri('DL3006');
    assert.equal(uri, 'command:stanzalint.showRuleDocs?%5B%22DL3006%22%5D');
    assert.deepEqual(JSON.parse(decodeURIComponent(uri.split('?')[1])), ['DL3006']);
});

test("the hover's documentation links become command links; other links stay", () => {
    const hover = [
        '# DL3006 untagged-base-image',
        'See [Dockerfile reference](https://docs.docker.com/reference/dockerfile/#from).',
        `[DL3006 documentation](${BASE}DL3006.md)`,
        '---',
        '[SC2086 documentation](https://www.shellcheck.net/wiki/SC2086)',
    ].join('\n');
    assert.equal(
        linkRuleDocsInEditor(hover),
        [
            '# DL3006 untagged-base-image',
            'See [Dockerfile reference](https://docs.docker.com/reference/dockerfile/#from).',
            '[DL3006 documentation](command:stanzalint.showRuleDocs?%5B%22DL3006%22%5D)',
            '---',
            '[SC2086 documentation](https://www.shellcheck.net/wiki/SC2086)',
        ].join('\n'),
    );
});

test('a docsBaseUrl setting keeps links pointing where it says', () => {
    assert.deepEqual([opensInEditor(undefined), opensInEditor(''), opensInEditor('  '), opensInEditor('https://docs.example.org/')], [true, true, true, false]);
});
