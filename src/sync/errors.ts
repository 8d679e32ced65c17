import { OrchError } from '../errors.js';

/** Bad input to `orch sync` or `orch archive` (a path, a remote, config/orch.yaml), or no rclone/tar. */
export class SyncError extends OrchError {}

/**
 * rclone or tar ran and failed (a network error, a full remote, permissions on the far side): its
 * codes exit 1 like a failed job, not 2 (see the catalogue), because the command line was right and
 * running it again may work.
 */
export class TransferError extends OrchError {}
