export { runSync, type SyncDirection, type SyncOptions } from './sync.js';
export { runArchive, type ArchiveOptions } from './archive.js';
export { loadSyncConfig, PROJECT_ORCH_CONFIG, type SyncConfig } from './config.js';
export { SyncError, TransferError } from './errors.js';
