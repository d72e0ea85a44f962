// The language server's Node entry. createConnection picks the transport from the command line
// (--stdio, --node-ipc or --socket=N), so the same bundle serves the extension and the protocol tests.
import { createConnection, ProposedFeatures } from 'vscode-languageserver/node';
import { startServer } from '../lsp/server';

const connection = createConnection(ProposedFeatures.all);
process.on('uncaughtException', (error) => connection.console.error(`uncaught: ${error.stack ?? error.message}`));
startServer(connection);
