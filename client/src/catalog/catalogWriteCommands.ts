// Commands that write the catalog or its types. "Create … in WorkOS…" (run by the server's quick
// fix) asks for the name and description, shows the host it writes to and creates nothing
// without the user's explicit confirmation, never in Restricted Mode. "Generate Types" writes the
// catalog as a TypeScript module (the server writes the file).

import * as vscode from 'vscode';
import { CreateInWorkosRequest, GenerateTypesRequest, type CreateInWorkosOffer } from '../../../server/src/protocol';
import type { Logger } from '../log';
import type { ServerSession } from '../serverSession';

const DEFAULT_TYPES_FILE = 'src/workos-authz.ts';

export function registerCatalogWriteCommands(session: ServerSession, log: Logger): vscode.Disposable[] {
  return [
    // The server's quick fix names it as CREATE_IN_WORKOS_COMMAND (protocol.ts).
    vscode.commands.registerCommand('workosAuthz.createInWorkos', async (offer?: CreateInWorkosOffer) => {
      if (!offer?.slug || !offer.host) return undefined;
      if (!vscode.workspace.isTrusted) {
        void vscode.window.showWarningMessage('WorkOS Authz: this workspace is in Restricted Mode, where nothing is written to WorkOS. Trust the workspace first.');
        return undefined;
      }
      const name = await vscode.window.showInputBox({
        title: `Create ${offer.kind} ${offer.slug} in WorkOS (${offer.host})`,
        prompt: `Name of the ${offer.kind}`,
        value: offer.name,
        validateInput: (v) => (!v.trim() ? 'A name is required.' : v.trim().length > 48 ? 'At most 48 characters.' : undefined),
      });
      if (name === undefined) return undefined;
      const description = await vscode.window.showInputBox({
        title: `Create ${offer.kind} ${offer.slug} in WorkOS (${offer.host})`,
        prompt: 'Description (optional)',
        validateInput: (v) => (v.trim().length > 150 ? 'At most 150 characters.' : undefined),
      });
      if (description === undefined) return undefined;
      const confirm = 'Create in WorkOS';
      const answer = await vscode.window.showWarningMessage(
        `Create the ${offer.kind} "${offer.slug}" (${name.trim()}) in the WorkOS environment at ${offer.host}?`,
        { modal: true, detail: 'This writes to WorkOS through the API key you set; everyone using that environment sees it.' },
        confirm,
      );
      if (answer !== confirm) return undefined;
      const result = await session.request(CreateInWorkosRequest.type, {
        folderUri: offer.folderUri,
        kind: offer.kind,
        slug: offer.slug,
        name: name.trim(),
        description: description.trim() || undefined,
        confirmedHost: offer.host,
      });
      if (!result?.ok) {
        const reason = result?.message ?? 'the language server is not running';
        log.error(`creating ${offer.kind} ${offer.slug} failed: ${reason}`);
        void vscode.window.showErrorMessage(`WorkOS Authz: ${offer.kind} ${offer.slug} was not created: ${reason}`);
        return result;
      }
      log.info(`${result.created ? 'created' : 'already existed:'} ${offer.kind} ${offer.slug} at ${result.host}`);
      void vscode.window.showInformationMessage(
        result.created ? `WorkOS Authz: created ${offer.kind} ${offer.slug} at ${result.host}.` : `WorkOS Authz: ${result.host} already has ${offer.kind} ${offer.slug}; the catalog was refreshed.`,
      );
      return result;
    }),

    vscode.commands.registerCommand('workosAuthz.generateTypes', async (arg?: { path?: string; folderUri?: string }) => {
      const folder = arg?.folderUri
        ? vscode.workspace.getWorkspaceFolder(vscode.Uri.parse(arg.folderUri))
        : (vscode.window.activeTextEditor && vscode.workspace.getWorkspaceFolder(vscode.window.activeTextEditor.document.uri)) ?? vscode.workspace.workspaceFolders?.[0];
      if (!folder) {
        void vscode.window.showWarningMessage('WorkOS Authz: open a folder to generate types into.');
        return undefined;
      }
      let file = arg?.path ?? vscode.workspace.getConfiguration('workosAuthz', folder.uri).get<string>('generatedTypesFile', '').trim();
      if (!file) {
        const picked = await vscode.window.showInputBox({
          title: 'WorkOS Authz: Generate Types',
          prompt: `A .ts file in ${folder.name} (set "workosAuthz.generatedTypesFile" to keep it up to date with the catalog)`,
          value: DEFAULT_TYPES_FILE,
        });
        if (!picked) return undefined;
        file = picked.trim();
      }
      const result = await session.request(GenerateTypesRequest.type, { folderUri: folder.uri.toString(), path: file });
      if (!result?.ok) {
        void vscode.window.showErrorMessage(`WorkOS Authz: types not generated: ${result?.message ?? 'the language server is not running'}`);
        return result;
      }
      const name = vscode.workspace.asRelativePath(vscode.Uri.parse(result.uri));
      log.info(`generated types into ${name}${result.written ? '' : ' (unchanged)'}`);
      void vscode.window.showInformationMessage(result.written ? `WorkOS Authz: wrote ${name}.` : `WorkOS Authz: ${name} is up to date.`);
      return result;
    }),
  ];
}
