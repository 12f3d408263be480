#!/usr/bin/env node
// The operator's command. Runs the compiled CLI (built on install by `npm run build`).
import('../dist/src/main.js').then((m) => m.runCli(process.argv))
