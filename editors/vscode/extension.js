// Starts `drydock lsp` for Dockerfiles. Everything else is the server's.
const vscode = require('vscode');
const { LanguageClient } = require('vscode-languageclient/node');

let client;

function activate(context) {
  const settings = vscode.workspace.getConfiguration('drydock');
  const command = settings.get('path') || 'drydock';
  const docsUrl = settings.get('docsUrl');
  client = new LanguageClient(
    'drydock',
    'Drydock',
    { command, args: ['lsp'] },
    {
      documentSelector: [{ language: 'dockerfile' }],
      initializationOptions: docsUrl ? { docsUrl } : {},
    },
  );
  context.subscriptions.push({ dispose: () => client && client.stop() });
  return client.start();
}

function deactivate() {
  return client ? client.stop() : undefined;
}

module.exports = { activate, deactivate };
