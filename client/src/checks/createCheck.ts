// The guided quick pick that builds an access check: organization → membership (by user email)
// → permission from the catalog → resource type → resource. Every list comes from WorkOS (through
// the language server) or the catalog, so a check is made of real ids rather than typed-in guesses.

import * as vscode from 'vscode';
import type { AccessCheckChoice, AccessCheckChoicesParams, CheckResource, Expectation, NewAccessCheck } from '../../../server/src/protocol';

export interface PermissionChoice {
  slug: string;
  name: string;
  resourceTypeSlug: string;
}

interface Pick<T> extends vscode.QuickPickItem {
  value: T;
}

const TITLE = 'Add Access Check';

/** The choices of one step, from WorkOS. */
export type ChoiceSource = (params: AccessCheckChoicesParams) => Promise<AccessCheckChoice[]>;

/** Returns the new check (without id) or undefined when the user cancels at any step. */
export async function pickNewCheck(choices: ChoiceSource, permissions: PermissionChoice[]): Promise<NewAccessCheck | undefined> {
  const org = await pick(1, 'Organization', async () =>
    (await choices({ step: 'organizations' })).map((o) => ({ label: o.name ?? o.id, description: o.id, value: { id: o.id, name: o.name ?? o.id } })),
  );
  if (!org) return undefined;

  const membership = await pick(2, 'Membership (type to search by email)', async () =>
    (await choices({ step: 'memberships', organizationId: org.id })).map((m) => ({
      label: m.email ?? m.userId ?? m.id,
      description: m.roleSlug,
      detail: m.id,
      value: { id: m.id, email: m.email },
    })),
  );
  if (!membership) return undefined;

  const permission = await pick(3, 'Permission', async () =>
    [...permissions]
      .sort((a, b) => a.slug.localeCompare(b.slug))
      .map((p) => ({ label: p.slug, description: p.name, detail: `resource type: ${p.resourceTypeSlug}`, value: p })),
  );
  if (!permission) return undefined;

  const types = [...new Set([permission.resourceTypeSlug, 'organization', ...permissions.map((p) => p.resourceTypeSlug)])];
  const typeSlug = await pick(4, 'Resource type', async () =>
    types.map((t) => ({ label: t, description: t === permission.resourceTypeSlug ? `the type of ${permission.slug}` : undefined, value: t })),
  );
  if (!typeSlug) return undefined;

  let resource: CheckResource | undefined;
  if (typeSlug === 'organization') {
    // WorkOS identifies an organization's own resource by the organization id as external id.
    resource = { typeSlug, externalId: org.id, name: org.name };
  } else {
    const other = { id: '', externalId: '', name: '' };
    const chosen = await pick(5, `Resource (${typeSlug})`, async () => {
      const resources = await choices({ step: 'resources', organizationId: org.id, resourceTypeSlug: typeSlug });
      return [
        ...resources.map((r) => ({
          label: r.name ?? r.externalId ?? r.id,
          description: r.externalId,
          detail: r.id,
          value: { id: r.id, externalId: r.externalId ?? '', name: r.name ?? '' },
        })),
        { label: '$(edit) Enter an external id…', value: other },
      ];
    });
    if (!chosen) return undefined;
    if (chosen === other) {
      const externalId = await vscode.window.showInputBox({ title: `${TITLE} (5/6)`, prompt: `External id of the ${typeSlug}`, ignoreFocusOut: true });
      if (!externalId) return undefined;
      resource = { typeSlug, externalId };
    } else {
      resource = { typeSlug, externalId: chosen.externalId, name: chosen.name };
    }
  }

  const expected = await pick<Expectation | 'none'>(6, 'Expected result (makes the check part of the CI suite)', async () => [
    { label: 'No expectation', description: 'just show the answer', value: 'none' },
    { label: 'Expect allow', value: 'allow' },
    { label: 'Expect deny', value: 'deny' },
  ]);
  if (!expected) return undefined;

  return {
    organization: org,
    membership,
    permission: permission.slug,
    resource,
    ...(expected === 'none' ? {} : { expected }),
  };
}

async function pick<T>(step: number, placeholder: string, load: () => Promise<Pick<T>[]>): Promise<T | undefined> {
  const qp = vscode.window.createQuickPick<Pick<T>>();
  qp.title = `${TITLE} (${step}/6)`;
  qp.placeholder = placeholder;
  qp.matchOnDescription = true;
  qp.matchOnDetail = true;
  qp.ignoreFocusOut = true;
  qp.busy = true;
  qp.show();
  try {
    const items = await load();
    qp.items = items;
    qp.busy = false;
    if (items.length === 0) qp.placeholder = `${placeholder}: nothing found`;
    return await new Promise<T | undefined>((resolve) => {
      qp.onDidAccept(() => resolve(qp.selectedItems[0]?.value));
      qp.onDidHide(() => resolve(undefined));
    });
  } finally {
    qp.dispose();
  }
}
