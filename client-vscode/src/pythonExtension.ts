/** The active interpreter of the Python extension (ms-python.python), when it is installed. */
import * as vscode from 'vscode';

interface PythonExtensionApi {
    environments?: {
        getActiveEnvironmentPath(resource?: vscode.Uri): { path: string };
        resolveEnvironment(path: string): Promise<{ executable: { uri?: vscode.Uri } } | undefined>;
        onDidChangeActiveEnvironmentPath?: vscode.Event<unknown>;
    };
    settings?: {
        getExecutionDetails(resource?: vscode.Uri): { execCommand: string[] | undefined };
    };
}

const PYTHON_EXTENSION_ID = 'ms-python.python';

async function api(): Promise<PythonExtensionApi | undefined> {
    const extension = vscode.extensions.getExtension<PythonExtensionApi>(PYTHON_EXTENSION_ID);
    if (!extension) {
        return undefined;
    }
    try {
        return extension.isActive ? extension.exports : await extension.activate();
    } catch {
        return undefined;
    }
}

/** The interpreter command, or undefined when the extension is absent or has none selected. */
export async function pythonExtensionInterpreter(resource: vscode.Uri | undefined): Promise<string[] | undefined> {
    const python = await api();
    if (!python) {
        return undefined;
    }
    try {
        if (python.environments) {
            const active = python.environments.getActiveEnvironmentPath(resource);
            const resolved = await python.environments.resolveEnvironment(active.path);
            const executable = resolved?.executable.uri?.fsPath;
            if (executable) {
                return [executable];
            }
        }
        const command = python.settings?.getExecutionDetails(resource).execCommand;
        return command && command.length > 0 ? command : undefined;
    } catch {
        return undefined;
    }
}

/** Calls back when the user picks another interpreter in the Python extension. */
export async function onPythonInterpreterChanged(listener: () => void): Promise<vscode.Disposable | undefined> {
    const python = await api();
    return python?.environments?.onDidChangeActiveEnvironmentPath?.(() => listener());
}
