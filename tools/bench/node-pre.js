// Node 20 cannot fetch a file path: hand the module its wasm bytes directly.
Module['wasmBinary'] = require('fs').readFileSync(__dirname + '/localabel_bench.wasm');
