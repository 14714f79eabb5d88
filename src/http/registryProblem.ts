import { RegistryAnswerInvalid, RegistryUnavailable } from '../connectors';
import { problem } from './problem';

/**
 * A national registry that cannot answer is the caller's 503 (try again after Retry-After); one that
 * answers outside its contract is a 502. Never our 500. Anything else is returned as it came.
 */
export function registryProblem(error: unknown, why = 'Motlan holds no recent copy'): unknown {
  if (error instanceof RegistryUnavailable) {
    return problem(503, 'registry-unavailable', 'Registry unavailable', {
      detail: `The ${error.registry} registry cannot be reached (${error.reason}) and ${why}.`,
      headers: { 'Retry-After': String(error.retryAfterSeconds) },
    });
  }
  if (error instanceof RegistryAnswerInvalid) {
    return problem(502, 'registry-answer-invalid', 'Registry answer invalid', { detail: `The ${error.registry} registry sent an answer that breaks its contract; nothing was stored.` });
  }
  return error;
}
