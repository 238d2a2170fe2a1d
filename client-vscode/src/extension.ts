/** stanzalint for VS Code: starts `stanzalint serve` over stdio and wires commands and settings. */
import * as os from 'node:os';
import * as vscode from 'vscode';
import {
    ExecuteCommandRequest,
    LanguageClient,
    type LanguageClientOptions,
    type ServerOptions,
    State,
    TransportKind,
} from 'vscode-languageclient/node';
import { DOCUMENT_SELECTOR } from './documents';
import { candidateInterpreters, discoverInterpreter, README_URL, runProbe } from './interpreter';
import { onPythonInterpreterChanged, pythonExtensionInterpreter } from './pythonExtension';
import { bundledServerCommand, checkCommand, parseLauncherReport, type ServerCommand, userServerCommand } from './serverCommand';
import { hasPageInEditor, linkRuleDocsInEditor, opensInEditor, ruleDocsCommandUri, SHOW_RULE_DOCS } from './ruleLinks';
import { needsRestart, resolveLaunchSettings, resolveServerSettings } from './settings';
import { ServerStatus } from './status';

const SECTION = 'stanzalint';
const FIX_ALL_KIND = 'source.fixAll.stanzalint';
const RULE_CODE = /^[A-Za-z]{2,4}\d{3,5}$/;
const RULE_DOCS_SCHEME = 'stanzalint-rule';

let client: LanguageClient | undefined;
let output: vscode.OutputChannel;
let status: ServerStatus;
let extensionDir: string;
let usingPythonExtension = false;
let restarting: Promise<void> = Promise.resolve();

function log(message: string): void {
    output.appendLine(`[${new Date().toISOString()}] ${message}`);
}

function launchResource(): vscode.Uri | undefined {
    return vscode.window.activeTextEditor?.document.uri ?? vscode.workspace.workspaceFolders?.[0]?.uri;
}

async function reportProblem(message: string): Promise<void> {
    log(`error: ${message}`);
    status.set('error', message);
    const choice = await vscode.window.showErrorMessage(message, 'Show Output', 'Open README');
    if (choice === 'Show Output') {
        output.show(true);
    } else if (choice === 'Open README') {
        await vscode.env.openExternal(vscode.Uri.parse(README_URL));
    }
}

/** Decides what to run, or says what is missing. */
async function resolveServer(): Promise<ServerCommand | undefined> {
    const resource = launchResource();
    const folder = resource ? vscode.workspace.getWorkspaceFolder(resource)?.uri.fsPath : undefined;
    const config = vscode.workspace.getConfiguration(SECTION, resource);
    const launch = resolveLaunchSettings((key) => config.get(key), folder, os.homedir());
    usingPythonExtension = false;
    if (launch.path) {
        return userServerCommand(launch.path);
    }
    const fromPythonExtension = launch.interpreter ? undefined : await pythonExtensionInterpreter(resource);
    const candidates = candidateInterpreters({ setting: launch.interpreter, pythonExtension: fromPythonExtension, platform: process.platform });
    const found = await discoverInterpreter(candidates, runProbe);
    for (const note of found.notes) {
        log(`interpreter: ${note}`);
    }
    if (!found.ok) {
        void reportProblem(found.message);
        return undefined;
    }
    usingPythonExtension = found.interpreter.source === 'python-extension';
    log(`interpreter: Python ${found.interpreter.version.join('.')} at ${found.interpreter.executable} (${found.interpreter.source})`);
    const server = bundledServerCommand(found.interpreter.command, extensionDir);
    const check = checkCommand(server);
    const probe = await runProbe([check.command], check.args);
    const report = probe.ok ? parseLauncherReport(probe.stdout) : undefined;
    if (!report) {
        void reportProblem(`The bundled stanzalint server could not be checked with ${found.interpreter.executable}: ${probe.ok ? 'unexpected output' : probe.error}.`);
        return undefined;
    }
    if (!report.ok) {
        for (const problem of report.problems) {
            log(`launcher: ${problem}`);
        }
        void reportProblem(`stanzalint cannot start its bundled server with ${report.python}: ${report.problems.join('; ')}.`);
        return undefined;
    }
    const shellcheckEnabled = vscode.workspace.getConfiguration(SECTION, resource).get<boolean>('shellcheck.enable', true);
    if (report.shellcheck) {
        log(`shellcheck: ${report.shellcheck}`);
    } else if (shellcheckEnabled) {
        const message = 'ShellCheck was not found on PATH and this package does not bundle it, so RUN scripts are not checked with it. Install shellcheck, or set "stanzalint.shellcheck.enable" to false.';
        log(`warning: ${message}`);
        void vscode.window.showWarningMessage(message);
    }
    return server;
}

