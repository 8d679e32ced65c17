import { OrchError, type OrchErrorInit } from '../../errors.js';

/** A search that cannot run as declared (codes SEARCH_SPACE, SEARCH_OPTIONS, SEARCH_TRIAL in src/error-codes.ts). */
export class SearchError extends OrchError {
  constructor(init: OrchErrorInit & { code: 'SEARCH_SPACE' | 'SEARCH_OPTIONS' | 'SEARCH_TRIAL' }) {
    super(init);
  }
}
