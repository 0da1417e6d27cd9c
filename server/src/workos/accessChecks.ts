// Runs saved access checks against WorkOS (`authorization.check`) and explains the answer with
// the membership's effective roles. Used by the language server (for the extension's Access
// Checks view) and by `workos-authz checks run`. Errors are values here: a run always yields one
// result per check.

import type { WorkOS } from '@workos-inc/node';
import type { SavedCheck } from '../checks/checksFile';
import { resolveEffectiveRoles, describeResource, type EffectiveRole, type RolesApi } from './effectiveRoles';
import { CheckSetupError, errorReason } from './errors';

export type CheckOutcome = 'allowed' | 'denied' | 'error';

export interface CheckResult {
  checkId: string;
  outcome: CheckOutcome;
  /** ISO time the run started. */
  ranAt: string;
  durationMs: number;
  /** The membership id the run used (resolved from the email when the check has none). */
  membershipId?: string;
  /** Why it is ✗: denied, an error, or an expectation that did not hold. Never contains the key. */
  reason?: string;
  /** True when the check has an expectation and the outcome disagrees with it (or errored). */
  mismatch: boolean;
  effectiveRoles: EffectiveRole[];
  /** Set when the roles could not be listed; the check answer itself still stands. */
  rolesError?: string;
}

export type ChecksApi = RolesApi & {
  authorization: RolesApi['authorization'] & Pick<WorkOS['authorization'], 'check'>;
  userManagement: RolesApi['userManagement'] & Pick<WorkOS['userManagement'], 'listUsers' | 'listOrganizationMemberships'>;
};

export interface RunOptions {
  now?: () => Date;
  /** Leave out the effective-roles lookup (fewer API calls, e.g. for a quick CI run). */
  skipRoles?: boolean;
}

export async function runCheck(api: ChecksApi, check: SavedCheck, opts: RunOptions = {}): Promise<CheckResult> {
  const now = opts.now ?? (() => new Date());
  const started = now();
  const t0 = performance.now();
  const finish = (partial: Omit<CheckResult, 'checkId' | 'ranAt' | 'durationMs' | 'mismatch'>): CheckResult => {
    const result: CheckResult = {
      checkId: check.id,
      ranAt: started.toISOString(),
      durationMs: Math.round(performance.now() - t0),
      mismatch: false,
      ...partial,
    };
    if (check.expected) {
      const want = check.expected === 'allow' ? 'allowed' : 'denied';
      if (result.outcome !== want) {
        result.mismatch = true;
        if (result.outcome !== 'error') result.reason = `expected ${check.expected}, got ${result.outcome === 'allowed' ? 'allow' : 'deny'}` + (result.reason ? `: ${result.reason}` : '');
      }
    }
    return result;
  };

  let membershipId: string;
  try {
    membershipId = await resolveMembershipId(api, check);
  } catch (e) {
    return finish({ outcome: 'error', reason: errorReason(e), effectiveRoles: [] });
  }

  let authorized: boolean;
  try {
    const res = check.resource;
    const answer = await api.authorization.check(
      'externalId' in res
        ? { organizationMembershipId: membershipId, permissionSlug: check.permission, resourceTypeSlug: res.typeSlug, resourceExternalId: res.externalId }
        : { organizationMembershipId: membershipId, permissionSlug: check.permission, resourceId: res.id },
    );
    authorized = answer.authorized === true;
  } catch (e) {
    return finish({ outcome: 'error', membershipId, reason: errorReason(e), effectiveRoles: [] });
  }

  let effectiveRoles: EffectiveRole[] = [];
  let rolesError: string | undefined;
  if (!opts.skipRoles) {
    try {
      effectiveRoles = await resolveEffectiveRoles(api, membershipId, { organization: check.organization });
    } catch (e) {
      rolesError = errorReason(e);
    }
  }
  const who = check.membership.email ?? membershipId;
  const where = describeResource({
    typeSlug: check.resource.typeSlug ?? 'resource',
    name: check.resource.name,
    externalId: 'externalId' in check.resource ? check.resource.externalId : undefined,
    id: 'id' in check.resource ? check.resource.id : undefined,
  });
  return finish({
    outcome: authorized ? 'allowed' : 'denied',
    membershipId,
    reason: authorized ? undefined : `${who} has no role granting ${check.permission} on ${where}`,
    effectiveRoles,
    rolesError,
  });
}

/** Runs checks one after another: a team's suite is small and WorkOS rate-limits per key. */
export async function runChecks(api: ChecksApi, checks: SavedCheck[], opts: RunOptions = {}): Promise<CheckResult[]> {
  const results: CheckResult[] = [];
  for (const c of checks) results.push(await runCheck(api, c, opts));
  return results;
}

async function resolveMembershipId(api: ChecksApi, check: SavedCheck): Promise<string> {
  if (check.membership.id) return check.membership.id;
  const email = check.membership.email!;
  const users = await api.userManagement.listUsers({ email, limit: 10 });
  const user = users.data.find((u) => u.email.toLowerCase() === email.toLowerCase());
  if (!user) throw new CheckSetupError(`no user with email ${email}`);
  const memberships = await api.userManagement.listOrganizationMemberships({ userId: user.id, organizationId: check.organization.id, limit: 10 });
  const m = memberships.data.find((x) => x.organizationId === check.organization.id) ?? memberships.data[0];
  if (!m) throw new CheckSetupError(`${email} is not a member of ${check.organization.name ?? check.organization.id}`);
  return m.id;
}
