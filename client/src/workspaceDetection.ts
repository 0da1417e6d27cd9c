// Decides whether a workspace uses WorkOS before the language server is started. The extension
// also activates on TypeScript/JavaScript files (to catch projects that have no catalog file
// yet); for those, a quick look at package.json files keeps the server from starting in every
// unrelated project.

import * as vscode from 'vscode';
import { CATALOG_FILE_NAMES, CHECKS_FILE_NAME, anywhere } from '../../server/src/protocol';
import { packageJsonUsesWorkos } from './workosDependency';

export { packageJsonUsesWorkos };

export const CATALOG_GLOB = anywhere([...CATALOG_FILE_NAMES, CHECKS_FILE_NAME]);
const MAX_PACKAGE_FILES = 200;

export async function workspaceUsesWorkos(): Promise<boolean> {
  if (!vscode.workspace.workspaceFolders?.length) return false;
  const catalogs = await vscode.workspace.findFiles(CATALOG_GLOB, '**/node_modules/**', 1);
  if (catalogs.length > 0) return true;
  const packages = await vscode.workspace.findFiles('**/package.json', '**/node_modules/**', MAX_PACKAGE_FILES);
  for (const uri of packages) {
    try {
      if (packageJsonUsesWorkos(new TextDecoder().decode(await vscode.workspace.fs.readFile(uri)))) return true;
    } catch {
      // An unreadable package.json says nothing either way.
    }
  }
  return false;
}
