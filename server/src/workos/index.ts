// The one door to WorkOS: everything that calls the API through @workos-inc/node. Import from
// here, not from the modules.

export {
  ApiConnectionError,
  DEFAULT_API_HOSTNAME,
  DEFAULT_TIMEOUT_MS,
  checkConnection,
  connectionFromEnv,
  createWorkos,
  displayHost,
  endpointFrom,
  isLoopbackHost,
  type ApiConnection,
} from './connection';
export { WorkosApiError, CheckSetupError, errorReason, type ApiFailureReason } from './errors';
export type { RetryOptions } from './retry';
export { fetchLiveCatalog, type FetchOptions } from './fetchCatalog';
export { callWithRetry, retryingClient, validateApiKey } from './client';
export { runCheck, runChecks, type ChecksApi, type CheckResult, type RunOptions } from './accessChecks';
export { describeEffectiveRole, type EffectiveRole } from './effectiveRoles';
export { accessCheckChoices } from './pickers';
export { createCatalogEntry, type CreateEntryOutcome, type NewWorkosEntry } from './createEntry';
