const n = 128, fanIn = 784, fanOut = 128;
const a = Float32Array.from({ length: n * fanIn }, (_, i) => (i % 7) / 7);
const delta = Float32Array.from({ length: n * fanOut }, (_, i) => (i % 5) / 5);
function gwLoop(gw: Float32Array) {
  for (let i = 0; i < n; i++) {
    for (let p = 0; p < fanIn; p++) {
      const av = a[i * fanIn + p]!;
      if (av === 0) continue;
      for (let j = 0; j < fanOut; j++) gw[p * fanOut + j] += av * delta[i * fanOut + j]!;
    }
  }
}
for (const ctor of [Float32Array, Float64Array, Float32Array]) {
  const gw = new ctor(fanIn * fanOut) as Float32Array;
  gwLoop(gw);
  const t = performance.now();
  for (let k = 0; k < 5; k++) gwLoop(gw);
  console.log(ctor.name, ((performance.now() - t) / 5).toFixed(1), 'ms');
}
