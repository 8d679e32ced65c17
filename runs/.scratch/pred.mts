import predict from '../predict.ts';
const m = await predict({ model_dir: process.argv[2], input: process.argv[3], limit: 5 }, { outputDir: '/tmp/mlpred', jobNum: 0, sweepDir: '/tmp', attempt: 0, device: 'cpu', logger: console, log() {}, onCheckpoint() {} } as any);
console.log(m);
