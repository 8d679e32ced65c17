import { OrchError, type OrchErrorInit } from '../../errors.js';

/**
 * A search that cannot run as declared. Codes: SEARCH_SPACE (a parameter no sampler can take:
 * the message names the parameter and its override), SEARCH_OPTIONS (a bad sweeper setting),
 * SEARCH_TRIAL (a result told for a trial that was never proposed or was already told).
 */
export class SearchError extends OrchError {
  constructor(init: OrchErrorInit & { code: 'SEARCH_SPACE' | 'SEARCH_OPTIONS' | 'SEARCH_TRIAL' }) {
    super(init);
  }
}
