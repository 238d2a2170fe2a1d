/**
 * Rule links that open the rule's page inside VS Code (the "Show Rule Documentation" preview)
 * instead of a browser: the code link in the Problems panel and the link at the end of a hover.
 * Pure, so it is unit-tested without VS Code.
 */

export const SHOW_RULE_DOCS = 'stanzalint.showRuleDocs';

/** stanzalint's own rules (SZ, DL) have a page; ShellCheck and trivy codes keep their web links. */
const RULE_WITH_PAGE = /^(SZ|DL)\d{3,4}$/;

/** The hover's closing link: `[DL3006 documentation](https://...)`. */
const HOVER_DOCS_LINK = /\[([A-Z]{2}\d{3,4}) documentation\]\(([^)\s]+)\)/g;

export function hasPageInEditor(code: string): boolean {
    return RULE_WITH_PAGE.test(code);
}

/** A `command:` link that runs "Show Rule Documentation" for the code. */
export function ruleDocsCommandUri(code: string): string {
    return `command:${SHOW_RULE_DOCS}?${encodeURIComponent(JSON.stringify([code]))}`;
}

/** The hover's Markdown with each rule documentation link turned into the in-editor command. */
export function linkRuleDocsInEditor(markdown: string): string {
    return markdown.replace(HOVER_DOCS_LINK, (link: string, code: string) =>
        hasPageInEditor(code) ? `[${code} documentation](${ruleDocsCommandUri(code)})` : link,
    );
}

/** Links open inside the editor unless the `docsBaseUrl` setting sends them elsewhere. */
export function opensInEditor(docsBaseUrl: unknown): boolean {
    return typeof docsBaseUrl !== 'string' || docsBaseUrl.trim() === '';
}
