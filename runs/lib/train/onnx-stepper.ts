/**
 * The training backend that runs the train-step ONNX graph once per minibatch. The `<name>.next`
 * output tensors become the next step's inputs directly, so weights never round-trip through JS.
 */
import * as ort from 'onnxruntime-node';
import { encodeModel } from '../onnx/writer.js';
import { buildTrainStepModel, INPUT, LABELS_ONE_HOT, LEARNING_RATE, LOSS, PREDICTIONS, next } from '../onnx/mlp-graphs.js';
import type { SessionFactory } from '../onnx/session.js';
import { paramSpecs, type MlpShape, type TensorMap } from '../model/mlp.js';
import { initOptimizerState, stateNames, type OptimizerConfig } from './optimizer.js';
import type { Batch, StepResult, TrainStepper } from './stepper.js';

export async function createOnnxStepper(shape: MlpShape, opt: OptimizerConfig, initial: TensorMap, sessions: SessionFactory): Promise<TrainStepper> {
  const session = await sessions.create(encodeModel(buildTrainStepModel(shape, opt)));
  const specs = paramSpecs(shape);
  const dimsOf = new Map<string, readonly number[]>();
  for (const s of specs) {
    dimsOf.set(s.name, s.dims);
    for (const name of stateNames(opt, [s])) dimsOf.set(name, s.dims);
  }
  const carried = [...specs.map((s) => s.name), ...stateNames(opt, specs)];
  const feeds: Record<string, ort.Tensor> = {};
  const lrData = new Float32Array(1);
  feeds[LEARNING_RATE] = new ort.Tensor('float32', lrData, [1]);

  const load = (params: TensorMap, state: TensorMap): void => {
    for (const name of carried) {
      const data = (params.get(name) ?? state.get(name))!.slice();
      feeds[name] = new ort.Tensor('float32', data, dimsOf.get(name)!);
    }
  };
  const read = (names: readonly string[]): TensorMap => new Map(names.map((n) => [n, feeds[n]!.data as Float32Array]));
  load(initial, initOptimizerState(opt, specs));

  return {
    async step(batch: Batch, lr: number): Promise<StepResult> {
      lrData[0] = lr;
      feeds[INPUT] = new ort.Tensor('float32', batch.x.subarray(0, batch.n * shape.inputSize), [batch.n, shape.inputSize]);
      feeds[LABELS_ONE_HOT] = new ort.Tensor('float32', batch.yOneHot.subarray(0, batch.n * shape.classes), [batch.n, shape.classes]);
      const out = await session.run(feeds);
      for (const name of carried) feeds[name] = out[next(name)]!;
      const predictions = out[PREDICTIONS]!.data as BigInt64Array;
      let correct = 0;
      for (let i = 0; i < batch.n; i++) if (Number(predictions[i]) === batch.labels[i]) correct++;
      return { loss: (out[LOSS]!.data as Float32Array)[0]!, correct };
    },
    params: () => read(specs.map((s) => s.name)),
    optimizerState: () => read(stateNames(opt, specs)),
    load,
  };
}
