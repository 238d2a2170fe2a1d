/** The status bar item: starting, running, linting or error, and a click to show the output. */
import * as vscode from 'vscode';

export type ServerState = 'starting' | 'running' | 'linting' | 'stopped' | 'error';

const LOOK: Record<ServerState, { icon: string; label: string }> = {
    starting: { icon: '$(loading~spin)', label: 'starting' },
    running: { icon: '$(check)', label: 'running' },
    linting: { icon: '$(sync~spin)', label: 'linting' },
    stopped: { icon: '$(circle-slash)', label: 'stopped' },
    error: { icon: '$(error)', label: 'error' },
};

export class ServerStatus implements vscode.Disposable {
    private readonly item: vscode.StatusBarItem;
    private readonly pending = new Map<string, ReturnType<typeof setTimeout>>();
    private base: ServerState = 'stopped';
    private detail = '';

    constructor() {
        this.item = vscode.window.createStatusBarItem('stanzalint.status', vscode.StatusBarAlignment.Right, 100);
        this.item.name = 'stanzalint';
        this.item.command = 'stanzalint.showOutput';
        this.render();
        this.item.show();
    }

    set(state: Exclude<ServerState, 'linting'>, detail = ''): void {
        this.base = state;
        this.detail = detail;
        if (state !== 'running') {
            this.clearPending();
        }
        this.render();
    }

    /** A document was sent to the server; its diagnostics are on the way. */
    lintStarted(uri: string): void {
        if (this.base !== 'running') {
            return;
        }
        const previous = this.pending.get(uri);
        if (previous) {
            clearTimeout(previous);
        }
        // The server publishes nothing for a document it cannot read: don't spin forever.
        this.pending.set(uri, setTimeout(() => this.lintFinished(uri), 10000));
        this.render();
    }

    lintFinished(uri: string): void {
        const timer = this.pending.get(uri);
        if (timer) {
            clearTimeout(timer);
            this.pending.delete(uri);
            this.render();
        }
    }

    get state(): ServerState {
        return this.base === 'running' && this.pending.size > 0 ? 'linting' : this.base;
    }

    private render(): void {
        const state = this.state;
        const look = LOOK[state];
        this.item.text = `${look.icon} stanzalint`;
        this.item.tooltip = `stanzalint: ${look.label}${this.detail ? `\n${this.detail}` : ''}\nClick to show the server log.`;
        this.item.backgroundColor = state === 'error' ? new vscode.ThemeColor('statusBarItem.errorBackground') : undefined;
        this.item.accessibilityInformation = { label: `stanzalint ${look.label}` };
    }

    private clearPending(): void {
        for (const timer of this.pending.values()) {
            clearTimeout(timer);
        }
        this.pending.clear();
    }

    dispose(): void {
        this.clearPending();
        this.item.dispose();
    }
}
