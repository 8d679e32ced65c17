/**
 * A planning worker thread (bundled as dist/bundle/plan-worker.cjs): plans the chunks the main
 * thread asks for, one at a time in the order asked, each answered with its PlanChunk.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { projectRepository } from '../../cli/project.js';
import { createChunkPlanner, type ChunkPlanInput } from './chunks.js';

export interface ChunkRequest {
  start: number;
  end: number;
}

const input = workerData as ChunkPlanInput;
const planner = createChunkPlanner(projectRepository(input.configDir), input);
parentPort!.on('message', (req: ChunkRequest) => parentPort!.postMessage(planner.plan(req.start, req.end)));