function clientOptions(): LanguageClientOptions {
    return {
        documentSelector: DOCUMENT_SELECTOR,
        outputChannel: output,
        traceOutputChannel: output,
        synchronize: { configurationSection: SECTION },
        middleware: {
            workspace: {
                // Send clean, typed settings for each workspace folder the server asks about.
                configuration: async (params, token, next) => {
                    const defaults = await next(params, token);
                    if (!Array.isArray(defaults)) {
                        return defaults;
                    }
                    return params.items.map((item, index) => {
                        if (item.section !== SECTION) {
                            return defaults[index];
                        }
                        const scope = item.scopeUri ? vscode.Uri.parse(item.scopeUri) : undefined;
                        const config = vscode.workspace.getConfiguration(SECTION, scope);
                        return resolveServerSettings((key) => config.get(key));
                    });
                },
            },
            didOpen: async (document, next) => {
                status.lintStarted(document.uri.toString());
                return next(document);
            },
            didChange: async (event, next) => {
                status.lintStarted(event.document.uri.toString());
                return next(event);
            },
            handleDiagnostics: (uri, diagnostics, next) => {
                status.lintFinished(uri.toString());
                next(uri, docsInEditor(uri) ? diagnostics.map(withInEditorCodeLink) : diagnostics);
            },
            provideHover: async (document, position, token, next) => {
                const hover = await next(document, position, token);
                return hover && docsInEditor(document.uri) ? withInEditorDocsLinks(hover) : hover;
            },
        },
    };
}

/** Rule links open the page inside VS Code unless `stanzalint.docsBaseUrl` points them elsewhere. */
function docsInEditor(uri: vscode.Uri): boolean {
    return opensInEditor(vscode.workspace.getConfiguration(SECTION, uri).get('docsBaseUrl'));
}

/** The Problems panel's code link runs "Show Rule Documentation" (it opens command links). */
function withInEditorCodeLink(diagnostic: vscode.Diagnostic): vscode.Diagnostic {
    const code = diagnostic.code;
    if (typeof code === 'object' && hasPageInEditor(String(code.value))) {
        diagnostic.code = { value: code.value, target: vscode.Uri.parse(ruleDocsCommandUri(String(code.value))) };
    }
    return diagnostic;
}

/** The hover's rule links run "Show Rule Documentation"; the Markdown trusts that command only. */
function withInEditorDocsLinks(hover: vscode.Hover): vscode.Hover {
    const contents = hover.contents.map((part) => {
        if (!(part instanceof vscode.MarkdownString)) {
            return part;
        }
        const linked = new vscode.MarkdownString(linkRuleDocsInEditor(part.value), part.supportThemeIcons);
        linked.isTrusted = { enabledCommands: [SHOW_RULE_DOCS] };
        linked.supportHtml = part.supportHtml;
        return linked;
    });
    return new vscode.Hover(contents, hover.range);
}

async function startServer(): Promise<void> {
    status.set('starting');
    const server = await resolveServer();
    if (!server) {
        return;
    }
    log(`starting: ${server.command} ${server.args.join(' ')}`);
    const serverOptions: ServerOptions = {
        command: server.command,
        args: server.args,
        transport: TransportKind.stdio,
        options: { env: { ...process.env, PYTHONUNBUFFERED: '1', PYTHONIOENCODING: 'utf-8' } },
    };
    const next = new LanguageClient(SECTION, 'stanzalint', serverOptions, clientOptions());
    next.onDidChangeState((event) => {
        if (event.newState === State.Running) {
            status.set('running', server.description);
        } else if (event.newState === State.Stopped && client === next) {
            status.set('stopped', server.description);
        }
    });
    client = next;
    try {
        await next.start();
        log('server running');
    } catch (error) {
        client = undefined;
        await reportProblem(`The stanzalint server failed to start (${server.description}): ${error instanceof Error ? error.message : String(error)}. See the stanzalint output for its log.`);
    }
}

async function stopServer(): Promise<void> {
    const current = client;
    client = undefined;
    if (current) {
        try {
            await current.stop(5000);
        } catch (error) {
            log(`stopping the server: ${error instanceof Error ? error.message : String(error)}`);
        }
    }
    status.set('stopped');
}

function restart(): Promise<void> {
    restarting = restarting.then(async () => {
        await stopServer();
        await startServer();
    });
    return restarting;
}

