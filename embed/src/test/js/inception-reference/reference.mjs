// The InceptionV3 reference embeddings of InceptionParityTest, computed by TF.js itself (@tensorflow/tfjs, pure
// JavaScript CPU backend) from nsfwjs 4.3.0's own model files: the output of layer flatten_1 (2048-d, the average
// pool before nsfwjs's dense head).
//
// Input: the tensors the Java side makes from each JPEG (InceptionReferenceInputs: ImageIO decode, align-corners
// bilinear stretch to 299 x 299, /255), NHWC float32 little-endian, so that TF.js and the imported ONNX model see the
// very same pixels and the comparison measures the importer alone. For information it also runs TF.js's own pipeline
// as nsfwjs does (a pure-JS JPEG decode with jpeg-js, tf.image.resizeBilinear with alignCorners, /255) and records the
// cosine between the two, which is what a different JPEG decoder costs.
//
// Usage: node reference.mjs PACKAGE_DIR INPUT_DIR IMAGE_DIR > inception_v3-reference.json
//   PACKAGE_DIR: nsfwjs-4.3.0.tgz unpacked (its package/ folder); INPUT_DIR: <name>.f32 files; IMAGE_DIR: the JPEGs
import * as tf from '@tensorflow/tfjs';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import jpeg from 'jpeg-js';
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';

const [pkg, inputs, images] = process.argv.slice(2);
const require = createRequire(import.meta.url);
const dir = path.join(pkg, 'dist/models/inception_v3');
const model = require(path.resolve(dir, 'model.min.js'));
const manifest = model.weightsManifest;
const shards = manifest.flatMap(g => g.paths).map(p => Buffer.from(require(path.resolve(dir, p + '.min.js')), 'base64'));
const weightData = new Uint8Array(Buffer.concat(shards)).buffer;

// TF.js's WebAssembly backend (no native code either; the pure-JavaScript 'cpu' backend runs the same model but
// needs over a minute per InceptionV3 image): REFERENCE_BACKEND=cpu to use that one instead.
const backend = process.env.REFERENCE_BACKEND || 'wasm';
if (backend === 'wasm') {
  setWasmPaths(path.join(path.dirname(require.resolve('@tensorflow/tfjs-backend-wasm')), '/'));
}
await tf.setBackend(backend);
await tf.ready();
const full = await tf.loadLayersModel(tf.io.fromMemory({
  modelTopology: model.modelTopology,
  weightSpecs: manifest.flatMap(g => g.weights),
  weightData,
}));
const features = tf.model({ inputs: full.inputs, outputs: full.getLayer('flatten_1').output });

const SIZE = 299;
const cosine = (a, b) => {
  let ab = 0, aa = 0, bb = 0;
  for (let i = 0; i < a.length; i++) { ab += a[i] * b[i]; aa += a[i] * a[i]; bb += b[i] * b[i]; }
  return ab / Math.sqrt(aa * bb);
};
const embed = x => tf.tidy(() => features.predict(x).dataSync().slice());

const embeddings = {};
const decodeCosine = {};
for (const file of fs.readdirSync(inputs).filter(f => f.endsWith('.f32')).sort()) {
  const name = file.slice(0, -4);
  const raw = fs.readFileSync(path.join(inputs, file));
  const pixels = new Float32Array(raw.buffer, raw.byteOffset, raw.length / 4);
  const v = embed(tf.tensor4d(pixels, [1, SIZE, SIZE, 3]));
  embeddings[name] = Array.from(v, x => Number(x.toPrecision(7)));

  // nsfwjs's own pipeline on a pure-JS decode of the same JPEG
  const jpg = jpeg.decode(fs.readFileSync(path.join(images, name)), { useTArray: true, formatAsRGBA: false });
  const own = embed(tf.image.resizeBilinear(tf.tensor3d(jpg.data, [jpg.height, jpg.width, 3], 'int32').toFloat().div(255),
    [SIZE, SIZE], true).reshape([1, SIZE, SIZE, 3]));
  decodeCosine[name] = Number(cosine(v, own).toFixed(6));
  process.stderr.write(`${name}: done\n`);
}
process.stdout.write(JSON.stringify({
  model: 'nsfwjs 4.3.0 dist/models/inception_v3, output of layer flatten_1',
  computed_by: `@tensorflow/tfjs ${tf.version.tfjs}, backend ${tf.getBackend()}, embed/src/test/js/inception-reference/reference.mjs`,
  input: 'the Java pipeline\'s tensors of each JPEG: ImageIO decode, align-corners bilinear stretch to 299 x 299, RGB / 255',
  dims: 2048,
  cosine_to_tfjs_own_decode: decodeCosine,
  embeddings,
}, null, 0) + '\n');
