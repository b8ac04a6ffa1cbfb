// Driving the connection UI as a user does: the status bar item (read back through
// mlmodel.connectionState, registered outside production only), the sign-in's server picker (the
// real quick pick: the URL typed into it or an item made active, then accepted with the workbench's
// own accept command), its token box, and the messages it ends with. Input boxes and messages are
// stubbed in the host, which shares the extension's `vscode` API object.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { delay, eventually } from './helpers';

/** What the connection's status bar item shows (client/src/catalogStatus.ts ConnectionState). */
export interface ConnectionState {
  text: string;
  tooltip: string;
  command?: string;
  status: { state: string; url?: string; user?: string; version?: string; signedIn: boolean; reason?: string };
}

export async function connectionState(): Promise<ConnectionState> {
  const state = await vscode.commands.executeCommand<ConnectionState>('mlmodel.connectionState');
  assert.ok(state, 'mlmodel.connectionState returned nothing');
  return state;
}

/** Waits until the status bar item's text is `text` (a string or a pattern). */
export async function statusBarShows(text: string | RegExp, timeoutMs = 20_000): Promise<ConnectionState> {
  return eventually(async () => {
    const state = await connectionState();
    if (typeof text === 'string') assert.equal(state.text, text);
    else assert.match(state.text, text);
    return state;
  }, timeoutMs);
}

export function hostOf(url: string): string {
  return new URL(url).host;
}

export interface Shown {
  /** Messages shown, in order, with their action buttons. */
  info: string[];
  errors: Array<{ message: string; actions: string[] }>;
  /** Warnings, the publish confirmation (a modal) among them, with their detail and buttons. */
  warnings: Array<{ message: string; detail?: string; modal: boolean; actions: string[] }>;
  boxes: vscode.InputBoxOptions[];
  /** Every server picker opened (the real QuickPick objects). */
  pickers: Array<vscode.QuickPick<vscode.QuickPickItem & { url?: string }>>;
  /** Items of every showQuickPick (the connection menu). */
  menus: string[][];
}

export interface Answers {
  /** Token box answers, in order (undefined: Escape). */
  tokens?: Array<string | undefined>;
  /** The button clicked on an error message. */
  errorChoice?: string;
  /** The connection menu's choice, by label. */
  menuChoice?: string;
  /** The button clicked on the nth warning (0-based; undefined: Cancel or Escape). */
  warningChoice?: (warning: Shown['warnings'][number], nth: number) => string | undefined | Promise<string | undefined>;
}

/**
 * Runs `action` with the window's input box, quick pick menu and messages stubbed (createQuickPick
 * is wrapped, not replaced: the real picker shows); returns what was shown.
 */
export async function withStubbedWindow(answers: Answers, action: (shown: Shown) => Promise<unknown>): Promise<Shown> {
  const window = vscode.window as unknown as Record<string, unknown>;
  const originals = Object.fromEntries(['showInputBox', 'showInformationMessage', 'showWarningMessage', 'showErrorMessage', 'createQuickPick', 'showQuickPick'].map((k) => [k, window[k]]));
  const shown: Shown = { info: [], errors: [], warnings: [], boxes: [], pickers: [], menus: [] };
  const tokens = [...(answers.tokens ?? [])];
  window.showInputBox = async (options: vscode.InputBoxOptions) => {
    shown.boxes.push({ ...options });
    assert.ok(tokens.length > 0, `unexpected input box: ${options?.title}`);
    return tokens.shift();
  };
  window.showInformationMessage = async (message: string) => {
    shown.info.push(message);
    return undefined;
  };
  window.showErrorMessage = async (message: string, ...actions: string[]) => {
    shown.errors.push({ message, actions });
    return actions.includes(answers.errorChoice ?? '') ? answers.errorChoice : undefined;
  };
  window.showWarningMessage = async (message: string, ...rest: Array<string | vscode.MessageOptions>) => {
    const options = typeof rest[0] === 'object' ? (rest.shift() as vscode.MessageOptions) : {};
    const warning = { message, detail: options.detail, modal: options.modal === true, actions: rest as string[] };
    shown.warnings.push(warning);
    const choice = await answers.warningChoice?.(warning, shown.warnings.length - 1);
    return warning.actions.includes(choice ?? '\0') ? choice : undefined;
  };
  window.showQuickPick = async (items: vscode.QuickPickItem[] | Thenable<vscode.QuickPickItem[]>) => {
    const list = await items;
    shown.menus.push(list.map((i) => i.label));
    return list.find((i) => i.label.endsWith(answers.menuChoice ?? '\0'));
  };
  window.createQuickPick = () => {
    const picker = (originals.createQuickPick as typeof vscode.window.createQuickPick)();
    shown.pickers.push(picker as Shown['pickers'][number]);
    return picker;
  };
  try {
    await action(shown);
  } finally {
    Object.assign(window, originals);
  }
  return shown;
}

/** The open server picker once it has its items (the sandbox probe answered or gave up). */
export async function serverPicker(shown: Shown, nth = 1): Promise<Shown['pickers'][number]> {
  return eventually(() => {
    const picker = shown.pickers[nth - 1];
    assert.ok(picker, 'no server picker opened');
    assert.equal(picker.busy, false, 'the picker is still asking the sandbox');
    return picker;
  });
}

/** Chooses a server in the open picker: types `url` when no item has it, else makes its item active; then accepts. */
export async function chooseServer(picker: Shown['pickers'][number], url: string): Promise<void> {
  if (!picker.items.some((i) => i.url === url)) picker.value = url;
  const item = await eventually(() => {
    const found = picker.items.find((i) => i.url === url);
    assert.ok(found, `no item ${url} in the picker: ${picker.items.map((i) => i.label).join(', ')}`);
    return found;
  });
  picker.activeItems = [item];
  await delay(300); // the workbench hears of the active item
  await vscode.commands.executeCommand('workbench.action.acceptSelectedQuickOpenItem');
}

/** Runs a command that may not return by itself within `ms` (a stubbed UI it waits on) as a failure. */
export async function runCommand(command: string, ms = 40_000): Promise<void> {
  const stuck = new Promise((_, reject) => setTimeout(() => reject(new Error(`${command} did not return in ${ms / 1000} s (waiting on a real input box?)`)), ms));
  await Promise.race([vscode.commands.executeCommand(command), stuck]);
}

/** Signs in through the picker (choosing `url`) and the token box; returns what was shown. */
export async function signIn(url: string, token: string | undefined, answers: Omit<Answers, 'tokens'> = {}): Promise<Shown> {
  return withStubbedWindow({ ...answers, tokens: [token] }, async (shown) => {
    const done = runCommand('mlmodel.signIn');
    done.catch(() => undefined); // awaited below; a failure meanwhile is not unhandled
    await chooseServer(await serverPicker(shown), url);
    await done;
  });
}