async function fixAll(): Promise<void> {
    const editor = vscode.window.activeTextEditor;
    if (!editor || editor.document.languageId !== 'dockerfile') {
        void vscode.window.showInformationMessage('stanzalint: open a Dockerfile to fix.');
        return;
    }
    const document = editor.document;
    const whole = new vscode.Range(document.positionAt(0), document.positionAt(document.getText().length));
    const actions =
        (await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', document.uri, whole, FIX_ALL_KIND, 1)) ?? [];
    const fixes = actions.filter((action) => action.kind && vscode.CodeActionKind.Source.append('fixAll').append('stanzalint').contains(action.kind));
    if (fixes.length === 0 || !fixes[0].edit) {
        void vscode.window.showInformationMessage('stanzalint: nothing to fix automatically in this file.');
        return;
    }
    await vscode.workspace.applyEdit(fixes[0].edit);
    if (fixes[0].command) {
        await vscode.commands.executeCommand(fixes[0].command.command, ...(fixes[0].command.arguments ?? []));
    }
}

async function showRuleDocs(code?: string): Promise<void> {
    const running = client;
    if (!running || !running.isRunning()) {
        void vscode.window.showErrorMessage('stanzalint: the server is not running, so rule documentation is unavailable. See the stanzalint output.');
        return;
    }
    const chosen =
        typeof code === 'string' && code
            ? code
            : await vscode.window.showInputBox({
                  title: 'stanzalint: Show Rule Documentation',
                  prompt: 'Rule code',
                  placeHolder: 'e.g. SZ501 or DL3059',
                  validateInput: (value) => (RULE_CODE.test(value.trim()) ? undefined : 'A rule code: letters then digits, e.g. SZ501'),
              });
    if (!chosen) {
        return;
    }
    const ruleCode = chosen.trim().toUpperCase();
    const markdown = await ruleMarkdown(ruleCode);
    if (!markdown) {
        void vscode.window.showWarningMessage(`stanzalint: no documentation for ${ruleCode}.`);
        return;
    }
    // A read-only virtual document: the preview leaves no unsaved "Untitled" editor behind.
    await vscode.commands.executeCommand('markdown.showPreview', vscode.Uri.from({ scheme: RULE_DOCS_SCHEME, path: `${ruleCode}.md` }));
}

/** The server's Markdown page for a rule code, or undefined when it has none. */
async function ruleMarkdown(ruleCode: string): Promise<string | undefined> {
    const running = client;
    if (!running || !running.isRunning()) {
        return undefined;
    }
    const markdown: unknown = await running.sendRequest(ExecuteCommandRequest.type, { command: 'stanzalint.ruleDocs', arguments: [ruleCode] });
    return typeof markdown === 'string' && markdown.trim() ? markdown : undefined;
}

/** Serves `stanzalint-rule:SZ501.md` documents (the rule pages "Show Rule Documentation" opens). */
class RuleDocsProvider implements vscode.TextDocumentContentProvider {
    async provideTextDocumentContent(uri: vscode.Uri): Promise<string> {
        const ruleCode = uri.path.replace(/\.md$/, '');
        return (await ruleMarkdown(ruleCode)) ?? `No documentation for ${ruleCode}: is the stanzalint server running?`;
    }
}

export async function activate(context: vscode.ExtensionContext): Promise<void> {
    extensionDir = context.extensionPath;
    output = vscode.window.createOutputChannel('stanzalint');
    status = new ServerStatus();
    context.subscriptions.push(
        output,
        status,
        vscode.commands.registerCommand('stanzalint.restart', () => restart()),
        vscode.commands.registerCommand('stanzalint.fixAll', () => fixAll()),
        vscode.commands.registerCommand(SHOW_RULE_DOCS, (code?: string) => showRuleDocs(code)),
        vscode.workspace.registerTextDocumentContentProvider(RULE_DOCS_SCHEME, new RuleDocsProvider()),
        vscode.commands.registerCommand('stanzalint.showOutput', () => output.show(true)),
        vscode.workspace.onDidChangeConfiguration((event) => {
            if (needsRestart((section) => event.affectsConfiguration(section))) {
                log('interpreter or path setting changed: restarting the server');
                void restart();
            }
            // Other stanzalint settings reach the running server through didChangeConfiguration.
        }),
    );
    const pythonWatch = await onPythonInterpreterChanged(() => {
        if (usingPythonExtension) {
            log("the Python extension's interpreter changed: restarting the server");
            void restart();
        }
    });
    if (pythonWatch) {
        context.subscriptions.push(pythonWatch);
    }
    await restart();
}

export async function deactivate(): Promise<void> {
    await stopServer();
}
