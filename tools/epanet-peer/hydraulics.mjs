// The peer for CityMesh's water hydraulics: EPANET 2.2 compiled to WebAssembly (epanet-js).
//   node hydraulics.mjs NETWORK.inp [--engine 2.2|2.3] [--accuracy A] [--repeat N]
// Runs the extended-period hydraulics of the file and prints one JSON object on stdout: the engine's version, the
// file's flow units, node and link ids (EPANET's order), every hydraulic step (time in s; node head and demand, link
// flow, in the file's units), and the wall time of the hydraulic run alone, the best of N repeats (ms).
import { Workspace, Project, NodeProperty, LinkProperty, CountType, InitHydOption, Option, FlowUnits } from "epanet-js";
import { EpanetEngine as Engine22 } from "epanet-js/engines/v2.2";
import { EpanetEngine as Engine23 } from "epanet-js/engines/v2.3";
import fs from "fs";

const args = process.argv.slice(2);
const file = args[0];
if (!file) { console.error("usage: node hydraulics.mjs NETWORK.inp [--engine 2.2|2.3] [--accuracy A] [--repeat N]"); process.exit(2); }
const option = (name, fallback) => { const i = args.indexOf(name); return i >= 0 ? Number(args[i + 1]) : fallback; };
const accuracy = option("--accuracy", NaN);
const repeat = Math.max(1, option("--repeat", 1));
const engine = args.includes("--engine") ? args[args.indexOf("--engine") + 1] : "2.2";
if (engine !== "2.2" && engine !== "2.3") { console.error(`--engine must be 2.2 or 2.3, not '${engine}'`); process.exit(2); }

// EPANET 2.2 by default: the version the hydraulics follow; 2.3 on request.
const ws = new Workspace();
// Node cannot fetch the engine's file: URL, so the WebAssembly is handed over as bytes.
const wasm = fs.readFileSync(new URL(`node_modules/epanet-js/dist/engines/v${engine}/EpanetEngine.wasm`, import.meta.url));
await ws.loadModuleVersion(() => (engine === "2.2" ? Engine22 : Engine23)({ wasmBinary: wasm }));
ws.writeFile("net.inp", fs.readFileSync(file, "utf8"));
const model = new Project(ws);
model.open("net.inp", "net.rpt", "");
if (!Number.isNaN(accuracy)) model.setOption(Option.Accuracy, accuracy);

const nodes = model.getCount(CountType.NodeCount);
const links = model.getCount(CountType.LinkCount);
const ids = (n, get) => Array.from({ length: n }, (_, i) => get(i + 1));

function run(record) {
  const steps = [];
  model.openH();
  model.initH(InitHydOption.NoSave);
  let step;
  do {
    const time = model.runH();
    if (record) {
      steps.push({
        time,
        head: ids(nodes, i => model.getNodeValue(i, NodeProperty.Head)),
        demand: ids(nodes, i => model.getNodeValue(i, NodeProperty.Demand)),
        flow: ids(links, i => model.getLinkValue(i, LinkProperty.Flow)),
      });
    }
    step = model.nextH();
  } while (step > 0);
  model.closeH();
  return steps;
}

const steps = run(true);
let best = Infinity;
for (let r = 0; r < repeat; r++) {
  const t0 = performance.now();
  run(false);
  best = Math.min(best, performance.now() - t0);
}
const units = Object.keys(FlowUnits).find(k => FlowUnits[k] === model.getFlowUnits());
console.log(JSON.stringify({
  engine: `epanet-js 0.9.0, EPANET ${ws.version}`,
  units,
  nodes: ids(nodes, i => model.getNodeId(i)),
  links: ids(links, i => model.getLinkId(i)),
  steps,
  runMilliseconds: best,
}));
