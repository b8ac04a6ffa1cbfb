// Every `mlmodel.*` command id, in one place: the language service's code lenses run them, the
// extension registers them, and package.json declares them for the palette and menus (JSON cannot
// import this file: test/unit/commands.test.ts holds the two to each other).

export const Commands = {
  /** Publish the model in a document (a lens's argument: its URI; else the active editor's). */
  publish: 'mlmodel.publish',
  /** The preview diff of the server's model against the file. */
  preview: 'mlmodel.preview',
  /** Open a page of the OpenMetadata UI (a lens's argument: the URL). Not in the palette. */
  openInOpenMetadata: 'mlmodel.openInOpenMetadata',
  showLineage: 'mlmodel.showLineage',
  signIn: 'mlmodel.signIn',
  signOut: 'mlmodel.signOut',
  /** The status bar item's menu: retry, change server, sign out, show output. */
  connectionMenu: 'mlmodel.connectionMenu',
  /** Connect again to the configured server, with its stored token, and say how it went. */
  reconnect: 'mlmodel.reconnect',
  restartServer: 'mlmodel.restartServer',
  showOutput: 'mlmodel.showOutput',
  startSandbox: 'mlmodel.startSandbox',
  openExample: 'mlmodel.openExample',
  importMlflow: 'mlmodel.importMlflow',
  /** Registered outside production only (tests): what a lineage panel last posted and drew. */
  lineageViewState: 'mlmodel.lineageViewState',
  /** Registered outside production only (tests): what the connection's status bar item shows. */
  connectionState: 'mlmodel.connectionState',
  /** Registered outside production only (tests): press a lineage panel's zoom button or click a node. */
  lineageViewPress: 'mlmodel.lineageViewPress',
} as const;
