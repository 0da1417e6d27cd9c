// Language server entry point, bundled to dist/server.js. The transport (--stdio, --node-ipc,
// --socket=N) comes from the command line, as vscode-languageclient passes it.

import { createConnection, ProposedFeatures } from 'vscode-languageserver/node';
import { startServer } from './lsp/startServer';
import { redact } from './lsp/redact';
import { BACKGROUND_NICENESS, lowerOtherThreadsPriority } from './pool/threadPriority';

// First of all, while the runtime's helper threads (compiler, garbage collector) are the only
// other threads: they run below the thread that answers requests from now on.
const backgroundLowered = lowerOtherThreadsPriority(BACKGROUND_NICENESS);

const connection = createConnection(ProposedFeatures.all);

// With --stdio, stdout is the protocol stream: a stray console.log from any library would
// corrupt it, so all console output goes to the client's log instead.
console.log = (...args: unknown[]) => connection.console.log(redact(args.map(String).join(' ')));
console.info = (...args: unknown[]) => connection.console.info(redact(args.map(String).join(' ')));
console.warn = (...args: unknown[]) => connection.console.warn(redact(args.map(String).join(' ')));
console.error = (...args: unknown[]) => connection.console.error(redact(args.map(String).join(' ')));

process.on('uncaughtException', (err) => connection.console.error(redact(`uncaught: ${err?.stack ?? String(err)}`)));
process.on('unhandledRejection', (err) => connection.console.error(redact(`unhandled rejection: ${(err as Error)?.stack ?? String(err)}`)));

startServer(connection, { backgroundLowered });
connection.listen();
